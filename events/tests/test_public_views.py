import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import jobfair.cache
from applicants.models import Booking
from applicants.tests.factories import BookingFactory
from devtools.builders import bench_registrations_create
from employers.models import Employer, Participation, Position
from employers.tests.factories import ParticipationFactory
from events.models import Event
from events.tests.factories import EventFactory, SessionFactory, SlotFactory, TradeFactory

pytestmark = pytest.mark.django_db


def test_home_lists_published_events_but_not_drafts(client):
    EventFactory(title_de="Bewerbertag Bau")
    EventFactory(title_de="Geheimer Entwurf", status=Event.Status.DRAFT)
    content = client.get(reverse("events:home")).content.decode()
    assert "Bewerbertag Bau" in content
    assert "Geheimer Entwurf" not in content


def test_draft_event_page_does_not_exist_for_the_public(client):
    event = EventFactory(status=Event.Status.DRAFT)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_event_page_shows_programme_and_places_left(client):
    slot = SlotFactory(capacity=3, session__title_de="Lehrkabinett Maurer")
    BookingFactory(slot=slot, registration__event=slot.session.event)
    BookingFactory(
        slot=slot, registration__event=slot.session.event, status=Booking.Status.WAITLISTED
    )
    content = client.get(slot.session.event.get_absolute_url()).content.decode()
    assert "Lehrkabinett Maurer" in content
    assert "2 freie Plätze" in content


def test_full_slot_shows_the_waiting_list(client):
    slot = SlotFactory(capacity=1)
    BookingFactory(slot=slot, registration__event=slot.session.event)
    content = client.get(slot.session.event.get_absolute_url()).content.decode()
    assert "Ausgebucht – Warteliste" in content


def test_event_page_in_arabic_is_right_to_left(client):
    event = EventFactory(title_de="Bewerbertag", title_ar="يوم المتقدمين")
    client.cookies["django_language"] = "ar"
    content = client.get(event.get_absolute_url()).content.decode()
    assert '<html lang="ar" dir="rtl">' in content
    assert "bootstrap.rtl.min.css" in content
    assert "يوم المتقدمين" in content


def _programme_and_employers(event, *, sessions, employers) -> list:
    """``sessions`` workshops with one slot each, the first with one place,
    and ``employers`` approved employers with two open positions each in
    trades of their own; the slots are returned."""
    slots = [
        SlotFactory(session=SessionFactory(event=event), capacity=1 if n == 0 else 2000)
        for n in range(sessions)
    ]
    for _ in range(employers):
        participation = ParticipationFactory(event=event, status=Participation.Status.APPROVED)
        Position.objects.bulk_create(
            Position(
                employer=participation.employer,
                trade=TradeFactory(),
                title=f"Stelle {n}",
                kind=Position.Kind.SKILLED,
            )
            for n in range(2)
        )
    return slots


def _anonymous_queries(client, event) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_anonymous_event_page_queries_are_the_same_at_10_and_1000_registrations(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    event = EventFactory()
    slots = _programme_and_employers(event, sessions=2, employers=1)
    bench_registrations_create(event=event, count=10, slots=slots)
    at_10, _content = _anonymous_queries(client, event)

    slots += _programme_and_employers(event, sessions=8, employers=15)
    people = bench_registrations_create(event=event, start=10, count=990, slots=slots)
    Booking.objects.bulk_create(
        Booking(registration=person, slot=slots[0], status=Booking.Status.WAITLISTED)
        for person in people[1::2]
    )
    at_1000, content = _anonymous_queries(client, event)

    assert at_1000 == at_10 <= 7
    assert content.count('class="h5 card-title"') == 10
    assert "Ausgebucht – Warteliste" in content
    assert sum(f">{employer.name}<" in content for employer in Employer.objects.all()) == 16


def test_anonymous_event_page_comes_from_the_cache(client, settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 10
    event = EventFactory(title_de="Bewerbertag Bau")
    first = client.get(event.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(event.get_absolute_url())
    assert second.content == first.content
    assert "csrfmiddlewaretoken" not in second.content.decode()
    client.cookies["django_language"] = "en"
    assert "Applicant day" in client.get(event.get_absolute_url()).content.decode()


def test_signed_in_visitors_get_a_fresh_page(client, settings):
    from events.tests.factories import UserFactory

    settings.PUBLIC_PAGE_CACHE_SECONDS = 10
    event = EventFactory(title_de="Alt")
    client.get(event.get_absolute_url())
    event.title_de = "Neu"
    event.save()
    client.force_login(UserFactory())
    assert "Neu" in client.get(event.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "window",
    [
        {"registration_opens_at": timedelta(days=2)},
        {"registration_opens_at": -timedelta(days=9), "registration_closes_at": -timedelta(days=1)},
    ],
)
def test_sign_up_is_offered_only_within_the_sign_up_window(client, window):
    now = timezone.now()
    event = EventFactory(**{name: now + shift for name, shift in window.items()})
    open_event = EventFactory()
    sign_up = reverse("applicants:sign_up", kwargs={"slug": event.slug})

    assert sign_up not in client.get(event.get_absolute_url()).content.decode()
    assert (
        reverse("applicants:sign_up", kwargs={"slug": open_event.slug})
        in client.get(open_event.get_absolute_url()).content.decode()
    )


def test_header_leads_applicants_to_their_registration_and_staff_login_waits_in_the_footer(
    client,
):
    content = client.get(reverse("events:home")).content.decode()
    header = content[content.index("<header") : content.index("</header>")]
    footer = content[content.index("<footer") : content.index("</footer>")]
    assert reverse("applicants:link_request") in header
    assert reverse("login") not in header
    assert f'<a href="{reverse("login")}">' in footer


def test_event_ending_the_same_berlin_day_shows_only_its_end_time(client):
    berlin = timezone.get_default_timezone()
    event = EventFactory(
        starts_at=timezone.datetime(2026, 12, 22, 0, 30, tzinfo=berlin),
        ends_at=timezone.datetime(2026, 12, 22, 10, 0, tzinfo=berlin),
    )
    content = client.get(event.get_absolute_url()).content.decode()
    assert "22. Dezember 2026, 00:30 – 10:00<" in content


def test_a_kept_page_is_never_served_past_the_cache_time(client, settings, monkeypatch):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 10
    event = EventFactory(title_de="Alt")
    client.get(event.get_absolute_url())
    client.get(event.get_absolute_url())  # read from the cache: kept in the process too
    event.title_de = "Neu"
    event.save()
    assert "Alt" in client.get(event.get_absolute_url()).content.decode()

    later = time.time() + 10
    monkeypatch.setattr(jobfair.cache, "time", SimpleNamespace(time=lambda: later))

    assert "Neu" in client.get(event.get_absolute_url()).content.decode()
