import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from applicants.models import Booking, Registration, ReminderSetting
from applicants.services.reminders import (
    DAY_BEFORE,
    HOURS_BEFORE,
    reminder_candidates,
    reminders_due,
    reminders_write_due,
)
from applicants.tasks import reminders_write_due as reminders_write_due_task
from applicants.tests.factories import BookingFactory
from events.models import Slot
from events.tests.factories import EventFactory, SlotFactory, VenueFactory
from messaging.models import Message
from messaging.tests.waiting import wait_for, worker_idle

BERLIN = ZoneInfo("Europe/Berlin")
SESSION_START = datetime(2026, 12, 23, 10, 0, tzinfo=BERLIN)


def _booked(start=SESSION_START, **applicant):
    event = EventFactory(starts_at=start - timedelta(hours=1), ends_at=start + timedelta(hours=6))
    slot = SlotFactory(session__event=event, starts_at=start, ends_at=start + timedelta(hours=1))
    booking = BookingFactory(
        slot=slot,
        registration__event=event,
        **{f"registration__applicant__{key}": value for key, value in applicant.items()},
    )
    Registration.objects.filter(pk=booking.registration_id).update(
        created_at=start - timedelta(days=10)
    )
    return booking.registration


def _kinds(now):
    return sorted(kind for kind, _ in reminders_due(now=now))


@pytest.mark.django_db
def test_day_before_reminder_is_due_at_17_berlin_time():
    _booked()
    assert _kinds(datetime(2026, 12, 22, 16, 59, tzinfo=BERLIN)) == []
    assert _kinds(datetime(2026, 12, 22, 17, 0, tzinfo=BERLIN)) == [DAY_BEFORE]


@pytest.mark.django_db
def test_hours_before_reminder_replaces_a_missed_day_before_one():
    _booked()
    assert _kinds(datetime(2026, 12, 23, 8, 0, tzinfo=BERLIN)) == [HOURS_BEFORE]


@pytest.mark.django_db
def test_no_reminder_after_the_session_started():
    _booked()
    assert _kinds(SESSION_START + timedelta(minutes=1)) == []


@pytest.mark.django_db
def test_people_who_signed_up_after_the_moment_get_no_reminder():
    registration = _booked()
    Registration.objects.filter(pk=registration.pk).update(
        created_at=datetime(2026, 12, 22, 18, 0, tzinfo=BERLIN)
    )
    assert _kinds(datetime(2026, 12, 22, 19, 0, tzinfo=BERLIN)) == []


@pytest.mark.django_db
def test_cancelled_registration_gets_no_reminder():
    registration = _booked()
    registration.status = Registration.Status.CANCELLED
    registration.save()
    assert _kinds(datetime(2026, 12, 22, 17, 0, tzinfo=BERLIN)) == []


@pytest.mark.django_db
def test_organiser_offsets_are_used():
    registration = _booked()
    ReminderSetting.objects.create(event=registration.event, day_before_at=None, hours_before=4)
    assert _kinds(datetime(2026, 12, 22, 17, 0, tzinfo=BERLIN)) == []
    assert _kinds(datetime(2026, 12, 23, 6, 0, tzinfo=BERLIN)) == [HOURS_BEFORE]


@pytest.mark.django_db
def test_moving_the_session_moves_its_pending_reminder():
    registration = _booked()
    registration.event.ends_at += timedelta(days=1)
    registration.event.save()
    Slot.objects.filter(session__event=registration.event).update(
        starts_at=SESSION_START + timedelta(days=1),
        ends_at=SESSION_START + timedelta(days=1, hours=1),
    )
    assert _kinds(datetime(2026, 12, 22, 17, 0, tzinfo=BERLIN)) == []
    assert _kinds(datetime(2026, 12, 23, 17, 0, tzinfo=BERLIN)) == [DAY_BEFORE]


@pytest.mark.django_db
def test_reminder_is_written_once_however_often_beat_runs():
    registration = _booked(phone="+4915112345678", language="uk")
    now = datetime(2026, 12, 22, 17, 5, tzinfo=BERLIN)
    assert reminders_write_due(now=now) == 1
    assert reminders_write_due(now=now) == 0
    messages = Message.objects.filter(applicant=registration.applicant)
    assert sorted(messages.values_list("channel", "kind")) == [
        ("email", DAY_BEFORE),
        ("sms", DAY_BEFORE),
    ]
    email = messages.get(channel="email")
    assert email.language == "uk"
    assert "/applicants/reply/" in email.body_text
    assert registration.event.venue.street in email.body_text


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_write_each_reminder_once():
    for _ in range(20):
        _booked()
    now = datetime(2026, 12, 22, 17, 5, tzinfo=BERLIN)
    barrier = threading.Barrier(4)
    errors = []

    def beat():
        try:
            barrier.wait()
            reminders_write_due(now=now)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Message.objects.filter(kind=DAY_BEFORE).count() == 20
    assert Message.objects.values("applicant").distinct().count() == 20


def test_beat_task_on_a_real_worker_delivers_one_reminder_each(smtp_sink, celery_worker_on_redis):
    from django.utils import timezone

    soon = timezone.now() + timedelta(hours=1)
    registrations = [_booked(start=soon) for _ in range(3)]
    for registration in registrations:
        Registration.objects.filter(pk=registration.pk).update(created_at=soon - timedelta(days=2))

    reminders_write_due_task.delay().get(timeout=20)
    reminders_write_due_task.delay().get(timeout=20)

    assert wait_for(lambda: len(smtp_sink.received) >= 3, timeout=20)
    assert wait_for(worker_idle)
    recipients = sorted(m["To"] for m in smtp_sink.received)
    assert recipients == sorted(r.applicant.email for r in registrations)
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == 3


@pytest.mark.django_db
def test_reminder_gives_the_place_of_the_persons_session_not_the_events():
    """A seminar series starts in Leipzig; this person's seminar is in Görlitz."""
    registration = _booked(language="de")
    event = registration.event
    event.venue = VenueFactory(name="Volkshochschule", street="Löhrstraße 3", city="Leipzig")
    event.save()
    session = registration.bookings.get().slot.session
    session.venue = VenueFactory(
        name="Hochschule Zittau/Görlitz",
        street="Brückenstraße 1",
        postcode="02826",
        city="Görlitz",
        directions="Straßenbahn 2 bis Postplatz.",
    )
    session.save()

    reminders_write_due(now=datetime(2026, 12, 22, 17, 5, tzinfo=BERLIN))

    email = Message.objects.get(applicant=registration.applicant, channel="email")
    assert "Brückenstraße 1, 02826 Görlitz" in email.body_text
    assert "Straßenbahn 2 bis Postplatz." in email.body_text
    assert "Leipzig" not in email.body_text
    assert "Görlitz" in email.body_html


@pytest.mark.django_db
def test_each_minute_looks_only_at_people_whose_reminder_can_be_due_and_is_not_written():
    """At 18:00 the day before: the person already reminded and the person
    whose session is two days away are not even read."""
    reminded = _booked()
    waiting = _booked()
    _booked(start=SESSION_START + timedelta(days=2))
    reminders_write_due(now=datetime(2026, 12, 22, 17, 1, tzinfo=BERLIN))
    Message.objects.filter(applicant=waiting.applicant).delete()

    candidates = reminder_candidates(now=datetime(2026, 12, 22, 18, 0, tzinfo=BERLIN))

    assert list(candidates) == [waiting]
    assert reminded.applicant.messages.filter(kind=DAY_BEFORE).exists()
