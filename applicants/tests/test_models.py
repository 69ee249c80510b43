import pytest
from django.db import IntegrityError
from django.utils import timezone

from applicants.models import Booking
from applicants.tests.factories import ApplicantFactory, BookingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_applicant_needs_email_or_phone():
    with pytest.raises(IntegrityError):
        ApplicantFactory(email="", phone="")


def test_applicant_with_phone_only_is_reachable():
    applicant = ApplicantFactory(email="", phone="+4915112345678")
    assert applicant.pk is not None


def test_anonymised_applicant_keeps_no_contact():
    applicant = ApplicantFactory(email="", phone="", anonymised_at=timezone.now())
    assert applicant.full_name


def test_interpreter_need_names_a_language():
    with pytest.raises(IntegrityError):
        ApplicantFactory(needs_interpreter=True, interpreter_language="")


def test_applicant_registers_once_per_event():
    registration = RegistrationFactory()
    with pytest.raises(IntegrityError):
        RegistrationFactory(applicant=registration.applicant, event=registration.event)


def test_one_active_booking_per_slot_and_registration():
    booking = BookingFactory()
    with pytest.raises(IntegrityError):
        BookingFactory(registration=booking.registration, slot=booking.slot)


def test_cancelled_booking_does_not_block_booking_again():
    booking = BookingFactory(status=Booking.Status.CANCELLED)
    again = BookingFactory(registration=booking.registration, slot=booking.slot)
    assert again.status == Booking.Status.CONFIRMED
