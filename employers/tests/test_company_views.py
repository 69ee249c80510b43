import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employers.models import Employer, Position
from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from events.choices import GermanLevel
from events.tests.factories import EventFactory, TradeFactory, UserFactory

pytestmark = pytest.mark.django_db

COMPANY = reverse("employers:company")


@pytest.fixture
def trade():
    return TradeFactory(name_en="Tiler")


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(COMPANY)
    assert response.url == reverse("employers:sign_in")


def test_navigation_leads_employers_to_their_company(client, employer_client):
    content = employer_client.get(reverse("events:home")).content.decode()
    assert f'href="{COMPANY}">My company</a>' in content
    assert "Sign out" in content


def test_navigation_invites_visitors_to_positions_and_sign_in(client):
    content = client.get(reverse("events:home")).content.decode()
    assert "Open positions" in content
    assert "For employers" in content
    assert "My company" not in content


def test_signed_in_user_without_a_company_is_refused(client):
    client.force_login(UserFactory())
    assert client.get(COMPANY).status_code == 403


def test_company_page_shows_own_positions_only(employer_client, employer):
    PositionFactory(employer=employer, title="Fliesenleger/in gesucht")
    PositionFactory(title="Fremde Stelle")

    content = employer_client.get(COMPANY).content.decode()

    assert employer.name in content
    assert "Fliesenleger/in gesucht" in content
    assert "Fremde Stelle" not in content


def test_adding_a_position(employer_client, employer, trade):
    response = employer_client.post(
        reverse("employers:position_create"),
        {
            "title": "Fliesenleger/in",
            "trade": trade.pk,
            "kind": Position.Kind.APPRENTICESHIP,
            "openings": 2,
            "german_level": GermanLevel.A2,
            "start_date": "2027-08-01",
            "description": "Start in August.",
            "driving_licence_required": "on",
            "accepts_unrecognised_qualification": "on",
        },
        follow=True,
    )

    position = employer.positions.get()
    assert (position.title, position.trade, position.kind, position.openings) == (
        "Fliesenleger/in",
        trade,
        Position.Kind.APPRENTICESHIP,
        2,
    )
    assert position.driving_licence_required
    assert position.accepts_unrecognised_qualification
    assert position.is_open
    content = response.content.decode()
    assert "is listed" in content
    assert "2 openings" in content


def test_position_with_no_openings_is_refused_and_input_kept(employer_client, employer, trade):
    response = employer_client.post(
        reverse("employers:position_create"),
        {"title": "Helfer/in", "trade": trade.pk, "kind": "helper", "openings": 0},
    )
    content = response.content.decode()
    assert "Ensure this value is greater than or equal to 1." in content
    assert 'value="Helfer/in"' in content
    assert employer.positions.count() == 0


def test_editing_closing_and_reopening_a_position(employer_client, employer):
    position = PositionFactory(employer=employer, title="Maurer/in")
    data = {
        "title": "Maurer/in (m/w/d)",
        "trade": position.trade.pk,
        "kind": position.kind,
        "openings": 3,
        "german_level": GermanLevel.B1,
    }
    employer_client.post(reverse("employers:position_edit", args=[position.pk]), data)
    position.refresh_from_db()
    assert (position.title, position.openings, position.german_level) == (
        "Maurer/in (m/w/d)",
        3,
        GermanLevel.B1,
    )

    response = employer_client.post(
        reverse("employers:position_close", args=[position.pk]), follow=True
    )
    position.refresh_from_db()
    assert not position.is_open
    assert "“Maurer/in (m/w/d)” is closed." in response.content.decode()

    employer_client.post(reverse("employers:position_reopen", args=[position.pk]))
    position.refresh_from_db()
    assert position.is_open


def test_closing_needs_a_post(employer_client, employer):
    position = PositionFactory(employer=employer)
    response = employer_client.get(reverse("employers:position_close", args=[position.pk]))
    assert response.status_code == 405
    position.refresh_from_db()
    assert position.is_open


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("employers:position_edit", "get"),
        ("employers:position_edit", "post"),
        ("employers:position_close", "post"),
        ("employers:position_reopen", "post"),
    ],
)
def test_another_employers_position_cannot_be_reached_by_its_id(employer_client, name, method):
    foreign = PositionFactory(title="Fremde Stelle", openings=1)

    response = getattr(employer_client, method)(
        reverse(name, args=[foreign.pk]), {"title": "Gekapert", "openings": 9}
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert (foreign.title, foreign.openings, foreign.is_open) == ("Fremde Stelle", 1, True)


def test_editing_company_details(employer_client, employer, trade):
    response = employer_client.post(
        reverse("employers:company_edit"),
        {
            "name": "Fliesen Hoffmann",
            "trades": [trade.pk],
            "street": "Markt 1",
            "postcode": "04425",
            "city": "Taucha",
            "contact_name": "Uwe Hoffmann",
            "email": "uwe@fliesen-hoffmann.de",
            "phone": "+49 341 7654321",
            "size": Employer.Size.MICRO,
            "languages": ["de", "pl"],
            "description": "",
        },
        follow=True,
    )

    employer.refresh_from_db()
    assert (employer.name, employer.city, employer.phone) == (
        "Fliesen Hoffmann",
        "Taucha",
        "+493417654321",
    )
    assert employer.user.email == "uwe@fliesen-hoffmann.de"
    assert list(employer.trades.all()) == [trade]
    assert "Your company&#x27;s details are saved." in response.content.decode()


def test_company_edit_form_is_filled_with_the_current_details(employer_client, employer, trade):
    employer.trades.set([trade])
    content = employer_client.get(reverse("employers:company_edit")).content.decode()
    assert f'value="{employer.name}"' in content
    assert re.search(rf'name="trades" value="{trade.pk}"[^>]* checked>', content)


def test_changing_to_another_companys_email_is_refused(employer_client, employer, trade):
    other = EmployerFactory(email="taken@example.org")
    response = employer_client.post(
        reverse("employers:company_edit"),
        {
            "name": employer.name,
            "trades": [trade.pk],
            "street": employer.street,
            "postcode": employer.postcode,
            "city": employer.city,
            "contact_name": employer.contact_name,
            "email": "Taken@example.org",
            "size": employer.size,
        },
    )
    assert "A company with this e-mail address is registered already." in response.content.decode()
    employer.refresh_from_db()
    assert employer.email != other.email


def _add_positions_requests_and_events(employer, count):
    for _ in range(count):
        PositionFactory(employer=employer, trade=TradeFactory())
        ParticipationFactory(employer=employer)
        EventFactory()


def _company_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(COMPANY)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_company_page_queries_are_the_same_for_1_and_15_positions_and_events(
    employer_client, employer
):
    _add_positions_requests_and_events(employer, 1)
    at_1, _content = _company_queries(employer_client)
    _add_positions_requests_and_events(employer, 14)
    at_15, content = _company_queries(employer_client)
    # Session, user, employer, its requests, open events, its positions, and
    # the navigation's look at the user's company.
    assert at_15 == at_1 <= 7
    assert content.count("Ask to attend") == 15
    assert content.count("Close (filled)") == 15
