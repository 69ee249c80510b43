from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Registration
from applicants.tests.factories import RegistrationFactory
from employers.models import Participation
from employers.tests.factories import ParticipationFactory
from events.models import Event
from events.tests.factories import EventFactory, SlotFactory
from organise.tests.bulk import queries_for, registrations_bulk_create

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


def test_dashboard_queries_are_the_same_at_10_and_1000_registrations(
    organiser_client, organisation
):
    url = reverse("organise:dashboard")
    event = EventFactory(organisations=[organisation])
    registrations_bulk_create(event=event, count=10)
    at_10 = queries_for(organiser_client, url)
    registrations_bulk_create(event=event, start=10, count=990)
    for _ in range(5):
        EventFactory(organisations=[organisation], status=Event.Status.DRAFT)
    assert queries_for(organiser_client, url) == at_10 <= 8


def test_event_page_queries_are_the_same_at_10_and_1000_registrations(organiser_client, event):
    url = reverse("organise:event_detail", kwargs={"pk": event.pk})
    slot = SlotFactory(session__event=event, capacity=2000)
    registrations_bulk_create(event=event, count=10, slot=slot)
    at_10 = queries_for(organiser_client, url)
    registrations_bulk_create(event=event, start=10, count=990, slot=slot)
    SlotFactory(session__event=event)
    assert queries_for(organiser_client, url) == at_10 <= 10
