"""Writes for messages: the outbox and its delivery.

Callers use ``message_to_applicant`` / ``message_to_employer`` inside the
transaction of the change that causes the message. The text is rendered there,
in the recipient's language, from the files under
``templates/messaging/<kind>/``:

- ``subject.txt`` and ``body.txt`` (required), ``body.html`` (optional): e-mail;
- ``sms.txt`` (optional): the short text for SMS; without it no SMS is sent.

Delivery happens in a Celery task after the commit.
"""

import logging
from collections.abc import Sequence
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import TemplateDoesNotExist, get_template, render_to_string
from django.utils import timezone, translation

from messaging import channels
from messaging.models import Batch, Channel, Message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def _render(kind: str, name: str, context: dict) -> str:
    return render_to_string(f"messaging/{kind}/{name}", context).strip()


def _render_optional(kind: str, name: str, context: dict) -> str | None:
    """The rendered template, or None when this kind has no such template."""
    try:
        template = get_template(f"messaging/{kind}/{name}")
    except TemplateDoesNotExist:
        return None
    return template.render(context).strip()


CHUNK_SIZE = 100
# Messages never tried this long after they were written have lost their task
# (the broker was down when they were queued): the sweep queues them again.
SWEEP_AFTER = timedelta(minutes=2)


def messages_dispatch(*, message_ids: Sequence[int]) -> None:
    """Queue delivery tasks in chunks that each reuse one connection. A broker
    outage is logged, not raised: the messages wait in the outbox and the
    periodic sweep queues them once the broker is back."""
    from messaging.tasks import messages_send

    ids = list(message_ids)
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        try:
            messages_send.delay(message_ids=chunk)
        except Exception:
            logger.exception("Could not queue messages %s; the sweep will retry", chunk)


def _dispatch_on_commit(message_ids: list[int]) -> None:
    transaction.on_commit(partial(messages_dispatch, message_ids=message_ids))


def messages_pending_dispatch(*, now=None) -> int:
    """Queue the messages that were written but never tried."""
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


def message_enqueue(
    *,
    kind: str,
    language: str,
    context: dict,
    email: str = "",
    phone: str = "",
    event=None,
    applicant=None,
    employer=None,
    batch=None,
    dedupe_key: str | None = None,
    attachments: Sequence[dict] = (),
    dispatch: bool = True,
) -> list[Message]:
    """Write one message per reachable channel to the outbox and send it after
    the commit. With ``dedupe_key``, a message whose key was claimed before is
    not written again (the key is claimed per channel, atomically, by the
    database's unique constraint). Returns the messages written."""
    context = {**context, "site_url": settings.SITE_URL, "language": language}
    with translation.override(language):
        context["LANGUAGE_BIDI"] = translation.get_language_bidi()
        drafts = []
        if email:
            drafts.append(
                Message(
                    channel=Channel.EMAIL,
                    recipient=email,
                    subject=" ".join(_render(kind, "subject.txt", context).split()),
                    body_text=_render(kind, "body.txt", context),
                    body_html=_render_optional(kind, "body.html", context) or "",
                    attachments=list(attachments),
                )
            )
        sms = _render_optional(kind, "sms.txt", context) if phone else None
        if sms is not None:
            drafts.append(Message(channel=Channel.SMS, recipient=phone, body_text=sms))
    written = []
    for draft in drafts:
        draft.kind = kind
        draft.language = language
        draft.event = event
        draft.applicant = applicant
        draft.employer = employer
        draft.batch = batch
        draft.dedupe_key = f"{dedupe_key}:{draft.channel}" if dedupe_key else None
        try:
            with transaction.atomic():
                draft.save()
        except IntegrityError:
            if draft.dedupe_key is None:
                raise
            continue
        written.append(draft)
    if written and dispatch:
        _dispatch_on_commit([message.pk for message in written])
    return written


def message_to_applicant(*, kind: str, applicant, event=None, context=None, **options):
    """Message an applicant on every channel they can be reached on, in their
    language. Applicants without consent on record get nothing."""
    if applicant.consent_at is None or applicant.anonymised_at is not None:
        return []
    return message_enqueue(
        kind=kind,
        language=applicant.language,
        context={"applicant": applicant, "event": event, **(context or {})},
        email=applicant.email,
        phone=applicant.phone,
        event=event,
        applicant=applicant,
        **options,
    )


def message_to_employer(*, kind: str, employer, event=None, context=None, **options):
    """Message an employer's contact person by e-mail, in German."""
    return message_enqueue(
        kind=kind,
        language=settings.LANGUAGE_CODE,
        context={"employer": employer, "event": event, **(context or {})},
        email=employer.email,
        event=event,
        employer=employer,
        **options,
    )


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


def message_retry(*, message: Message) -> bool:
    """Send a failed message again (an organiser's decision). Returns whether
    it was queued."""
    updated = Message.objects.filter(
        pk=message.pk, status__in=[Message.Status.FAILED, Message.Status.PENDING]
    ).update(status=Message.Status.PENDING, attempts=0)
    if updated:
        _dispatch_on_commit([message.pk])
    return bool(updated)


def batch_send(*, event, kind: str, applicants, context: dict, created_by=None) -> Batch:
    """Write one message per applicant (and channel) for a bulk sending and
    queue them in chunks after the commit. People without consent or any
    way to reach them are counted as skipped."""
    batch = Batch.objects.create(event=event, kind=kind, created_by=created_by)
    written_ids = []
    total = skipped = 0
    for applicant in applicants:
        total += 1
        messages = message_to_applicant(
            kind=kind,
            applicant=applicant,
            event=event,
            context=context,
            batch=batch,
            dispatch=False,
        )
        if not messages:
            skipped += 1
        written_ids.extend(message.pk for message in messages)
    batch.total = total
    batch.skipped = skipped
    batch.save(update_fields=["total", "skipped"])
    transaction.on_commit(partial(messages_dispatch, message_ids=written_ids))
    return batch
