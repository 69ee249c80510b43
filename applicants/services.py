"""Writes for applicants: registrations, bookings and the waiting lists.

Places are counted under a row lock on the slot (or the event, for the guest
capacity), so concurrent sign-ups on PostgreSQL queue up behind each other
instead of both taking the last place.
"""

from django.db import transaction
from django.utils import timezone

from applicants.models import Applicant, Booking, Registration
from events.models import Event, Slot


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _lock_slot(slot: Slot) -> Slot:
    return Slot.objects.select_for_update().get(pk=slot.pk)


@transaction.atomic
def registration_create(*, applicant: Applicant, event: Event, entered_by=None) -> Registration:
    """Register an applicant for an event, or put them on its waiting list when
    the guest capacity is reached. An existing registration is returned as is."""
    event = _lock_event(event)
    existing = Registration.objects.filter(applicant=applicant, event=event).first()
    if existing is not None:
        return existing
    taken = event.registrations.filter(status__in=Registration.HOLDS_PLACE).count()
    status = (
        Registration.Status.REGISTERED if taken < event.capacity else Registration.Status.WAITLISTED
    )
    return Registration.objects.create(
        applicant=applicant, event=event, status=status, entered_by=entered_by
    )


@transaction.atomic
def booking_create(*, registration: Registration, slot: Slot) -> Booking:
    """Book a slot for a registration: confirmed while places are left,
    otherwise at the end of the slot's waiting list."""
    slot = _lock_slot(slot)
    active = Booking.objects.filter(registration=registration, slot=slot).exclude(
        status=Booking.Status.CANCELLED
    )
    existing = active.first()
    if existing is not None:
        return existing
    confirmed = slot.bookings.filter(status=Booking.Status.CONFIRMED).count()
    status = Booking.Status.CONFIRMED if confirmed < slot.capacity else Booking.Status.WAITLISTED
    return Booking.objects.create(registration=registration, slot=slot, status=status)


@transaction.atomic
def booking_cancel(*, booking: Booking) -> list[Booking]:
    """Cancel a booking; a place it frees goes to the waiting list at once.
    Returns the bookings that moved up."""
    slot = _lock_slot(booking.slot)
    booking.refresh_from_db()
    if booking.status == Booking.Status.CANCELLED:
        return []
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status"])
    return slot_waiting_list_advance(slot=slot)


@transaction.atomic
def slot_waiting_list_advance(*, slot: Slot) -> list[Booking]:
    """Give every free place of a slot to the first in its waiting list, in
    order of arrival. Safe to call at any time: with no free place, or no one
    waiting, nothing changes. Returns the bookings that moved up."""
    slot = _lock_slot(slot)
    confirmed = slot.bookings.filter(status=Booking.Status.CONFIRMED).count()
    free = slot.capacity - confirmed
    if free <= 0:
        return []
    waiting = list(
        slot.bookings.filter(status=Booking.Status.WAITLISTED).order_by("created_at", "id")[:free]
    )
    now = timezone.now()
    for booking in waiting:
        booking.status = Booking.Status.CONFIRMED
        booking.promoted_at = now
    Booking.objects.bulk_update(waiting, ["status", "promoted_at"])
    return waiting
