"""Delivering the outbox: claiming messages and recording what became of
them. Called by the tasks in ``tasks.py``; nothing here queues anything."""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from messaging import channels
from messaging.models import Message

MAX_ATTEMPTS = 5


def _claim(message_ids: Sequence[int]) -> list[Message]:
    """Move pending messages to 'sending' and return them; only the caller
    that claims a row sends it, so a task delivered twice, or two workers,
    never send the same message twice. Rows another worker holds are skipped."""
    with transaction.atomic():
        messages = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk__in=message_ids, status=Message.Status.PENDING)
            .order_by("pk")
        )
        Message.objects.filter(pk__in=[m.pk for m in messages]).update(
            status=Message.Status.SENDING, attempts=F("attempts") + 1
        )
    for message in messages:
        message.status = Message.Status.SENDING
        message.attempts += 1
    return messages


def messages_deliver(*, message_ids: Sequence[int]) -> list[int]:
    """Deliver pending messages, reusing one connection per channel.

    Returns the ids that failed for a passing reason (a server down, a
    timeout) and should be tried again later; they are back to 'pending',
    unless they reached ``MAX_ATTEMPTS`` and are 'failed' for good.
    """
    messages = _claim(message_ids)
    by_channel: dict[str, list[Message]] = {}
    for message in messages:
        by_channel.setdefault(message.channel, []).append(message)
    for channel_name, group in by_channel.items():
        outcomes = channels.get(channel_name).send(group)
        for message, outcome in zip(group, outcomes, strict=True):
            _apply(message, outcome)
    # One write per outcome rather than per message: a chunk of a bulk
    # sending is mostly one outcome.
    sent = [m.pk for m in messages if m.status == Message.Status.SENT]
    Message.objects.filter(pk__in=sent).update(
        status=Message.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    others = [m for m in messages if m.status != Message.Status.SENT]
    Message.objects.bulk_update(others, ["status", "last_error"])
    return [m.pk for m in others if m.status == Message.Status.PENDING]


def _apply(message: Message, outcome: channels.Outcome) -> None:
    if outcome.ok:
        message.status = Message.Status.SENT
    elif outcome.permanent:
        message.status = Message.Status.INVALID
        message.last_error = outcome.error
    elif message.attempts >= MAX_ATTEMPTS:
        message.status = Message.Status.FAILED
        message.last_error = outcome.error
    else:
        message.status = Message.Status.PENDING
        message.last_error = outcome.error
