"""Sign-up to reminder, all real: the sign-up form over HTTP, PostgreSQL, a
Celery worker on Redis, the beat task and an SMTP server."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar

from applicants.models import Registration
from applicants.services.registrations import applicant_contact_update
from applicants.tasks import reminders_write_due
from events.tests.factories import EventFactory, SlotFactory
from messaging.tests.waiting import wait_for, worker_idle


def _sign_up(client, event, slot, email, language):
    return client.post(
        reverse("applicants:sign_up", args=[event.slug]),
        {
            "first_name": "Olena",
            "last_name": email.split("@")[0],
            "email": email,
            "language": language,
            "german_level": "A2",
            "experience_years": "2",
            "slots": [str(slot.pk)],
            "consent": "on",
            "website": "",
        },
    )


def test_sign_up_confirmation_then_exactly_one_reminder_each(
    client, smtp_sink, celery_worker_on_redis
):
    start = timezone.now() + timedelta(hours=1, minutes=30)
    event = EventFactory(
        starts_at=start - timedelta(minutes=30), ends_at=start + timedelta(hours=4)
    )
    slot = SlotFactory(session__event=event, starts_at=start, ends_at=start + timedelta(hours=1))
    people = [("olena@example.org", "uk"), ("reza@example.org", "fa")]

    for email, language in people:
        assert _sign_up(client, event, slot, email, language).status_code in {200, 302}

    assert wait_for(lambda: len(smtp_sink.received) == 2)
    confirmations = {m["To"]: m for m in smtp_sink.received}
    assert sorted(confirmations) == sorted(email for email, _ in people)
    calendar_part = next(
        part
        for part in confirmations["olena@example.org"].walk()
        if part.get_content_type() == "text/calendar"
    )
    calendar = Calendar.from_ical(calendar_part.get_payload(decode=True))
    starts = [vevent.decoded("DTSTART") for vevent in calendar.walk("VEVENT")]
    assert slot.starts_at.replace(microsecond=0) in starts

    # The people signed up days ago; the hours-before reminder is due now.
    Registration.objects.update(created_at=timezone.now() - timedelta(days=3))
    smtp_sink.received.clear()
    reminders_write_due.delay().get(timeout=20)
    reminders_write_due.delay().get(timeout=20)

    assert wait_for(lambda: len(smtp_sink.received) == 2)
    assert wait_for(worker_idle)
    assert sorted(m["To"] for m in smtp_sink.received) == sorted(email for email, _ in people)
    html = {
        m["To"]: next(p for p in m.walk() if p.get_content_type() == "text/html").get_content()
        for m in smtp_sink.received
    }
    assert 'dir="rtl"' in html["reza@example.org"]
    assert 'dir="ltr"' in html["olena@example.org"]


def test_the_confirmation_says_what_held_at_sign_up_though_it_changed_a_second_later(
    client, smtp_sink, transactional_db, request
):
    event = EventFactory(starts_at=timezone.now() + timedelta(days=7))
    slot = SlotFactory(session__event=event)
    assert _sign_up(client, event, slot, "olena@example.org", "uk").status_code == 302
    registration = Registration.objects.get()
    # Before any worker words the confirmation, the person corrects name,
    # address and language.
    applicant_contact_update(
        registration=registration,
        first_name="Olha",
        last_name="Koval",
        email="olha@example.org",
        phone="",
        language="de",
    )
    request.getfixturevalue("celery_worker_on_redis")

    assert wait_for(lambda: len(smtp_sink.received) == 2)
    mails = {m["To"]: m.get_body(("plain",)).get_content() for m in smtp_sink.received}
    with translation.override("uk"):
        greeting_uk = gettext("Hello %(name)s,") % {"name": "Olena"}
    with translation.override("de"):
        greeting_de = gettext("Hello %(name)s,") % {"name": "Olha"}
    assert greeting_uk != "Hello Olena,"
    assert mails["olena@example.org"].startswith(greeting_uk)
    assert mails["olha@example.org"].startswith(greeting_de)
