"""Many people press "sign up" for the last places at the same moment: real
threads, each with its own PostgreSQL connection, through the whole view."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from applicants.models import Booking, Registration
from applicants.services.bookings import booking_move
from applicants.tests.factories import BookingFactory
from events.tests.factories import SessionFactory, SlotFactory

PEOPLE = 50


def _sign_up_all_at_once(event, slot):
    url = reverse("applicants:sign_up", kwargs={"slug": event.slug})
    start = threading.Barrier(PEOPLE)
    statuses = {}
    errors = []

    def sign_up(number):
        try:
            # One address per person: the rate limit counts per IP.
            client = Client(REMOTE_ADDR=f"10.0.{number // 250}.{number % 250 + 1}")
            data = {
                "slots": [slot.pk],
                "first_name": "Person",
                "last_name": str(number),
                "email": f"person{number}@example.org",
                "language": "de",
                "german_level": "none",
                "experience_years": "0",
                "consent": "on",
            }
            start.wait(timeout=30)
            statuses[number] = client.post(url, data).status_code
        except Exception as exc:  # reported by the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses, errors


@pytest.mark.django_db(transaction=True)
def test_fifty_sign_ups_at_once_fill_ten_places_and_queue_the_rest_in_arrival_order():
    slot = SlotFactory(capacity=10, session__event__capacity=200)
    event = slot.session.event

    statuses, errors = _sign_up_all_at_once(event, slot)

    assert errors == []
    assert sorted(statuses) == list(range(PEOPLE))
    assert set(statuses.values()) == {302}
    bookings = list(Booking.objects.filter(slot=slot).order_by("created_at", "id"))
    assert len(bookings) == PEOPLE
    # Arrival order is the order in which the sign-ups got the lock: the first
    # ten got the places, the other forty wait behind them in that order.
    assert [b.status for b in bookings] == (
        [Booking.Status.CONFIRMED] * 10 + [Booking.Status.WAITLISTED] * 40
    )
    assert [b.pk for b in bookings] == sorted(b.pk for b in bookings)
    assert Registration.objects.filter(event=event).count() == PEOPLE


@pytest.mark.django_db(transaction=True)
def test_fifty_sign_ups_at_once_respect_the_event_guest_capacity():
    slot = SlotFactory(capacity=100, session__event__capacity=10)
    event = slot.session.event

    statuses, errors = _sign_up_all_at_once(event, slot)

    assert errors == []
    assert set(statuses.values()) == {302}
    registrations = list(Registration.objects.filter(event=event).order_by("created_at", "id"))
    assert [r.status for r in registrations] == (
        [Registration.Status.REGISTERED] * 10 + [Registration.Status.WAITLISTED] * 40
    )
    assert slot.bookings.filter(status=Booking.Status.CONFIRMED).count() == 10


@pytest.mark.django_db(transaction=True)
def test_opposite_moves_at_once_never_deadlock():
    """Two organisers move people between the same two slots in opposite
    directions at once. Both wait for the event's row first, so neither
    holds one slot while waiting for the other."""
    first = SlotFactory(capacity=50, session__event__capacity=100)
    second = SlotFactory(capacity=50, session=SessionFactory(event=first.session.event))
    rounds = 15
    forward = [
        BookingFactory(slot=first, registration__event=first.session.event) for _ in range(rounds)
    ]
    backward = [
        BookingFactory(slot=second, registration__event=first.session.event) for _ in range(rounds)
    ]
    start = threading.Barrier(2)
    errors = []

    def move_all(bookings, target):
        try:
            start.wait(timeout=30)
            for booking in bookings:
                booking_move(booking=Booking.objects.get(pk=booking.pk), slot=target)
        except Exception as exc:  # reported by the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move_all, args=(forward, second)),
        threading.Thread(target=move_all, args=(backward, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    confirmed = Booking.objects.filter(status=Booking.Status.CONFIRMED)
    assert confirmed.filter(slot=second).count() == rounds
    assert confirmed.filter(slot=first).count() == rounds


@pytest.mark.django_db(transaction=True)
def test_a_form_sent_three_times_at_once_signs_up_once_and_answers_each_with_the_personal_page():
    slot = SlotFactory(capacity=10)
    event = slot.session.event
    url = reverse("applicants:sign_up", kwargs={"slug": event.slug})
    data = {
        "once": "one-form",
        "slots": [slot.pk],
        "first_name": "Amal",
        "last_name": "Nasser",
        "email": "amal@example.org",
        "language": "ar",
        "german_level": "none",
        "experience_years": "0",
        "consent": "on",
    }
    start = threading.Barrier(3)
    answers = []

    def tap():
        try:
            start.wait(timeout=30)
            answers.append(Client().post(url, data)["Location"])
        finally:
            connection.close()

    threads = [threading.Thread(target=tap) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    registration = Registration.objects.get(event=event)
    assert len(answers) == 3
    assert len(set(answers)) == 1
    assert "/applicants/me/" in answers[0]
    assert registration.bookings.count() == 1
    assert registration.applicant.messages.filter(kind="registration_confirmed").count() == 1
