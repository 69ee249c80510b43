"""The personal page answered from the cache: fast for the many visits, and
never behind the person's own changes."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from applicants.tests.factories import BookingFactory
from applicants.tokens import registration_token
from events.tests.factories import SessionFactory, SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.PERSONAL_PAGE_CACHE_SECONDS = 10
    cache.clear()


def url(name, registration, **kwargs):
    return reverse(
        f"applicants:{name}", kwargs={"token": registration_token(registration), **kwargs}
    )


def test_the_second_visit_reads_no_database_and_shows_the_same(client, django_assert_num_queries):
    booking = BookingFactory(slot__session__title_de="Lehrkabinett Zimmerer")
    first = client.get(url("personal", booking.registration)).content.decode()
    with django_assert_num_queries(0):
        second = client.get(url("personal", booking.registration)).content.decode()
    assert "Lehrkabinett Zimmerer" in second
    # The same page but for the CSRF tokens, which are masked anew each time.
    assert _tokens_out(second) == _tokens_out(first)


def _tokens_out(page):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_each_visitor_gets_forms_with_their_own_token(client):
    booking = BookingFactory()
    client.get(url("personal", booking.registration))
    # A second device: the kept page, but a CSRF token that fits its cookie.
    phone = Client(enforce_csrf_checks=True)
    page = phone.get(url("personal", booking.registration))
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert "csrf-token-of-the-request" not in page.content.decode()
    response = phone.post(
        url("booking_cancel", booking.registration, pk=booking.pk),
        {"csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_a_change_of_workshops_shows_at_once(client):
    booking = BookingFactory(slot__session__title_de="Lehrkabinett Zimmerer")
    registration = booking.registration
    other = SlotFactory(
        session=SessionFactory(event=registration.event, title_de="Lehrkabinett Maler")
    )
    assert "Lehrkabinett Zimmerer" in client.get(url("personal", registration)).content.decode()

    client.post(url("bookings_change", registration), {"slots": [other.pk]}, follow=True)
    again = client.get(url("personal", registration)).content.decode()

    assert "Lehrkabinett Maler" in again
    assert "Lehrkabinett Zimmerer" not in again


def test_a_message_is_shown_once_and_not_kept(client):
    booking = BookingFactory()
    registration = booking.registration
    client.cookies["django_language"] = "en"
    client.get(url("personal", registration))
    client.post(url("booking_cancel", registration, pk=booking.pk))
    with_message = client.get(url("personal", registration)).content.decode()
    without = client.get(url("personal", registration)).content.decode()
    assert "Your place is given back." in with_message
    assert "Your place is given back." not in without


def test_deleted_data_is_not_served_from_the_cache(client):
    booking = BookingFactory(registration__applicant__first_name="Olena")
    registration = booking.registration
    assert "Olena" in client.get(url("personal", registration)).content.decode()

    client.post(url("data_delete", registration))
    response = client.get(url("personal", registration))

    assert response.status_code == 404
    assert "Olena" not in response.content.decode()


def test_the_page_is_kept_per_language(client):
    booking = BookingFactory(registration__applicant__language="ar")
    registration = booking.registration
    assert 'dir="rtl"' in client.get(url("personal", registration)).content.decode()
    client.cookies["django_language"] = "de"
    assert 'dir="rtl"' not in client.get(url("personal", registration)).content.decode()
