from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Booking, Registration
from applicants.tests.factories import BookingFactory, RegistrationFactory
from employers.models import Participation
from employers.tests.factories import ParticipationFactory
from events.models import Event
from events.tests.factories import EventFactory, SlotFactory
from organise.tests.bulk import queries_for, registrations_bulk_create, waiting_bulk_create

pytestmark = pytest.mark.django_db


def _section(content, key):
    start = content.index(f'<section id="events-{key}"')
    return content[start : content.index("</section>", start)]


def test_dashboard_groups_events_with_their_numbers(organiser_client, organisation):
    soon = EventFactory(
        organisations=[organisation],
        title_de="Bewerbertag Bau",
        capacity=80,
        starts_at=timezone.make_aware(
            datetime.combine(timezone.localdate() + timedelta(days=10), time(10))
        ),
    )
    RegistrationFactory.create_batch(3, event=soon)
    RegistrationFactory(event=soon, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=soon, status=Registration.Status.CANCELLED)
    ParticipationFactory(event=soon, status=Participation.Status.APPROVED)
    ParticipationFactory(event=soon, status=Participation.Status.PENDING)
    EventFactory(organisations=[organisation], title_de="Entwurf Seminar", status="draft")
    EventFactory(
        organisations=[organisation],
        title_de="Vorjahr",
        starts_at=timezone.now() - timedelta(days=300),
    )
    EventFactory(title_de="Fremde Messe")

    content = organiser_client.get(reverse("organise:dashboard")).content.decode()

    assert "Fremde Messe" not in content
    upcoming = _section(content, "upcoming")
    assert "Bewerbertag Bau" in upcoming
    assert '<td class="registrations">3 / 80</td>' in upcoming
    assert '<td class="waitlisted">1</td>' in upcoming
    assert '<td class="employers">1</td>' in upcoming
    assert '<td class="days">10 ' in upcoming
    assert "Entwurf Seminar" in _section(content, "drafts")
    assert "Vorjahr" in _section(content, "past")


@pytest.fixture
def workshop_day(organisation):
    """The fair day of the issue, small: 5 of 8 guest places taken, 2 of
    them in the full bricklayers' workshop, 3 people waiting for it (one of
    them also for the tilers'), 1 person waiting for a guest place."""
    event = EventFactory(organisations=[organisation], title_de="Bewerbertag Bau", capacity=8)
    bricklayers = SlotFactory(session__event=event, capacity=2)
    tilers = SlotFactory(session__event=event, capacity=0)
    placed = RegistrationFactory.create_batch(5, event=event)
    for registration in placed[:2]:
        BookingFactory(registration=registration, slot=bricklayers)
    for registration in placed[2:]:
        BookingFactory(
            registration=registration, slot=bricklayers, status=Booking.Status.WAITLISTED
        )
    BookingFactory(registration=placed[4], slot=tilers, status=Booking.Status.WAITLISTED)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    return event


def test_dashboard_tells_workshop_places_and_both_waiting_lists_apart(
    organiser_client, workshop_day
):
    organiser_client.cookies["django_language"] = "en"
    content = organiser_client.get(reverse("organise:dashboard")).content.decode()
    upcoming = _section(content, "upcoming")
    assert "Registered for the event / places" in upcoming
    assert '<td class="registrations">5 / 8</td>' in upcoming
    assert '<td class="with-workshop">2</td>' in upcoming
    assert '<td class="waitlisted">1</td>' in upcoming
    waiting = upcoming[upcoming.index('<td class="workshop-waiting">') :].split("</td>")[0]
    assert "3 people" in waiting
    assert "Places on waiting lists: 4" in waiting


def test_event_page_tells_workshop_places_and_both_waiting_lists_apart(
    organiser_client, workshop_day
):
    organiser_client.cookies["django_language"] = "en"
    url = reverse("organise:event_detail", kwargs={"pk": workshop_day.pk})
    content = organiser_client.get(url).content.decode()

    def figure(key):
        start = content.index(f'id="count-{key}">') + len(f'id="count-{key}">')
        return " ".join(content[start : content.index("</dd>", start)].split())

    assert figure("registered") == "5 of 8 places taken, 0 present"
    assert figure("waitlisted") == "1 person"
    assert figure("with-workshop") == "2 people"
    assert figure("workshop-waiting").startswith("3 people")
    assert "Places on waiting lists: 4" in figure("workshop-waiting")


def test_dashboard_queries_are_the_same_at_10_and_1000_registrations(
    organiser_client, organisation
):
    url = reverse("organise:dashboard")
    event = EventFactory(organisations=[organisation])
    slot = SlotFactory(session__event=event)
    waiting_bulk_create(registrations=registrations_bulk_create(event=event, count=10), slot=slot)
    at_10 = queries_for(organiser_client, url)
    waiting_bulk_create(
        registrations=registrations_bulk_create(event=event, start=10, count=990), slot=slot
    )
    for _ in range(5):
        EventFactory(organisations=[organisation], status=Event.Status.DRAFT)
    assert queries_for(organiser_client, url) == at_10 <= 8


def test_event_page_queries_are_the_same_at_10_and_1000_registrations(organiser_client, event):
    url = reverse("organise:event_detail", kwargs={"pk": event.pk})
    slot = SlotFactory(session__event=event, capacity=2000)
    full = SlotFactory(session__event=event, capacity=0)
    waiting_bulk_create(
        registrations=registrations_bulk_create(event=event, count=10, slot=slot), slot=full
    )
    at_10 = queries_for(organiser_client, url)
    waiting_bulk_create(
        registrations=registrations_bulk_create(event=event, start=10, count=990, slot=slot),
        slot=full,
    )
    SlotFactory(session__event=event)
    assert queries_for(organiser_client, url) == at_10 <= 10
