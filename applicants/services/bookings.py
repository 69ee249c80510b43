"""Slots booked, moved and given back."""

from collections.abc import Sequence

from django.db import transaction

from applicants.models import Booking, Registration
from applicants.services.notices import registration_confirmation_send
from applicants.services.places import places_lock, slot_places_free, slots_check
from applicants.services.waiting_lists import slot_waiting_list_advance
from events.models import Slot


def booking_place(*, registration: Registration, slot: Slot, new: bool = False) -> Booking:
    """Book a slot whose row the caller has locked (``places_lock``). A
    ``new`` registration (made in the caller's transaction) has no bookings
    to look for."""
    existing = (
        None
        if new
        else Booking.objects.filter(registration=registration, slot=slot)
        .exclude(status=Booking.Status.CANCELLED)
        .first()
    )
    if existing is not None:
        return existing
    status = (
        Booking.Status.CONFIRMED
        if slot_places_free(slot=slot) > 0 and registration.status in Registration.HOLDS_PLACE
        else Booking.Status.WAITLISTED
    )
    return Booking.objects.create(registration=registration, slot=slot, status=status)


@transaction.atomic
def booking_create(*, registration: Registration, slot: Slot) -> Booking:
    """Book a slot for a registration: confirmed while places are left,
    otherwise at the end of the slot's waiting list. A registration that waits
    for a guest place of the event waits for the slot, too. Slots of another
    event or of a cancelled session are refused (``ValidationError``)."""
    event, (locked,) = places_lock(event=registration.event_id, slots=[slot])
    slots_check(event=event, slots=[slot])
    return booking_place(registration=registration, slot=locked)


def booking_release(*, booking: Booking) -> list[Booking]:
    """Cancel a booking whose event the caller has locked and hand its place
    on. Returns the bookings that moved up."""
    booking.refresh_from_db()
    if booking.status == Booking.Status.CANCELLED:
        return []
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status"])
    return slot_waiting_list_advance(slot=booking.slot)


@transaction.atomic
def booking_cancel(*, booking: Booking) -> list[Booking]:
    """Cancel a booking; a place it frees goes to the waiting list at once.
    The applicant gets their updated bookings. Returns the bookings that
    moved up."""
    places_lock(event=booking.registration.event_id, slots=[booking.slot_id])
    promoted = booking_release(booking=booking)
    registration_confirmation_send(registration=booking.registration)
    return promoted


@transaction.atomic
def booking_move(*, booking: Booking, slot: Slot) -> Booking:
    """Move a booking to another slot of the same event: a place there if one
    is free, otherwise the end of its waiting list. The old place goes to the
    old slot's waiting list. Returns the new booking."""
    if slot.pk == booking.slot_id:
        return booking
    registration = booking.registration
    event, locked = places_lock(event=registration.event_id, slots=[slot, booking.slot_id])
    slots_check(event=event, slots=[slot])
    new_booking = booking_place(
        registration=registration, slot=next(s for s in locked if s.pk == slot.pk)
    )
    booking_release(booking=booking)
    registration_confirmation_send(registration=registration)
    return new_booking


@transaction.atomic
def registration_bookings_change(*, registration: Registration, slots: Sequence[Slot]) -> None:
    """Make the registration's bookings the given slots: bookings of slots no
    longer chosen are cancelled (their places go to the waiting lists), new
    slots are booked; bookings kept keep their place or their position in the
    waiting list."""
    active = list(registration.bookings.exclude(status=Booking.Status.CANCELLED))
    event, locked = places_lock(
        event=registration.event_id, slots=[*slots, *(b.slot_id for b in active)]
    )
    slots_check(event=event, slots=slots)
    wanted = {slot.pk for slot in slots}
    for booking in active:
        if booking.slot_id not in wanted:
            booking_release(booking=booking)
    kept = {booking.slot_id for booking in active}
    for slot in locked:
        if slot.pk in wanted and slot.pk not in kept:
            booking_place(registration=registration, slot=slot)
    registration_confirmation_send(registration=registration)
