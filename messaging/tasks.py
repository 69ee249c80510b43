"""Delivery tasks and their queueing. The services write the outbox and call
``messages_dispatch`` after the commit; the tasks deliver through
``delivery.py``.

The database is the queue and the broker only a doorbell: a task says "look
at these messages now", and a lost task loses nothing, because beat's sweep
(``messages_pending_dispatch``) rings again for every message that is due
and nobody looked at.
"""

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from itertools import islice

from celery import shared_task
from django.utils import timezone

from messaging import delivery
from messaging.models import Message

logger = logging.getLogger(__name__)

CHUNK_SIZE = 100
# A message due this long without being claimed has lost its task (the
# broker was down, or forgot it): the sweep queues it again.
SWEEP_AFTER = timedelta(minutes=2)


# Nothing reads these tasks' results: storing none keeps queueing them from
# waiting on the result store (and on Redis when it is down).
@shared_task(ignore_result=True)
def messages_deliver(*, message_ids: list[int]) -> None:
    """Deliver a chunk of messages; ring again when those that failed for a
    passing reason are due."""
    due = delivery.messages_deliver(message_ids=message_ids)
    if due is not None:
        _ring(message_ids, at=due)


def _ring(message_ids: Sequence[int], *, at: datetime | None = None) -> None:
    """Queue a delivery task; a broker outage is logged, not raised."""
    try:
        messages_deliver.apply_async(kwargs={"message_ids": list(message_ids)}, eta=at)
    except Exception:
        logger.exception("Could not queue messages %s; the sweep will", list(message_ids)[:5])


def _chunks(ids: Iterable[int], size: int = CHUNK_SIZE):
    ids = iter(ids)
    while chunk := list(islice(ids, size)):
        yield chunk


def messages_dispatch(*, message_ids: Iterable[int]) -> None:
    """Queue delivery tasks in chunks that each reuse one connection."""
    for chunk in _chunks(message_ids):
        _ring(chunk)


@shared_task(ignore_result=True)
def messages_pending_dispatch(*, now: datetime | None = None) -> int:
    """Run by beat: give the messages of dead workers back (their lease ran
    out), give up on those too late to be of use, and queue every message
    that is due and was not looked at. Works through ids in chunks, so its
    memory stays flat however long the outbox. Returns how many it queued."""
    now = now or timezone.now()
    Message.objects.filter(status=Message.Status.SENDING, claimed_until__lt=now).update(
        status=Message.Status.PENDING, claimed_until=None, next_attempt_at=now - SWEEP_AFTER
    )
    Message.objects.filter(status=Message.Status.PENDING, deliver_until__lt=now).update(
        status=Message.Status.FAILED, last_error="Not delivered in time."
    )
    overdue = (
        Message.objects.filter(
            status=Message.Status.PENDING, next_attempt_at__lte=now - SWEEP_AFTER
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    queued = 0
    for chunk in _chunks(overdue.iterator(chunk_size=CHUNK_SIZE)):
        _ring(chunk)
        queued += len(chunk)
    return queued
