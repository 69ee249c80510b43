"""What applicants are told, in their language, on every channel they can be
reached on: written to the outbox in the transaction of the change."""

from typing import Any

from django.utils import translation

from applicants import exports
from applicants.models import Applicant, Registration
from applicants.selectors import applicants_of_event, registration_bookings
from applicants.tokens import registration_personal_url
from events.models import Event
from messaging.models import Batch, Message
from messaging.services import Delivery, Recipient, batch_send, message_enqueue


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


def registration_confirmation_send(*, registration: Registration) -> list[Message]:
    """Send the applicant what they booked, when and where, with their personal
    link and a calendar file; after sign-up and after every change."""
    applicant = registration.applicant
    with translation.override(applicant.language):
        bookings = list(registration_bookings(registration=registration))
        calendar = exports.registration_calendar(registration=registration, bookings=bookings)
    return message_to_applicant(
        kind="registration_confirmed",
        applicant=applicant,
        event=registration.event,
        context={
            "registration": registration,
            "bookings": bookings,
            "personal_url": registration_personal_url(registration),
        },
        attachments=[{"filename": "jobfair.ics", "content": calendar, "mimetype": "text/calendar"}],
    )


def free_message_send(
    *, event: Event, statuses: list[str], subject: str, body: str, created_by
) -> Batch:
    """An organiser's own message to everyone of the event with one of these
    registration statuses, through the bulk path. People without consent or
    any way to reach them are counted as skipped."""
    return batch_send(
        event=event,
        kind="free_message",
        deliveries=(
            Delivery(
                recipient=applicant_recipient(applicant=applicant), context={"applicant": applicant}
            )
            for applicant in applicants_of_event(event=event, statuses=statuses)
        ),
        context={"subject": subject, "body": body},
        created_by=created_by,
    )
