from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Booking, Registration, Reply
from applicants.services.registrations import applicant_anonymise
from applicants.tests.factories import BookingFactory, RegistrationFactory
from applicants.tokens import registration_token
from events.tests.factories import SlotFactory

pytestmark = pytest.mark.django_db


def _reply_path(registration, answer):
    return reverse("applicants:reply", args=[registration_token(registration, answer)])


def test_opening_the_link_changes_nothing_until_the_tap(client):
    booking = BookingFactory()
    response = client.get(_reply_path(booking.registration, "not_coming"))
    assert response.status_code == 200
    assert Reply.objects.count() == 0
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_i_am_coming_is_recorded(client):
    registration = RegistrationFactory()
    client.post(_reply_path(registration, "coming"))
    assert Reply.objects.get(registration=registration).answer == "coming"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_i_cannot_come_cancels_and_gives_the_place_to_the_waiting_list(client):
    slot = SlotFactory(capacity=1)
    holder = BookingFactory(slot=slot, registration__event=slot.session.event)
    waiting = BookingFactory(
        slot=slot, registration__event=slot.session.event, status=Booking.Status.WAITLISTED
    )
    client.post(_reply_path(holder.registration, "not_coming"))
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == Booking.Status.CANCELLED
    assert holder.registration.status == Registration.Status.CANCELLED
    assert waiting.status == Booking.Status.CONFIRMED


def test_answering_twice_keeps_one_answer(client):
    registration = RegistrationFactory()
    client.post(_reply_path(registration, "coming"))
    client.post(_reply_path(registration, "coming"))
    assert Reply.objects.filter(registration=registration).count() == 1


@pytest.mark.parametrize("token", ["garbage", "1-y-abc-0123456789abcdef0123", "z-z-z-z"])
def test_tampered_link_shows_a_friendly_page(client, token):
    response = client.get(reverse("applicants:reply", args=[token]))
    assert response.status_code == 404
    assert "<h1" in response.content.decode()


def test_token_for_another_answer_cannot_be_forged(client):
    registration = RegistrationFactory()
    forged = registration_token(registration, "coming").replace("-y-", "-n-")
    response = client.post(reverse("applicants:reply", args=[forged]))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_link_opens_nothing_once_the_persons_data_is_deleted(client):
    registration = RegistrationFactory()
    token = registration_token(registration, "not_coming")
    applicant_anonymise(applicant=registration.applicant)

    response = client.post(reverse("applicants:reply", args=[token]))

    assert response.status_code == 404
    assert Reply.objects.count() == 0


def test_link_expires_with_the_data_after_the_retention_period(client, settings):
    registration = RegistrationFactory(
        event__starts_at=timezone.now() - timedelta(days=30, hours=8),
        event__ends_at=timezone.now() - timedelta(days=30),
    )
    token = registration_token(registration, "coming")
    settings.RETENTION_DAYS = 29

    response = client.post(reverse("applicants:reply", args=[token]))

    assert response.status_code == 404
    assert Reply.objects.count() == 0


def test_personal_link_is_no_answer_and_an_answer_no_personal_link(client):
    registration = RegistrationFactory()
    personal = registration_token(registration)
    answer = registration_token(registration, "not_coming")

    assert client.post(reverse("applicants:reply", args=[personal])).status_code == 404
    assert client.get(reverse("applicants:personal", args=[answer])).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED
