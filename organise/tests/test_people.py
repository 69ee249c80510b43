import pytest
from django.urls import reverse

from applicants.models import Registration
from applicants.tests.factories import ApplicantFactory, BookingFactory, RegistrationFactory
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from events.tests.factories import SlotFactory, TradeFactory
from messaging.models import Message
from organise.tests.bulk import queries_for, registrations_bulk_create

pytestmark = pytest.mark.django_db


def _names(response):
    return [
        f"{registration.applicant.last_name}, {registration.applicant.first_name}"
        for registration in response.context["page"].object_list
    ]


@pytest.fixture
def people(event):
    bricklayer = TradeFactory(name_de="Maurer/in")
    ahmad = ApplicantFactory(
        first_name="Ahmad",
        last_name="Al-Hassan",
        spoken_languages=["ar"],
        needs_interpreter=True,
        interpreter_language="ar",
    )
    ahmad.trades.add(bricklayer)
    RegistrationFactory(event=event, applicant=ahmad)
    RegistrationFactory(
        event=event,
        status=Registration.Status.WAITLISTED,
        applicant=ApplicantFactory(
            first_name="Olena", last_name="Kovalenko", spoken_languages=["uk", "ru"]
        ),
    )
    RegistrationFactory(
        event=event,
        applicant=ApplicantFactory(
            first_name="Jürgen", last_name="Müller", spoken_languages=["de"]
        ),
    )
    RegistrationFactory(applicant=ApplicantFactory(first_name="Fremd", last_name="Anderswo"))
    return {"bricklayer": bricklayer}


def _get(client, event, **params):
    return client.get(reverse("organise:registrations", kwargs={"pk": event.pk}), params)


def test_lists_only_this_events_registrations_by_name(organiser_client, event, people):
    assert _names(_get(organiser_client, event)) == [
        "Al-Hassan, Ahmad",
        "Kovalenko, Olena",
        "Müller, Jürgen",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "MÜLL"}, ["Müller, Jürgen"]),
        ({"q": "olena kova"}, ["Kovalenko, Olena"]),
        ({"status": "waitlisted"}, ["Kovalenko, Olena"]),
        ({"language": "ru"}, ["Kovalenko, Olena"]),
        ({"interpreter": "yes"}, ["Al-Hassan, Ahmad"]),
        ({"interpreter": "no"}, ["Kovalenko, Olena", "Müller, Jürgen"]),
    ],
)
def test_search_and_filters(organiser_client, event, people, params, expected):
    assert _names(_get(organiser_client, event, **params)) == expected


def test_filter_by_trade(organiser_client, event, people):
    response = _get(organiser_client, event, trade=people["bricklayer"].pk)
    assert _names(response) == ["Al-Hassan, Ahmad"]
    assert "Maurer/in" in response.content.decode()


def test_list_is_paginated_by_fifty(organiser_client, event):
    registrations_bulk_create(event=event, count=120)
    response = _get(organiser_client, event, page=3)
    assert len(response.context["page"].object_list) == 20
    assert _names(response)[0] == "Müller0100, Gast100"


def test_list_queries_are_the_same_at_10_and_1000_registrations(organiser_client, event):
    slot, trades = SlotFactory(session__event=event), [TradeFactory()]
    url = reverse("organise:registrations", kwargs={"pk": event.pk})
    params = {"q": "Gast", "interpreter": "yes"}
    registrations_bulk_create(event=event, count=10, trades=trades, slot=slot)
    at_10 = queries_for(organiser_client, url, params)
    registrations_bulk_create(event=event, start=10, count=990, trades=trades, slot=slot)
    assert queries_for(organiser_client, url, params) == at_10 <= 12


def test_waiting_lists_in_order_of_arrival(organiser_client, event):
    first = RegistrationFactory(
        event=event, status="waitlisted", applicant=ApplicantFactory(last_name="Erste")
    )
    RegistrationFactory(
        event=event, status="waitlisted", applicant=ApplicantFactory(last_name="Zweite")
    )
    slot = SlotFactory(session__event=event, session__title_de="Lehrkabinett Zimmerer", capacity=1)
    BookingFactory(slot=slot, registration__event=event)
    BookingFactory(slot=slot, registration=first, status="waitlisted")
    content = organiser_client.get(
        reverse("organise:waiting_list", kwargs={"pk": event.pk})
    ).content.decode()
    event_list = content[content.index('class="waiting-event"') :]
    assert event_list.index("Erste") < event_list.index("Zweite")
    slot_list = content[content.index('class="waiting-slot"') :]
    assert "Erste" in slot_list
    assert "Lehrkabinett Zimmerer" in content


def test_approve_employer_with_a_table(organiser_client, organiser, event):
    participation = ParticipationFactory(
        event=event, employer=EmployerFactory(name="Dachdeckerei Krause")
    )
    participation.positions.add(
        PositionFactory(employer=participation.employer, title="Dachdecker/in")
    )
    page = organiser_client.get(reverse("organise:participations", kwargs={"pk": event.pk}))
    assert "Dachdeckerei Krause" in page.content.decode()
    assert "Dachdecker/in" in page.content.decode()

    organiser_client.post(
        reverse(
            "organise:participation_decide",
            kwargs={"pk": event.pk, "participation_pk": participation.pk},
        ),
        {"decision": "approved", "table": "A3"},
    )
    participation.refresh_from_db()
    assert (participation.status, participation.table, participation.decided_by) == (
        Participation.Status.APPROVED,
        "A3",
        organiser,
    )
    assert participation.decided_at is not None
    assert list(Message.objects.values_list("kind", "recipient")) == [
        ("participation_approved", participation.employer.email)
    ]


def test_decline_employer(organiser_client, event):
    participation = ParticipationFactory(event=event, table="B1")
    organiser_client.post(
        reverse(
            "organise:participation_decide",
            kwargs={"pk": event.pk, "participation_pk": participation.pk},
        ),
        {"decision": "declined", "table": ""},
    )
    participation.refresh_from_db()
    assert (participation.status, participation.table) == (Participation.Status.DECLINED, "")
    assert list(Message.objects.values_list("kind", flat=True)) == ["participation_declined"]


def test_unknown_decision_changes_nothing(organiser_client, event):
    participation = ParticipationFactory(event=event)
    organiser_client.post(
        reverse(
            "organise:participation_decide",
            kwargs={"pk": event.pk, "participation_pk": participation.pk},
        ),
        {"decision": "withdrawn"},
    )
    participation.refresh_from_db()
    assert participation.status == Participation.Status.PENDING


def test_employers_page_queries_are_bounded(organiser_client, event, django_assert_max_num_queries):
    for _ in range(10):
        participation = ParticipationFactory(event=event)
        participation.positions.add(PositionFactory(employer=participation.employer))
    with django_assert_max_num_queries(10):
        organiser_client.get(reverse("organise:participations", kwargs={"pk": event.pk}))
