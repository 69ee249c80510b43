import pytest

from applicants.models import Booking, Registration
from applicants.services import (
    booking_cancel,
    booking_create,
    registration_create,
    slot_waiting_list_advance,
)
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from events.tests.factories import EventFactory, SlotFactory

pytestmark = pytest.mark.django_db


def _book(slot, count):
    return [
        booking_create(registration=RegistrationFactory(event=slot.session.event), slot=slot)
        for _ in range(count)
    ]


def test_booking_within_capacity_is_confirmed():
    slot = SlotFactory(capacity=2)
    bookings = _book(slot, 2)
    assert [b.status for b in bookings] == [Booking.Status.CONFIRMED] * 2


def test_full_slot_puts_applicant_on_waiting_list():
    slot = SlotFactory(capacity=1)
    first, second = _book(slot, 2)
    assert (first.status, second.status) == (Booking.Status.CONFIRMED, Booking.Status.WAITLISTED)


def test_booking_the_same_slot_twice_returns_the_existing_booking():
    slot = SlotFactory(capacity=5)
    registration = RegistrationFactory(event=slot.session.event)
    first = booking_create(registration=registration, slot=slot)
    assert booking_create(registration=registration, slot=slot) == first
    assert slot.bookings.count() == 1


def test_cancelling_gives_the_place_to_the_first_in_line():
    slot = SlotFactory(capacity=1)
    holder, first_waiting, second_waiting = _book(slot, 3)
    promoted = booking_cancel(booking=holder)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert promoted == [first_waiting]
    assert first_waiting.status == Booking.Status.CONFIRMED
    assert first_waiting.promoted_at is not None
    assert second_waiting.status == Booking.Status.WAITLISTED


def test_cancelling_twice_frees_only_one_place():
    slot = SlotFactory(capacity=1)
    holder, waiting, _ = _book(slot, 3)
    booking_cancel(booking=holder)
    assert booking_cancel(booking=holder) == []
    assert slot.bookings.filter(status=Booking.Status.CONFIRMED).count() == 1


def test_raising_capacity_moves_the_waiting_list_on():
    slot = SlotFactory(capacity=1)
    _, first_waiting, second_waiting = _book(slot, 3)
    slot.capacity = 3
    slot.save()
    assert slot_waiting_list_advance(slot=slot) == [first_waiting, second_waiting]


def test_event_capacity_puts_late_registrations_on_the_waiting_list():
    event = EventFactory(capacity=1)
    first = registration_create(applicant=ApplicantFactory(), event=event)
    second = registration_create(applicant=ApplicantFactory(), event=event)
    assert (first.status, second.status) == (
        Registration.Status.REGISTERED,
        Registration.Status.WAITLISTED,
    )


def test_registering_again_returns_the_existing_registration():
    event = EventFactory()
    applicant = ApplicantFactory()
    first = registration_create(applicant=applicant, event=event)
    assert registration_create(applicant=applicant, event=event) == first
