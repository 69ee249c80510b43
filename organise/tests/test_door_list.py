"""The printed door list, the last way in when the network fails, and the
page where its ticks are entered afterwards."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from applicants.models import Registration
from applicants.tests.factories import RegistrationFactory
from events.tests.factories import OrganisationFactory, SlotFactory, UserFactory
from organise.tests.bulk import queries_for, registrations_bulk_create, waiting_bulk_create

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def english(organiser_client):
    organiser_client.cookies["django_language"] = "en"
    return organiser_client


def _url(name, event):
    return reverse(f"organise:{name}", kwargs={"pk": event.pk})


def _rows(content: str) -> list[int]:
    """The registrations' ids in the order of the list's rows."""
    return [int(pk) for pk in re.findall(r'<tr id="door-(\d+)">', content)]


def _row(content: str, registration) -> str:
    start = content.index(f'<tr id="door-{registration.pk}">')
    return content[start : content.index("</tr>", start)]


def _person(event, last_name, first_name="Layla", **fields):
    return RegistrationFactory(
        event=event, applicant__last_name=last_name, applicant__first_name=first_name, **fields
    )


def test_names_are_sorted_as_in_a_german_list(organiser_client, event):
    names = ["Zimmermann", "Öztürk", "van Dijk", "Ostermann", "Abdi", "Strauß", "Straub"]
    people = {name: _person(event, name) for name in names}
    amir = _person(event, "Haddad", "amir")
    layla = _person(event, "Haddad", "Layla")

    content = organiser_client.get(_url("door_list", event)).content.decode()

    expected = ["Abdi", "Ostermann", "Öztürk", "Straub", "Strauß", "van Dijk", "Zimmermann"]
    ordered = [people[name].pk for name in expected]
    assert _rows(content) == ordered[:1] + [amir.pk, layla.pk] + ordered[1:]


def test_the_list_holds_places_and_waiting_people_but_not_cancelled_or_invited(
    organiser_client, event
):
    Status = Registration.Status
    listed = [
        _person(event, "Angemeldet"),
        _person(event, "Wartend", status=Status.WAITLISTED),
        _person(event, "Da", status=Status.ATTENDED),
    ]
    _person(event, "Storniert", status=Status.CANCELLED)
    _person(event, "Eingeladen", status=Status.INVITED)
    RegistrationFactory(applicant__last_name="Anderswo")

    content = organiser_client.get(_url("door_list", event)).content.decode()

    assert sorted(_rows(content)) == sorted(r.pk for r in listed)
    for name in ["Storniert", "Eingeladen", "Anderswo"]:
        assert name not in content


def test_a_row_has_a_box_to_tick_the_code_and_the_waiting_status(english, event):
    waiting = _person(event, "Haddad", code="HK47QA", status=Registration.Status.WAITLISTED)

    content = english.get(_url("door_list", event)).content.decode()

    row = _row(content, waiting)
    assert '<span class="door-box" aria-hidden="true"></span>' in row
    assert '<th scope="row">Haddad</th>' in row
    assert "<td>Layla</td>" in row
    assert '<span class="door-code" dir="ltr">HK4-7QA</span>' in row
    assert "On the waiting list" in row
    assert "css/door_list.css" in content
    assert "print this list with your browser (Ctrl+P)" in content


def test_someone_present_already_has_a_tick_and_their_time_instead_of_a_box(english, event):
    present = _person(
        event,
        "Kovalenko",
        status=Registration.Status.ATTENDED,
        checked_in_at=datetime(2025, 5, 14, 9, 42, tzinfo=BERLIN),
    )

    content = english.get(_url("door_list", event)).content.decode()

    row = _row(content, present)
    assert "door-box" not in row
    assert '<span aria-hidden="true">✓</span>' in row
    assert "9:42" in row
    assert "Attended" not in row


def test_the_header_names_the_event_and_counts_the_people(english, event):
    _person(event, "Eins")
    _person(event, "Zwei", status=Registration.Status.WAITLISTED)
    _person(event, "Drei", status=Registration.Status.ATTENDED, checked_in_at=event.starts_at)
    _person(event, "Vier", status=Registration.Status.CANCELLED)

    content = english.get(_url("door_list", event)).content.decode()

    header = content.split('id="door-title"')[1].split('class="door-counts"')[0]
    assert '<span class="d-none d-print-inline">Applicant day' in header
    assert f"{event.venue.name}, {event.venue.city}" in header
    counts = content.split('class="door-counts"')[1].split("</p>")[0]
    assert 'With a place: <strong class="places">2</strong>' in counts
    assert 'On the waiting list: <strong class="waiting">1</strong>' in counts
    assert 'Present already: <strong class="present">1</strong>' in counts


def test_the_browser_keeps_no_copy_of_the_lists(organiser_client, event):
    for name in ["door_list", "door_ticks"]:
        response = organiser_client.get(_url(name, event))
        assert "no-store" in response["Cache-Control"], name


def test_the_check_in_page_leads_to_the_door_list(english, event):
    content = english.get(_url("checkin", event)).content.decode()
    assert f'href="{_url("door_list", event)}"' in content


def test_the_ticks_page_offers_a_named_checkbox_for_everyone_not_present(english, event):
    expected = _person(event, "Haddad", "Layla")
    present = _person(
        event, "Kovalenko", status=Registration.Status.ATTENDED, checked_in_at=event.starts_at
    )

    content = english.get(_url("door_ticks", event)).content.decode()

    row = _row(content, expected)
    assert (
        f'<input class="form-check-input door-tick" type="checkbox" name="registration" '
        f'value="{expected.pk}" id="tick-{expected.pk}">'
    ) in row
    assert f'<label class="visually-hidden" for="tick-{expected.pk}">Layla Haddad</label>' in row
    assert 'type="checkbox"' not in _row(content, present)
    assert "The time recorded is the time you save" in content


def test_entering_the_ticks_marks_exactly_the_ticked_people_present(english, event):
    ticked = [_person(event, "Haddad"), _person(event, "Wartend", status="waitlisted")]
    not_ticked = _person(event, "Kovalenko")

    response = english.post(
        _url("door_ticks", event), {"registration": [r.pk for r in ticked]}, follow=True
    )

    assert response.redirect_chain == [(_url("door_ticks", event), 302)]
    statuses = dict(event.registrations.values_list("applicant__last_name", "status"))
    assert statuses == {"Haddad": "attended", "Wartend": "attended", "Kovalenko": "registered"}
    assert all(r.checked_in_at for r in Registration.objects.filter(pk__in=[t.pk for t in ticked]))
    content = response.content.decode()
    assert "2 people marked present." in content
    assert _rows(content) == [ticked[0].pk, not_ticked.pk, ticked[1].pk]
    assert "door-tick" not in _row(content, ticked[0])


def test_a_cancelled_person_ticked_is_reported_and_the_others_go_through(english, event):
    cancelled = _person(event, "Storniert", "Sara", status=Registration.Status.CANCELLED)
    layla = _person(event, "Haddad")

    response = english.post(
        _url("door_ticks", event), {"registration": [cancelled.pk, layla.pk]}, follow=True
    )

    cancelled.refresh_from_db()
    layla.refresh_from_db()
    assert (cancelled.status, cancelled.checked_in_at) == (Registration.Status.CANCELLED, None)
    assert layla.status == Registration.Status.ATTENDED
    content = response.content.decode()
    assert "1 person marked present." in content
    assert (
        '<div class="alert alert-danger" role="status">Sara Storniert cancelled the '
        "registration: register them again first.</div>"
    ) in content


def test_people_present_already_keep_their_time_of_arrival(english, event):
    arrived = datetime(2025, 5, 14, 9, 42, tzinfo=BERLIN)
    present = _person(event, "Kovalenko", status="attended", checked_in_at=arrived)

    content = english.post(
        _url("door_ticks", event), {"registration": [present.pk]}, follow=True
    ).content.decode()

    present.refresh_from_db()
    assert present.checked_in_at == arrived
    assert "0 people marked present." in content
    assert "1 ticked person was present already." in content


def test_nothing_ticked_is_answered_on_the_page(english, event):
    layla = _person(event, "Haddad")

    response = english.post(_url("door_ticks", event), {"registration": ["", "abc"]})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Nobody was ticked. Tick at least one person, then save." in content
    assert f'id="tick-{layla.pk}"' in content
    layla.refresh_from_db()
    assert layla.checked_in_at is None


def test_ticks_for_people_of_another_event_change_nothing(organiser_client, event):
    elsewhere = RegistrationFactory(applicant__last_name="Anderswo")

    organiser_client.post(_url("door_ticks", event), {"registration": [elsewhere.pk]})

    elsewhere.refresh_from_db()
    assert elsewhere.checked_in_at is None


def test_another_organisations_organiser_gets_404(client, event):
    stranger = UserFactory(username="stranger")
    OrganisationFactory().members.add(stranger)
    client.force_login(stranger)
    registration = _person(event, "Haddad")

    assert client.get(_url("door_list", event)).status_code == 404
    assert client.get(_url("door_ticks", event)).status_code == 404
    response = client.post(_url("door_ticks", event), {"registration": [registration.pk]})
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.parametrize("name", ["door_list", "door_ticks"])
def test_queries_are_the_same_at_10_and_1000_people(organiser_client, event, name):
    url = _url(name, event)
    slot = SlotFactory(session__event=event)
    waiting_bulk_create(registrations=registrations_bulk_create(event=event, count=10), slot=slot)
    at_10 = queries_for(organiser_client, url)
    registrations_bulk_create(event=event, start=10, count=990)
    assert queries_for(organiser_client, url) == at_10 <= 8
