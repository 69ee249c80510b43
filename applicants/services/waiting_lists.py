"""Free places handed on to the first people waiting for them, in order of
arrival. Each function is safe to call at any time: with no free place, or
no one waiting, nothing changes."""

from django.db import transaction
from django.utils import timezone

from applicants.models import Booking, Registration
from applicants.services.notices import message_to_applicant, registration_confirmation_send
from applicants.services.places import guest_places_free, places_lock, slot_places_free
from applicants.tokens import registration_personal_url
from events.models import Event, Slot


@transaction.atomic
def slot_waiting_list_advance(*, slot: Slot) -> list[Booking]:
    """Give every free place of a slot to the first in its waiting list and
    tell each of them. Returns the bookings that moved up."""
    _event, (slot,) = places_lock(event=slot.session.event_id, slots=[slot])
    free = slot_places_free(slot=slot)
    if free <= 0:
        return []
    waiting = list(
        slot.bookings.filter(
            status=Booking.Status.WAITLISTED,
            registration__status__in=Registration.HOLDS_PLACE,
        )
        .select_related("registration__applicant", "registration__event", "slot__session")
        .order_by("created_at", "id")[:free]
    )
    now = timezone.now()
    for booking in waiting:
        booking.status = Booking.Status.CONFIRMED
        booking.promoted_at = now
    Booking.objects.bulk_update(waiting, ["status", "promoted_at"])
    for booking in waiting:
        message_to_applicant(
            kind="waitlist_promoted",
            applicant=booking.registration.applicant,
            event=booking.registration.event,
            context={
                "booking": booking,
                "personal_url": registration_personal_url(booking.registration),
            },
            dedupe_key=f"waitlist_promoted:{booking.pk}",
        )
    return waiting


@transaction.atomic
def event_waiting_list_advance(*, event: Event) -> list[Registration]:
    """Give free guest places of an event to the first registrations on its
    waiting list; their waiting bookings then take the free places of their
    slots. Returns the registrations that moved up."""
    event, _slots = places_lock(event=event)
    free = guest_places_free(event=event)
    if free <= 0:
        return []
    waiting = list(
        event.registrations.filter(status=Registration.Status.WAITLISTED)
        .select_related("applicant", "event__venue")
        .order_by("created_at", "id")[:free]
    )
    for registration in waiting:
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        slots = Slot.objects.filter(
            bookings__registration=registration, bookings__status=Booking.Status.WAITLISTED
        ).order_by("pk")
        for slot in slots:
            slot_waiting_list_advance(slot=slot)
        registration_confirmation_send(registration=registration)
    return waiting
