import pytest
from django.urls import reverse

from applicants.models import Booking, Registration
from applicants.tests.factories import BookingFactory, RegistrationFactory
from events.tests.factories import SlotFactory
from messaging.models import Reply
from messaging.replies import reply_token

pytestmark = pytest.mark.django_db


def _reply_path(registration, answer):
    return reverse("messaging:reply", args=[reply_token(registration, answer)])


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
    response = client.get(reverse("messaging:reply", args=[token]))
    assert response.status_code == 404
    assert "<h1" in response.content.decode()


def test_token_for_another_answer_cannot_be_forged(client):
    registration = RegistrationFactory()
    forged = reply_token(registration, "coming").replace("-y-", "-n-")
    response = client.post(reverse("messaging:reply", args=[forged]))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_old_link_has_expired(client):
    from datetime import date

    registration = RegistrationFactory()
    token = reply_token(registration, "not_coming", today=date(2020, 6, 1))
    response = client.post(reverse("messaging:reply", args=[token]))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED
