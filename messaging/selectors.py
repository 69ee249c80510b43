"""Reads for messages: the organisers' message log and bulk progress."""

from django.db.models import Count, Q, QuerySet

from messaging.models import Batch, Message


def messages_for_event(*, event, status: str = "", kind: str = "") -> QuerySet[Message]:
    messages = Message.objects.filter(event=event).select_related("applicant", "employer")
    if status:
        messages = messages.filter(status=status)
    if kind:
        messages = messages.filter(kind=kind)
    return messages.order_by("-created_at", "-id")


def batch_progress(*, batch: Batch) -> dict:
    """Counts of a bulk sending by outcome, and whether it is finished. While
    its messages are still being written, the people it is for (``batch.total``)
    show how far it has to go."""
    counts = Message.objects.filter(batch=batch).aggregate(
        total=Count("id"),
        sent=Count("id", filter=Q(status=Message.Status.SENT)),
        failed=Count("id", filter=Q(status__in=[Message.Status.FAILED, Message.Status.INVALID])),
        retriable=Count("id", filter=Q(status=Message.Status.FAILED)),
    )
    done = counts["sent"] + counts["failed"]
    written = batch.expanded_at is not None
    expected = counts["total"] if written else max(counts["total"], batch.total - batch.skipped)
    counts["total"] = expected
    counts["skipped"] = batch.skipped
    counts["finished"] = written and done >= expected
    counts["percent"] = round(100 * done / expected) if expected else (100 if written else 0)
    return counts
