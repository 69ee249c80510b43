"""What applicants are told, in their language, on every channel they can be
reached on: written to the outbox in the transaction of the change."""

import logging
from collections.abc import Sequence
from datetime import timedelta
from functools import partial
from typing import Any

from celery import current_app
from django.db import transaction
from django.utils import timezone

from applicants import exports
from applicants.models import Applicant, Booking, Registration
from applicants.selectors import (
    applicants_of_event,
    registration_bookings,
    registration_waiting_position,
)
from applicants.tokens import registration_personal_url
from events.models import Event
from messaging.models import Batch, Message
from messaging.services import Delivery, Recipient, batch_write, message_enqueue

logger = logging.getLogger(__name__)


def applicant_recipient(*, applicant: Applicant) -> Recipient | None:
    """Where and in which language an applicant is reached; None for people
    without consent on record or whose data was deleted: they get nothing."""
    if applicant.consent_at is None or applicant.anonymised_at is not None:
        return None
    return Recipient(
        language=applicant.language,
        email=applicant.email,
        phone=applicant.phone,
        applicant=applicant,
    )


def message_to_applicant(
    *,
    kind: str,
    applicant: Applicant,
    event: Event | None = None,
    context: dict[str, Any] | None = None,
    **options: Any,
) -> list[Message]:
    """Message an applicant in their language. ``options`` go to
    ``messaging.services.message_enqueue`` (``dedupe_key``, ``batch``, …)."""
    recipient = applicant_recipient(applicant=applicant)
    if recipient is None:
        return []
    return message_enqueue(
        kind=kind,
        recipient=recipient,
        event=event,
        context={"applicant": applicant, "event": event, **(context or {})},
        **options,
    )


def registration_confirmation_send(
    *, registration: Registration, bookings: Sequence[Booking] | None = None
) -> list[Message]:
    """Send the applicant what they booked, when and where, with their personal
    link and a calendar file; after sign-up and after every change.

    The message is written with the facts of this moment (the name it greets,
    the place or the number on the waiting list of the event and of each
    workshop; the row keeps the language and contact) and worded by the worker
    after the commit (``registration_confirmation_context``): a sign-up
    holding the event's lock does not wait for templates, and a change a
    second later does not change what this message says. ``bookings`` are
    the registration's current ones with ``waiting_ahead``, when the caller
    has them (``registration_bookings``)."""
    applicant = registration.applicant
    recipient = applicant_recipient(applicant=applicant)
    if recipient is None:
        return []
    if bookings is None:
        bookings = registration_bookings(registration=registration)
    return message_enqueue(
        kind="registration_confirmed",
        recipient=recipient,
        event=registration.event,
        facts={
            "registration": registration.pk,
            "first_name": applicant.first_name,
            "waiting_position": registration_waiting_position(registration=registration),
            "bookings": [
                [booking.pk, booking.status, booking.waiting_ahead] for booking in bookings
            ],
        },
    )


def registration_confirmation_context(facts: dict[str, Any]) -> tuple[dict, list[dict]]:
    """The confirmation's context and calendar file from the facts written
    with it, in the active language (``MESSAGE_FACTS_CONTEXTS``)."""
    registration = Registration.objects.select_related("applicant", "event__venue").get(
        pk=facts["registration"]
    )
    applicant = registration.applicant
    applicant.first_name = facts["first_name"]
    held = {pk: (status, ahead) for pk, status, ahead in facts["bookings"]}
    bookings = list(
        Booking.objects.filter(pk__in=held)
        .select_related(
            "slot__session__trade", "slot__session__venue", "slot__session__event__venue"
        )
        .order_by("slot__starts_at", "slot__session__title")
    )
    for booking in bookings:
        booking.status, booking.waiting_ahead = held[booking.pk]
    confirmed = [b for b in bookings if b.status == Booking.Status.CONFIRMED]
    waiting = [b for b in bookings if b.status == Booking.Status.WAITLISTED]
    calendar = exports.registration_calendar(registration=registration, bookings=bookings)
    context = {
        "applicant": applicant,
        "event": registration.event,
        "registration": registration,
        "bookings": bookings,
        # What the subject and the first line say the person has: a place,
        # or their number on the event's or a workshop's list.
        "waiting_position": facts["waiting_position"],
        "waiting_booking": waiting[0] if waiting and not confirmed else None,
        "personal_url": registration_personal_url(registration),
    }
    attachments = [{"filename": "jobfair.ics", "content": calendar, "mimetype": "text/calendar"}]
    return context, attachments


# Queued by name: the tasks call these services, not the other way round.
EXPAND_TASK = "applicants.tasks.free_message_expand"
EXPAND_CHUNK = 500


@transaction.atomic
def free_message_send(
    *,
    event: Event,
    statuses: list[str],
    subject: str,
    body: str,
    created_by,
    form_token: str | None = None,
) -> Batch:
    """An organiser's own message to everyone of the event with one of these
    registration statuses. Only the bulk sending (text and audience) is
    written here, so the request returns at once; ``free_message_expand``
    writes the messages after the commit. The same ``form_token`` (a form
    sent twice) gives the same sending, not a second one."""
    if form_token and (sent := Batch.objects.filter(form_token=form_token).first()):
        return sent
    batch = Batch.objects.create(
        event=event,
        kind="free_message",
        context={"subject": subject, "body": body},
        audience=statuses,
        total=applicants_of_event(event=event, statuses=statuses).count(),
        created_by=created_by,
        form_token=form_token,
    )
    transaction.on_commit(partial(free_message_expand_queue, batch_id=batch.pk))
    return batch


def free_message_expand_queue(*, batch_id: int) -> None:
    """Ask a worker to write the messages of a bulk sending. A broker outage
    is logged, not raised: beat asks again (``free_messages_expand_unfinished``)."""
    try:
        current_app.send_task(EXPAND_TASK, kwargs={"batch_id": batch_id}, ignore_result=True)
    except Exception:
        logger.exception("Could not queue the expansion of batch %s; beat will", batch_id)


def free_message_expand(*, batch: Batch, chunk_size: int = EXPAND_CHUNK) -> None:
    """Write the messages of an organiser's message, a chunk of recipients
    per transaction, in the order of their ids. Killed half way, it resumes
    where it stopped; run twice at once, the two take turns on the batch's
    row: each person gets the message once (the batch's key per person
    holds that, too)."""
    while True:
        with transaction.atomic():
            batch = Batch.objects.select_for_update().select_related("event").get(pk=batch.pk)
            if batch.expanded_at is not None:
                return
            applicants = list(
                applicants_of_event(event=batch.event, statuses=batch.audience)
                .filter(pk__gt=batch.expanded_through)
                .order_by("pk")[:chunk_size]
            )
            if not applicants:
                batch.expanded_at = timezone.now()
                batch.save(update_fields=["expanded_at"])
                return
            batch_write(
                batch=batch,
                deliveries=(
                    Delivery(
                        recipient=applicant_recipient(applicant=applicant),
                        context={"applicant": applicant},
                        dedupe_key=f"batch:{batch.pk}:applicant:{applicant.pk}",
                    )
                    for applicant in applicants
                ),
            )
            batch.expanded_through = applicants[-1].pk
            batch.save(update_fields=["expanded_through"])


def free_messages_expand_unfinished(*, older_than: timedelta = timedelta(minutes=2)) -> int:
    """Queue the expansion again for bulk sendings left unfinished (a worker
    died, the broker forgot): run by beat. Returns how many."""
    unfinished = list(
        Batch.objects.filter(
            kind="free_message",
            expanded_at__isnull=True,
            created_at__lte=timezone.now() - older_than,
        ).values_list("pk", flat=True)
    )
    for batch_id in unfinished:
        free_message_expand_queue(batch_id=batch_id)
    return len(unfinished)
