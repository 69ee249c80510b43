import pytest
from django.core.exceptions import ValidationError

from applicants.models import Booking, Registration
from applicants.services.bookings import (
    booking_cancel,
    booking_create,
    registration_bookings_change,
)
from applicants.services.registrations import registration_cancel, registration_create
from applicants.services.waiting_lists import (
    event_waiting_list_advance,
    slot_waiting_list_advance,
)
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from events.tests.factories import EventFactory, SlotFactory
from messaging.models import Message

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


def test_moving_up_tells_the_applicant_in_their_language():
    slot = SlotFactory(capacity=1, session__title_en="Tiling")
    _, waiting = _book(slot, 2)
    applicant = waiting.registration.applicant
    applicant.language = "en"
    applicant.save()
    slot.capacity = 2
    slot.save()

    slot_waiting_list_advance(slot=slot)

    message = Message.objects.get(kind="waitlist_promoted")
    assert (message.recipient, message.language, message.subject) == (
        applicant.email,
        "en",
        f"You have a place: {slot.session.event.title_en}",
    )
    assert "Tiling" in message.body_text


def test_moving_up_is_told_only_once_per_booking():
    slot = SlotFactory(capacity=1)
    holder, waiting = _book(slot, 2)
    booking_cancel(booking=holder)
    slot_waiting_list_advance(slot=slot)
    assert Message.objects.filter(kind="waitlist_promoted").count() == 1


def test_bookings_of_a_registration_waiting_for_the_event_wait_too():
    slot = SlotFactory(capacity=5, session__event__capacity=1)
    event = slot.session.event
    registration_create(applicant=ApplicantFactory(), event=event)
    waiting = registration_create(applicant=ApplicantFactory(), event=event)
    booking = booking_create(registration=waiting, slot=slot)
    assert booking.status == Booking.Status.WAITLISTED
    assert slot_waiting_list_advance(slot=slot) == []


def test_raising_the_guest_capacity_lets_the_first_waiting_in_with_their_workshops():
    slot = SlotFactory(capacity=5, session__event__capacity=1)
    event = slot.session.event
    registration_create(applicant=ApplicantFactory(), event=event)
    first = registration_create(applicant=ApplicantFactory(), event=event)
    second = registration_create(applicant=ApplicantFactory(), event=event)
    booking = booking_create(registration=first, slot=slot)
    event.capacity = 2
    event.save()

    assert event_waiting_list_advance(event=event) == [first]

    first.refresh_from_db()
    second.refresh_from_db()
    booking.refresh_from_db()
    assert (first.status, second.status) == ("registered", "waitlisted")
    assert booking.status == Booking.Status.CONFIRMED
    assert Message.objects.filter(
        kind="registration_confirmed", recipient=first.applicant.email
    ).exists()


def test_cancelling_a_registration_lets_the_next_one_in():
    event = EventFactory(capacity=1)
    holder = registration_create(applicant=ApplicantFactory(), event=event)
    waiting = registration_create(applicant=ApplicantFactory(), event=event)
    registration_cancel(registration=holder)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED


def test_overlapping_slots_are_refused_by_the_service_too():
    event = EventFactory()
    first = SlotFactory(session__event=event)
    second = SlotFactory(session__event=event)
    registration = RegistrationFactory(event=event)
    with pytest.raises(ValidationError):
        registration_bookings_change(registration=registration, slots=[first, second])
    assert registration.bookings.count() == 0
