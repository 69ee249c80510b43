import pytest
from django.urls import reverse

from employers.models import Participation
from employers.selectors import event_employers_public, participations_for_event
from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from events.choices import GermanLevel
from events.models import Event
from events.tests.factories import EventFactory, SlotFactory, TradeFactory

pytestmark = pytest.mark.django_db

POSITIONS = reverse("employers:positions_public")


def _titles(response):
    return [position.title for position in response.context["page"]]


def test_public_list_shows_open_positions_only(client):
    PositionFactory(title="Maurer/in", employer__name="Bau Schröder GmbH")
    PositionFactory(title="Besetzt", is_open=False)

    response = client.get(POSITIONS)

    assert _titles(response) == ["Maurer/in"]
    content = response.content.decode()
    assert "Bau Schröder GmbH" in content
    assert "1 open position" in content


def test_public_list_filters_by_trade_kind_and_german_level(client):
    roofer = TradeFactory(slug="roofer")
    PositionFactory(title="Dach A2 Helfer", trade=roofer, kind="helper", german_level="A2")
    PositionFactory(title="Dach B2 Helfer", trade=roofer, kind="helper", german_level="B2")
    PositionFactory(title="Dach A1 Lehre", trade=roofer, kind="apprenticeship", german_level="A1")
    PositionFactory(title="Maurer A1 Helfer", kind="helper", german_level="A1")

    assert sorted(_titles(client.get(POSITIONS, {"trade": "roofer"}))) == [
        "Dach A1 Lehre",
        "Dach A2 Helfer",
        "Dach B2 Helfer",
    ]
    response = client.get(POSITIONS, {"trade": "roofer", "kind": "helper", "german_level": "B1"})
    assert _titles(response) == ["Dach A2 Helfer"]
    assert _titles(client.get(POSITIONS, {"german_level": GermanLevel.NONE})) == []


def test_filters_stay_selected_and_unknown_values_are_ignored(client):
    TradeFactory(slug="roofer", name_en="Roofer")
    PositionFactory(title="Maurer/in")

    content = client.get(POSITIONS, {"trade": "roofer", "kind": "helper"}).content.decode()
    assert '<option value="roofer" selected>' in content
    assert '<option value="helper" selected>' in content

    response = client.get(POSITIONS, {"trade": "no-such-trade"})
    assert response.status_code == 200
    assert _titles(response) == ["Maurer/in"]


def test_public_list_is_paginated_and_keeps_the_filters(client):
    trade = TradeFactory(slug="tiler")
    PositionFactory.create_batch(25, trade=trade, kind="skilled")

    response = client.get(POSITIONS, {"trade": "tiler", "kind": "skilled"})

    assert len(_titles(response)) == 20
    content = response.content.decode()
    assert "Page 1 of 2" in content
    assert 'href="?trade=tiler&amp;kind=skilled&amp;page=2"' in content
    assert len(_titles(client.get(POSITIONS, {"trade": "tiler", "page": 2}))) == 5


@pytest.mark.parametrize("count", [1, 25])
def test_public_list_queries_do_not_grow_with_positions(
    client, django_assert_max_num_queries, count
):
    for _ in range(count):
        PositionFactory(trade=TradeFactory())
    # The page's positions with their employers and trades, the total, and
    # the trades of the filter.
    with django_assert_max_num_queries(4):
        response = client.get(POSITIONS)
    assert len(_titles(response)) == min(count, 20)


def _approved(event, **employer_fields):
    employer = EmployerFactory(**employer_fields)
    ParticipationFactory(employer=employer, event=event, status=Participation.Status.APPROVED)
    return employer


def test_event_page_lists_approved_employers_and_their_positions_by_trade(client):
    event = EventFactory()
    roofer = TradeFactory(name_en="Roofer")
    bricklayer = TradeFactory(name_en="Bricklayer")
    krause = _approved(event, name="Dachdeckerei Krause")
    PositionFactory(employer=krause, trade=roofer, title="Dachdecker/in")
    PositionFactory(employer=krause, trade=roofer, title="Besetzt", is_open=False)
    schroeder = _approved(event, name="Bau Schröder GmbH")
    PositionFactory(employer=schroeder, trade=bricklayer, title="Maurer/in")
    pending = EmployerFactory(name="Noch nicht entschieden")
    ParticipationFactory(employer=pending, event=event)
    PositionFactory(employer=pending, trade=roofer, title="Unsichtbar")

    response = client.get(event.get_absolute_url())

    content = response.content.decode()
    assert "Employers at this event" in content
    assert "Dachdeckerei Krause" in content
    assert "Bau Schröder GmbH" in content
    assert "Noch nicht entschieden" not in content
    assert "Unsichtbar" not in content
    assert "Besetzt" not in content
    groups = response.context["event_employers"].trades
    assert [(str(g.trade), [p.title for p in g.positions]) for g in groups] == [
        ("Bricklayer", ["Maurer/in"]),
        ("Roofer", ["Dachdecker/in"]),
    ]


def test_event_page_shows_the_positions_named_for_the_event(client):
    event = EventFactory()
    employer = _approved(event)
    named = PositionFactory(employer=employer, title="Für diesen Tag")
    PositionFactory(employer=employer, title="Andere Stelle")
    employer.participations.get().positions.set([named])

    groups = event_employers_public(event=event).trades

    assert [p.title for g in groups for p in g.positions] == ["Für diesen Tag"]


def test_event_page_without_approved_employers_has_no_employer_section(client):
    event = EventFactory()
    ParticipationFactory(event=event)
    assert "Employers at this event" not in client.get(event.get_absolute_url()).content.decode()


@pytest.mark.parametrize("employers", [1, 12])
def test_event_page_queries_do_not_grow_with_employers(
    client, django_assert_max_num_queries, employers
):
    event = EventFactory()
    SlotFactory(session__event=event)
    for _ in range(employers):
        employer = _approved(event)
        for _ in range(3):
            PositionFactory(employer=employer, trade=TradeFactory())
    # The event page's own queries, plus three: the approved requests, the
    # positions named for the event and the employers' open positions.
    with django_assert_max_num_queries(7):
        response = client.get(event.get_absolute_url())
    assert len(response.context["event_employers"].employers) == employers


def test_organisers_see_requests_of_their_event_with_positions(django_assert_num_queries):
    event = EventFactory()
    other_event = EventFactory(status=Event.Status.PUBLISHED)
    first = ParticipationFactory(event=event, employer__name="A Bau")
    first.positions.set([PositionFactory(employer=first.employer, title="Maurer/in")])
    ParticipationFactory(event=event, employer__name="B Bau", status="approved")
    ParticipationFactory(event=other_event)

    first.employer.trades.set([TradeFactory(name_en="Bricklayer")])

    # The requests, the employers' trades and the positions named.
    with django_assert_num_queries(3):
        rows = [
            (
                p.employer.name,
                p.status,
                [str(trade) for trade in p.employer.trades.all()],
                [pos.title for pos in p.positions.all()],
            )
            for p in participations_for_event(event=event)
        ]

    assert rows == [
        ("B Bau", "approved", [], []),
        ("A Bau", "pending", ["Bricklayer"], ["Maurer/in"]),
    ]
    assert [p.employer.name for p in participations_for_event(event=event, status="pending")] == [
        "A Bau"
    ]


def test_employers_see_their_company_not_the_applicants_registration(employer_client):
    content = employer_client.get(reverse("events:home")).content.decode()
    assert reverse("employers:company") in content
    assert reverse("applicants:link_request") not in content
