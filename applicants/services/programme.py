"""What a change to the programme does to people's places: capacities raised,
slots moved or removed, sessions and whole events cancelled. The change
itself is the events app's (``events.services``); these functions make it and
then look after the people it touches."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.models import Booking, Registration
from applicants.services.notices import message_to_applicant
from applicants.services.places import places_lock
from applicants.services.waiting_lists import event_waiting_list_advance, slot_waiting_list_advance
from applicants.tokens import registration_personal_url
from events import services as event_services
from events.models import Event, Organisation, Session, Slot


@transaction.atomic
def event_change(*, event: Event, organisations: list[Organisation], **fields: Any) -> Event:
    """Save an organiser's changes to an event. Guest places that a higher
    capacity frees go to the waiting list at once."""
    places_lock(event=event)
    event = event_services.event_update(event=event, organisations=organisations, **fields)
    event_waiting_list_advance(event=event)
    return event


@transaction.atomic
def slot_change(*, slot: Slot, starts_at: datetime, ends_at: datetime, capacity: int) -> Slot:
    """Move or resize a slot. Raising the capacity gives the new places to the
    waiting list at once."""
    places_lock(event=slot.session.event_id, slots=[slot])
    slot = event_services.slot_update(
        slot=slot, starts_at=starts_at, ends_at=ends_at, capacity=capacity
    )
    slot_waiting_list_advance(slot=slot)
    return slot


def _has_active_bookings(slots) -> bool:
    return Booking.objects.filter(slot__in=slots).exclude(status=Booking.Status.CANCELLED).exists()


@transaction.atomic
def slot_delete(*, slot: Slot) -> None:
    """Remove a slot entered by mistake; one with bookings stays, so nobody
    loses a place without being told."""
    places_lock(event=slot.session.event_id, slots=[slot])
    if _has_active_bookings([slot]):
        raise ValidationError(_("People have booked this slot: move or cancel them first."))
    slot.delete()


@transaction.atomic
def session_delete(*, session: Session) -> None:
    """Remove a session and its slots, unless someone booked one of them."""
    places_lock(event=session.event_id, slots=session.slots.all())
    if _has_active_bookings(session.slots.all()):
        raise ValidationError(_("People have booked this session: move or cancel them first."))
    session.delete()


@transaction.atomic
def event_cancel(*, event: Event, message: str) -> int:
    """Cancel an event, keep the organisers' message on record and tell every
    applicant still registered, waiting or invited, in their language.
    Returns the number of applicants notified."""
    event, _slots = places_lock(event=event)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("The event is cancelled already."))
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.cancellation_message = message
    event.save(update_fields=["status", "cancelled_at", "cancellation_message"])
    registrations = event.registrations.exclude(
        status=Registration.Status.CANCELLED
    ).select_related("applicant")
    notified = 0
    for registration in registrations:
        sent = message_to_applicant(
            kind="event_cancelled",
            applicant=registration.applicant,
            event=event,
            context={"cancellation_message": message},
            dedupe_key=f"event_cancelled:{event.pk}:{registration.applicant_id}",
        )
        notified += bool(sent)
    return notified


@transaction.atomic
def session_cancel(*, session: Session, message: str) -> int:
    """Cancel a session that cannot take place: its bookings end, it leaves
    the public programme, and everyone who had a place or waited for one is
    told, in their language. Returns the number of applicants notified."""
    places_lock(event=session.event_id, slots=session.slots.all())
    session = Session.objects.select_related("event").get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError(_("The session is cancelled already."))
    session.cancelled_at = timezone.now()
    session.cancellation_message = message
    session.save(update_fields=["cancelled_at", "cancellation_message"])
    bookings = Booking.objects.filter(slot__session=session).exclude(
        status=Booking.Status.CANCELLED
    )
    affected = list(
        Registration.objects.filter(bookings__in=bookings)
        .distinct()
        .select_related("applicant", "event__venue")
    )
    bookings.update(status=Booking.Status.CANCELLED)
    notified = 0
    for registration in affected:
        sent = message_to_applicant(
            kind="session_cancelled",
            applicant=registration.applicant,
            event=session.event,
            context={
                "session": session,
                "cancellation_message": message,
                "personal_url": registration_personal_url(registration),
            },
            dedupe_key=f"session_cancelled:{session.pk}:{registration.pk}",
        )
        notified += bool(sent)
    return notified
