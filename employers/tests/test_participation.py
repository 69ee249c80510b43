from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from devtools.builders import bench_registrations_create
from employers.models import Participation
from employers.services import (
    ParticipationNotAllowed,
    participation_approve,
    participation_decline,
    participation_request,
    participation_withdraw,
)
from employers.tests.factories import ParticipationFactory, PositionFactory
from employers.tests.mail_text import in_german
from events.models import Event
from events.tests.factories import EventFactory, SlotFactory, UserFactory
from messaging.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(title_en="Applicant day construction")


@pytest.fixture
def organiser():
    return UserFactory(username="simone")


def test_company_page_offers_published_upcoming_events(employer_client, event):
    EventFactory(title_en="Draft day", status=Event.Status.DRAFT)
    EventFactory(title_en="Past day", starts_at=timezone.now() - timedelta(days=2))

    content = employer_client.get(reverse("employers:company")).content.decode()

    assert "Applicant day construction" in content
    assert "Draft day" not in content
    assert "Past day" not in content


def test_asking_to_attend_with_people_and_positions(employer_client, employer, event):
    wanted = PositionFactory(employer=employer, title="Maurer/in")
    PositionFactory(employer=employer, title="Helfer/in")

    response = employer_client.post(
        reverse("employers:participation_request", args=[event.slug]),
        {"attendees": 2, "positions": [wanted.pk]},
        follow=True,
    )

    participation = employer.participations.get()
    assert (participation.event, participation.status, participation.attendees) == (
        event,
        Participation.Status.PENDING,
        2,
    )
    assert list(participation.positions.all()) == [wanted]
    content = response.content.decode()
    assert "Pending" in content
    assert "Maurer/in" in content
    assert "Helfer/in" not in content


def test_request_form_offers_only_own_open_positions(employer_client, employer, event):
    PositionFactory(employer=employer, title="Offene Stelle")
    PositionFactory(employer=employer, title="Besetzte Stelle", is_open=False)
    PositionFactory(title="Stelle einer anderen Firma")

    content = employer_client.get(
        reverse("employers:participation_request", args=[event.slug])
    ).content.decode()

    assert "Offene Stelle" in content
    assert "Besetzte Stelle" not in content
    assert "Stelle einer anderen Firma" not in content


def test_another_employers_position_cannot_be_named(employer_client, employer, event):
    PositionFactory(employer=employer)
    foreign = PositionFactory()
    response = employer_client.post(
        reverse("employers:participation_request", args=[event.slug]),
        {"attendees": 1, "positions": [foreign.pk]},
    )
    assert "Select a valid choice." in response.content.decode()
    assert employer.participations.count() == 0


def test_draft_event_cannot_be_asked_for(employer_client, employer):
    draft = EventFactory(status=Event.Status.DRAFT)
    response = employer_client.post(
        reverse("employers:participation_request", args=[draft.slug]), {"attendees": 1}
    )
    assert response.status_code == 404
    assert employer.participations.count() == 0


def test_pending_request_can_be_changed(employer_client, employer, event):
    participation = ParticipationFactory(employer=employer, event=event, attendees=1)
    url = reverse("employers:participation_request", args=[event.slug])

    assert 'value="1"' in employer_client.get(url).content.decode()
    employer_client.post(url, {"attendees": 3})

    participation.refresh_from_db()
    assert participation.attendees == 3
    assert employer.participations.count() == 1


def test_approved_request_shows_table_and_programme(employer_client, employer, event):
    SlotFactory(session__event=event, session__title_en="Teaching workshop: bricklayer")
    participation = ParticipationFactory(
        employer=employer, event=event, status=Participation.Status.APPROVED, table="B 7"
    )

    content = employer_client.get(
        reverse("employers:participation_detail", args=[participation.pk])
    ).content.decode()

    assert "Approved" in content
    assert "B 7" in content
    assert "Teaching workshop: bricklayer" in content


def _detail_queries(client, participation) -> tuple[int, str]:
    url = reverse("employers:participation_detail", args=[participation.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _workshops(event, count) -> list:
    return [SlotFactory(session__event=event, capacity=2000) for _ in range(count)]


def test_approved_request_queries_are_the_same_at_10_and_1000_registrations(
    employer_client, employer, event
):
    participation = ParticipationFactory(
        employer=employer, event=event, status=Participation.Status.APPROVED
    )
    participation.positions.set([PositionFactory(employer=employer)])
    slots = _workshops(event, 1)
    bench_registrations_create(event=event, count=10, slots=slots)
    at_10, _content = _detail_queries(employer_client, participation)

    participation.positions.add(*PositionFactory.create_batch(9, employer=employer))
    slots += _workshops(event, 9)
    bench_registrations_create(event=event, start=10, count=990, slots=slots)
    at_1000, content = _detail_queries(employer_client, participation)

    assert at_1000 == at_10
    assert content.count('<li class="mb-2">') == 10
    assert content.count("Maurer/in (") == 10


def test_pending_request_shows_no_programme_yet(employer_client, employer, event):
    SlotFactory(session__event=event, session__title_en="Teaching workshop: bricklayer")
    participation = ParticipationFactory(employer=employer, event=event)
    content = employer_client.get(
        reverse("employers:participation_detail", args=[participation.pk])
    ).content.decode()
    assert "Pending" in content
    assert "Teaching workshop: bricklayer" not in content


def test_withdrawing_before_the_day(employer_client, employer, event):
    participation = ParticipationFactory(
        employer=employer, event=event, status=Participation.Status.APPROVED
    )

    response = employer_client.post(
        reverse("employers:participation_withdraw", args=[participation.pk]), follow=True
    )

    participation.refresh_from_db()
    assert participation.status == Participation.Status.WITHDRAWN
    assert "You have withdrawn from" in response.content.decode()


def test_withdrawing_on_the_day_is_refused(employer_client, employer):
    today = EventFactory(starts_at=timezone.now() + timedelta(minutes=5))
    participation = ParticipationFactory(employer=employer, event=today)

    response = employer_client.post(
        reverse("employers:participation_withdraw", args=[participation.pk]), follow=True
    )

    participation.refresh_from_db()
    assert participation.status == Participation.Status.PENDING
    assert "This request can no longer be withdrawn." in response.content.decode()


def test_withdrawn_request_can_be_made_again(employer, event):
    participation = ParticipationFactory(
        employer=employer, event=event, status=Participation.Status.WITHDRAWN
    )
    participation_request(employer=employer, event=event, attendees=1, positions=[])
    participation.refresh_from_db()
    assert participation.status == Participation.Status.PENDING


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("employers:participation_detail", "get"),
        ("employers:participation_withdraw", "post"),
    ],
)
def test_another_employers_participation_cannot_be_reached_by_its_id(employer_client, name, method):
    foreign = ParticipationFactory()
    response = getattr(employer_client, method)(reverse(name, args=[foreign.pk]))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Participation.Status.PENDING


def test_employer_without_positions_is_asked_to_add_one(employer_client, event):
    content = employer_client.get(
        reverse("employers:participation_request", args=[event.slug])
    ).content.decode()
    assert "Add an open position first" in content


def test_anonymous_visitor_cannot_ask_to_attend(client, event):
    response = client.post(
        reverse("employers:participation_request", args=[event.slug]), {"attendees": 1}
    )
    assert response.status_code == 302
    assert Participation.objects.count() == 0


# Services the organisers' pages call


def test_approving_sets_table_and_tells_the_employer(employer, event, organiser):
    participation = ParticipationFactory(employer=employer, event=event)

    participation_approve(participation=participation, table="A 3", decided_by=organiser)

    participation.refresh_from_db()
    assert (participation.status, participation.table, participation.decided_by) == (
        Participation.Status.APPROVED,
        "A 3",
        organiser,
    )
    assert participation.decided_at is not None
    message = Message.objects.get()
    assert (message.kind, message.recipient, message.event) == (
        "participation_approved",
        employer.email,
        event,
    )
    assert message.subject == in_german("You are expected: %(title)s", title=event.title_de)
    assert "A 3" in message.body_text


def test_approval_email_goes_out_after_commit(
    employer, event, organiser, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    participation = ParticipationFactory(employer=employer, event=event)

    with django_capture_on_commit_callbacks(execute=True):
        participation_approve(participation=participation, table="A 3", decided_by=organiser)

    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([employer.email], in_german("You are expected: %(title)s", title=event.title_de))
    ]


def test_approving_again_changes_the_table_without_a_second_email(employer, event, organiser):
    participation = ParticipationFactory(employer=employer, event=event)
    participation_approve(participation=participation, table="A 3", decided_by=organiser)
    participation_approve(participation=participation, table="C 1", decided_by=organiser)
    participation.refresh_from_db()
    assert participation.table == "C 1"
    assert Message.objects.count() == 1


def test_declining_tells_the_employer(employer, event, organiser):
    participation = ParticipationFactory(employer=employer, event=event)

    participation_decline(participation=participation, decided_by=organiser)

    participation.refresh_from_db()
    assert participation.status == Participation.Status.DECLINED
    assert participation.decided_by == organiser
    message = Message.objects.get()
    assert (message.kind, message.recipient) == ("participation_declined", employer.email)
    assert message.subject == in_german("Your request for %(title)s", title=event.title_de)


def test_withdrawn_request_cannot_be_decided(employer, event, organiser):
    participation = ParticipationFactory(
        employer=employer, event=event, status=Participation.Status.WITHDRAWN
    )
    with pytest.raises(ParticipationNotAllowed):
        participation_approve(participation=participation, decided_by=organiser)
    with pytest.raises(ParticipationNotAllowed):
        participation_decline(participation=participation, decided_by=organiser)
    assert Message.objects.count() == 0


def test_decided_request_cannot_be_changed_by_the_employer(employer, event, organiser):
    participation = ParticipationFactory(employer=employer, event=event)
    participation_decline(participation=participation, decided_by=organiser)
    with pytest.raises(ParticipationNotAllowed):
        participation_request(employer=employer, event=event, attendees=4, positions=[])
    with pytest.raises(ParticipationNotAllowed):
        participation_withdraw(participation=Participation.objects.get(pk=participation.pk))
