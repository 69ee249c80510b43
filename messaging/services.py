"""Writes for messages: the outbox and its delivery.

A generic outbox: it knows where a message goes (a ``Recipient``), never
who may be written to; the apps whose people they are decide that. Callers
use ``message_enqueue`` (one recipient) or ``batch_send`` (many) inside the
transaction of the change that causes the message. The text is rendered
there, in the recipient's language (``rendering.py``), or, for a message
written with its facts, by the worker before sending.

Delivery happens in a Celery task after the commit (``tasks.py``, which
calls ``delivery.py``).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from messaging.models import Batch, Channel, Message
from messaging.rendering import has_sms, message_context, message_words
from messaging.tasks import messages_dispatch


def messages_dispatch_on_commit(*, message_ids: Sequence[int]) -> None:
    """Queue delivery of these messages once the transaction commits."""
    transaction.on_commit(partial(messages_dispatch, message_ids=message_ids))


# How long passing failures are tried again: an organiser's message to many
# for two days, everything else for a day; reminders until their session
# starts (the caller says so).
DELIVERY_WINDOWS = {"free_message": timedelta(hours=48), "event_invitation": timedelta(hours=48)}
DEFAULT_DELIVERY_WINDOW = timedelta(days=1)


def delivery_window(kind: str) -> timedelta:
    return DELIVERY_WINDOWS.get(kind, DEFAULT_DELIVERY_WINDOW)


@dataclass(frozen=True)
class Recipient:
    """Where a message goes and in which language: an e-mail address, a
    mobile number or both, and the person it is for (for the log)."""

    language: str
    email: str = ""
    phone: str = ""
    applicant: Any = None
    employer: Any = None


def message_drafts(
    *,
    kind: str,
    recipient: Recipient,
    context: dict[str, Any] | None = None,
    facts: dict[str, Any] | None = None,
    event=None,
    batch: Batch | None = None,
    dedupe_key: str | None = None,
    attachments: Sequence[dict] = (),
    deliver_until: datetime | None = None,
) -> list[Message]:
    """The messages (not yet saved) for each channel the recipient is reached
    on, worded now from ``context`` or, given ``facts`` instead, to be worded
    by the worker from them (``rendering.py``; the kind needs an entry in
    ``settings.MESSAGE_FACTS_CONTEXTS``)."""
    channels = []
    if recipient.email:
        channels.append((Channel.EMAIL, recipient.email))
    if recipient.phone and has_sms(kind):
        channels.append((Channel.SMS, recipient.phone))
    drafts = []
    for channel, address in channels:
        draft = Message(
            kind=kind,
            channel=channel,
            recipient=address,
            language=recipient.language,
            event=event,
            applicant=recipient.applicant,
            employer=recipient.employer,
            batch=batch,
            dedupe_key=f"{dedupe_key}:{channel}" if dedupe_key else None,
            deliver_until=deliver_until or timezone.now() + delivery_window(kind),
        )
        if facts is not None:
            draft.facts = facts
        else:
            with translation.override(recipient.language):
                words = message_words(
                    kind=kind,
                    channel=channel,
                    context=message_context(context or {}, language=recipient.language),
                )
            for name, value in words.items():
                setattr(draft, name, value)
            if channel == Channel.EMAIL:
                draft.attachments = list(attachments)
        drafts.append(draft)
    return drafts


def _saved_once(draft: Message) -> bool:
    """Save a message unless its key was claimed before; whether it was."""
    if draft.dedupe_key is None:
        draft.save()
        return True
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:
        return False
    return True


def message_enqueue(*, dispatch: bool = True, **draft: Any) -> list[Message]:
    """Write one message per reachable channel to the outbox (the arguments
    of ``message_drafts``) and send it after the commit. With ``dedupe_key``,
    a message whose key was claimed before is not written again (the key is
    claimed per channel, atomically, by the database's unique constraint).
    Passing failures are tried again until ``deliver_until`` (by default the
    kind's ``delivery_window`` from now). Returns the messages written."""
    written = [message for message in message_drafts(**draft) if _saved_once(message)]
    if written and dispatch:
        messages_dispatch_on_commit(message_ids=[message.pk for message in written])
    return written


def _send_again(messages, *, kind: str) -> list[int]:
    """Put these messages back in the queue with a fresh delivery window and
    queue them after the commit. Returns their ids."""
    ids = list(messages.values_list("pk", flat=True))
    now = timezone.now()
    Message.objects.filter(pk__in=ids).update(
        status=Message.Status.PENDING,
        attempts=0,
        next_attempt_at=now,
        deliver_until=now + delivery_window(kind),
    )
    messages_dispatch_on_commit(message_ids=ids)
    return ids


def message_retry(*, message: Message) -> bool:
    """Send a failed message again (an organiser's decision), with a fresh
    delivery window. Returns whether it was queued."""
    waiting_or_failed = Message.objects.filter(
        pk=message.pk, status__in=[Message.Status.FAILED, Message.Status.PENDING]
    )
    return bool(_send_again(waiting_or_failed, kind=message.kind))


@dataclass(frozen=True)
class Delivery:
    """One intended recipient of a bulk sending: ``recipient`` is None for
    someone who cannot be written to (no consent, no contact): counted as
    skipped. ``context`` adds to the batch's context for this person."""

    recipient: Recipient | None
    context: dict[str, Any] = field(default_factory=dict)
    dedupe_key: str | None = None


def batch_write(*, batch: Batch, deliveries: Iterable[Delivery]) -> int:
    """Write one message per recipient (and channel) of a bulk sending in the
    caller's transaction, in one insert, and queue them after the commit, in
    chunks that each reuse one connection. Recipients who cannot be written
    to, and those whose key was claimed before, are counted as skipped.
    Returns how many deliveries it went through."""
    per_delivery = [
        message_drafts(
            kind=batch.kind,
            recipient=delivery.recipient,
            context={"event": batch.event, **batch.context, **delivery.context},
            event=batch.event,
            batch=batch,
            dedupe_key=delivery.dedupe_key,
        )
        if delivery.recipient is not None
        else []
        for delivery in deliveries
    ]
    drafts = [draft for drafts in per_delivery for draft in drafts]
    keys = [draft.dedupe_key for draft in drafts if draft.dedupe_key]
    claimed = set(
        Message.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
        if keys
        else ()
    )
    fresh = [draft for draft in drafts if draft.dedupe_key not in claimed]
    try:
        with transaction.atomic():
            Message.objects.bulk_create(fresh)
    except IntegrityError:
        # Someone claimed one of the keys since: one at a time, as for one.
        fresh = [draft for draft in fresh if _saved_once(draft)]
    written = {id(draft) for draft in fresh}
    skipped = sum(not any(id(draft) in written for draft in drafts) for drafts in per_delivery)
    Batch.objects.filter(pk=batch.pk).update(skipped=F("skipped") + skipped)
    messages_dispatch_on_commit(message_ids=[draft.pk for draft in fresh])
    return len(per_delivery)


def batch_send(
    *,
    event,
    kind: str,
    deliveries: Sequence[Delivery],
    context: dict[str, Any] | None = None,
    created_by=None,
) -> Batch:
    """A bulk sending written whole in the caller's transaction (invitations
    from a checked list: all or nothing). Returns the batch, whose progress
    organisers follow."""
    batch = Batch.objects.create(
        event=event,
        kind=kind,
        context=context or {},
        total=len(deliveries),
        created_by=created_by,
        expanded_at=timezone.now(),
    )
    batch_write(batch=batch, deliveries=deliveries)
    return batch


def batch_retry_failed(*, batch: Batch) -> int:
    """Send every failed message of a bulk sending again, with a fresh
    delivery window. Returns how many."""
    failed = batch.messages.filter(status=Message.Status.FAILED)
    return len(_send_again(failed, kind=batch.kind))
