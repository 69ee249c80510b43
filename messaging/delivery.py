"""Delivering the outbox: claiming messages and recording what became of
them. Called by the tasks in ``tasks.py``; nothing here queues anything.

The database is the queue. A worker claims a message with a lease
(``claimed_until``): while it holds it nobody else sends that message; if
the worker dies, the sweep hands the message out again once the lease has
run out. Each message's outcome is recorded as soon as it is known, so a
worker killed in the middle of a chunk leaves at most the one message it was
sending to be sent a second time.

Passing failures are tried again after a growing, jittered pause until the
message's ``deliver_until``; only then has it failed.
"""

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone

from messaging import channels
from messaging.models import Message
from messaging.rendering import FactsGone, message_words_fill

# Long enough for a chunk of 100 over a slow server, short enough that a
# dead worker's messages go out again within minutes.
LEASE = timedelta(minutes=5)
FIRST_PAUSE = timedelta(seconds=10)
LONGEST_PAUSE = timedelta(minutes=30)


def _claim(message_ids: Sequence[int], *, now: datetime) -> list[Message]:
    """Lease the messages among these that are due and waiting, and return
    them. Only the worker that claims a row sends it; rows another worker is
    claiming are skipped."""
    with transaction.atomic():
        messages = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk__in=message_ids, status=Message.Status.PENDING, next_attempt_at__lte=now)
            .order_by("pk")
        )
        Message.objects.filter(pk__in=[m.pk for m in messages]).update(
            status=Message.Status.SENDING,
            attempts=F("attempts") + 1,
            claimed_until=now + LEASE,
        )
    for message in messages:
        message.status = Message.Status.SENDING
        message.attempts += 1
    return messages


def pause_after(attempts: int) -> timedelta:
    """How long to wait after the given number of attempts: doubling from
    10 s up to 30 min, each between half and all of that (jitter, so that
    messages failed together do not all come back together)."""
    longest = min(FIRST_PAUSE * 2 ** min(attempts - 1, 20), LONGEST_PAUSE)
    return longest * random.uniform(0.5, 1.0)  # noqa: S311 - spreading, not secrecy


def _record(message: Message, outcome: channels.Outcome) -> None:
    now = timezone.now()
    fields = {"claimed_until": None, "last_error": outcome.error}
    if outcome.ok:
        fields.update(status=Message.Status.SENT, sent_at=now)
    elif outcome.permanent:
        fields.update(status=Message.Status.INVALID)
    else:
        pause = (
            timedelta(seconds=outcome.retry_after)
            if outcome.retry_after is not None
            else pause_after(message.attempts)
        )
        next_attempt = now + pause
        if message.deliver_until is not None and next_attempt > message.deliver_until:
            fields.update(status=Message.Status.FAILED)
        else:
            fields.update(status=Message.Status.PENDING, next_attempt_at=next_attempt)
    Message.objects.filter(pk=message.pk).update(**fields)
    for name, value in fields.items():
        setattr(message, name, value)


def messages_deliver(*, message_ids: Sequence[int]) -> datetime | None:
    """Deliver the due messages among these, reusing one connection per
    channel, and record each outcome as soon as it is known. Returns when
    the first of them still waiting is due (None if none is): the caller may
    ring again then; the sweep does if it does not."""
    messages = _claim(message_ids, now=timezone.now())
    by_channel: dict[str, list[Message]] = {}
    for message in messages:
        if message.facts:
            try:
                message_words_fill(message=message)
            except FactsGone as gone:
                Message.objects.filter(pk=message.pk).update(
                    status=Message.Status.CANCELLED, claimed_until=None, last_error=str(gone)
                )
                continue
        by_channel.setdefault(message.channel, []).append(message)
    for channel_name, group in by_channel.items():
        outcomes = channels.get(channel_name).send(group)
        for message, outcome in zip(group, outcomes, strict=True):
            _record(message, outcome)
    # Also those not yet due when this ran (a task may arrive a moment early).
    return Message.objects.filter(pk__in=message_ids, status=Message.Status.PENDING).aggregate(
        due=Min("next_attempt_at")
    )["due"]
