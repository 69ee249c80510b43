"""Delivery tasks and their queueing. The services write the outbox and call
``messages_dispatch`` after the commit; the tasks deliver through
``delivery.py``."""

import logging
from collections.abc import Sequence
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from messaging import delivery
from messaging.models import Message

logger = logging.getLogger(__name__)

CHUNK_SIZE = 100
# Backoff between attempts: 10 s, 20 s, 40 s, 80 s — within minutes, far
# below the broker's visibility timeout.
RETRY_BASE_SECONDS = 10
# Messages never tried this long after they were written have lost their task
# (the broker was down when they were queued): the sweep queues them again.
SWEEP_AFTER = timedelta(minutes=2)


# Nothing reads these tasks' results: storing none keeps queueing them from
# waiting on the result store (and on Redis when it is down).
@shared_task(bind=True, max_retries=None, ignore_result=True)
def messages_deliver(self, *, message_ids: list[int]) -> None:
    """Deliver a chunk of messages; those that failed for a passing reason
    are tried again later by the same task."""
    retry = delivery.messages_deliver(message_ids=message_ids)
    if retry:
        countdown = RETRY_BASE_SECONDS * 2 ** min(self.request.retries, 6)
        raise self.retry(kwargs={"message_ids": retry}, countdown=countdown)


def messages_dispatch(*, message_ids: Sequence[int]) -> None:
    """Queue delivery tasks in chunks that each reuse one connection. A broker
    outage is logged, not raised: the messages wait in the outbox and the
    periodic sweep queues them once the broker is back."""
    ids = list(message_ids)
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        try:
            messages_deliver.delay(message_ids=chunk)
        except Exception:
            logger.exception("Could not queue messages %s; the sweep will retry", chunk)


@shared_task(ignore_result=True)
def messages_pending_dispatch(*, now=None) -> int:
    """Run by beat: queue the messages that were written but never tried
    (e.g. while the broker was down). Returns how many were queued."""
    now = now or timezone.now()
    ids = list(
        Message.objects.filter(
            status=Message.Status.PENDING, attempts=0, created_at__lte=now - SWEEP_AFTER
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    messages_dispatch(message_ids=ids)
    return len(ids)
