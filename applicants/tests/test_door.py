"""The door list a device keeps, and the decision it makes offline: the same
as the server's on every case of ``door_cases.json`` (which the browser's
test reads too)."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applicants.door import door_day, door_decision, door_list, door_lookup, door_verifier
from applicants.models import Booking, Registration
from applicants.selectors import registration_for_code
from applicants.services.attendance import registration_check_in
from applicants.services.registrations import applicant_anonymise
from applicants.tests.factories import ApplicantFactory, BookingFactory, RegistrationFactory
from applicants.tokens import registration_token
from events.tests.factories import EventFactory, SessionFactory, SlotFactory
from organise.tests.bulk import registrations_bulk_create

pytestmark = pytest.mark.django_db

CASES = json.loads((Path(__file__).parent / "door_cases.json").read_text())["cases"]
# The sync endpoint's outcomes in the words of the door's decision.
SYNCED = {
    "checked_in": "valid",
    "already": "already",
    "conflict_cancelled": "cancelled",
    "unknown": "unknown",
}


def _scanned(scan: dict, registration: Registration) -> str:
    """What the scanner reads, or staff type, for one scan of a case."""
    badge = registration_token(registration, "badge")
    return {
        "badge": lambda: badge,
        "personal_link": lambda: registration_token(registration),
        "badge_forged": lambda: badge[:-1] + ("1" if badge[-1] == "0" else "0"),
        "code_typed": lambda: registration.code_display.lower(),
        "unknown_code": lambda: "XXX-XXX" if registration.code != "XXXXXX" else "YYY-YYY",
        "text": lambda: scan["text"],
    }[scan["scan"]]()


def door_case_build(case: dict, *, event) -> list[str]:
    """Set up a case's situation at ``event``; what each of its scans reads."""
    situation = case["situation"]
    if situation.get("fair_ended_long_ago"):
        event.starts_at = timezone.now() - timedelta(days=settings.RETENTION_DAYS + 2)
        event.ends_at = event.starts_at + timedelta(hours=6)
        event.save()
    registration = RegistrationFactory(
        event=event if situation.get("event", "this") == "this" else EventFactory(),
        status=situation["status"],
        checked_in_at=timezone.now() if situation.get("checked_in") else None,
    )
    if situation.get("data_deleted"):
        applicant_anonymise(applicant=registration.applicant)
        registration.refresh_from_db()
    return [_scanned(scan, registration) for scan in case["scans"]]


def _server_decides(*, event, scanned: str) -> str:
    """The check-in desk online: find by code, mark present."""
    registration = registration_for_code(event=event, code=scanned)
    if registration is None:
        return "unknown"
    was_in = registration.checked_in_at is not None
    try:
        registration_check_in(registration=registration)
    except ValidationError:
        return "cancelled"
    return "already" if was_in else "valid"


def _sync_decides(client, *, event, scanned: str, number: int) -> str:
    """A device back online sends the scan as a queued check-in."""
    item = {
        "client_id": f"00000000-0000-4000-8000-{number:012d}",
        "kind": "check_in",
        "recorded_at": timezone.now().isoformat(),
        "code": scanned,
    }
    response = client.post(
        reverse("organise:door_sync", kwargs={"pk": event.pk}),
        {"items": [item]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return SYNCED[response.json()["results"][0]["outcome"]]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
@pytest.mark.parametrize("side", ["server", "sync", "device"])
def test_the_door_decides_each_case_as_the_table_says(organiser_client, event, case, side):
    scans = door_case_build(case, event=event)
    if side == "device":
        downloaded = organiser_client.get(reverse("organise:door_data", kwargs={"pk": event.pk}))
        listed = json.loads(downloaded.content)
    decided = []
    for number, scanned in enumerate(scans):
        if side == "server":
            decided.append(_server_decides(event=event, scanned=scanned))
        elif side == "sync":
            decided.append(
                _sync_decides(organiser_client, event=event, scanned=scanned, number=number)
            )
        else:
            person = door_lookup(door_list=listed, scanned=scanned)
            decided.append(door_decision(person=person))
            if decided[-1] == "valid":
                # The device notes the arrival, as the server does.
                person["checked_in_at"] = timezone.now().isoformat()
    assert decided == [scan["expected"] for scan in case["scans"]]


def test_door_list_holds_what_the_door_needs_and_no_contact(event):
    layla = RegistrationFactory(
        event=event,
        applicant=ApplicantFactory(
            first_name="Layla", last_name="Haddad", email="layla@example.org", phone="+4915112345"
        ),
    )
    listed = door_list(event=event)
    assert set(listed) == {"event", "title", "day", "generated_at", "people"}
    assert (listed["event"], listed["title"]) == (event.pk, event.title)
    assert listed["people"] == [
        {
            "id": layla.pk,
            "first_name": "Layla",
            "last_name": "Haddad",
            "code": layla.code,
            "verifiers": [
                door_verifier(registration_token(layla, "badge")),
                door_verifier(registration_token(layla)),
            ],
            "status": "registered",
            "checked_in_at": None,
            "bookings": [],
        }
    ]
    text = json.dumps(listed)
    assert "layla@example.org" not in text
    assert "12345" not in text
    # Nobody can make a token from its verifier.
    assert registration_token(layla, "badge") not in text


def test_door_list_shows_the_days_confirmed_workshops_in_order(event):
    registration = RegistrationFactory(event=event)
    late = SlotFactory(
        session=SessionFactory(event=event, title_de="Schweißen"),
        starts_at=event.starts_at + timedelta(hours=3),
    )
    early = SlotFactory(
        session=SessionFactory(event=event, title_de="Pflege"), starts_at=event.starts_at
    )
    next_day = SlotFactory(session=late.session, starts_at=event.starts_at + timedelta(days=1))
    cancelled = SessionFactory(event=event, title_de="Fällt aus", cancelled_at=timezone.now())
    for slot in (late, early, next_day, SlotFactory(session=cancelled)):
        BookingFactory(registration=registration, slot=slot)
    BookingFactory(
        registration=registration,
        slot=SlotFactory(session__event=event, session__title_de="Warteliste"),
        status=Booking.Status.WAITLISTED,
    )
    (person,) = door_list(event=event)["people"]
    assert [booking["title"] for booking in person["bookings"]] == ["Pflege", "Schweißen"]
    assert person["bookings"][0]["starts_at"] == timezone.localtime(early.starts_at).isoformat()


def test_door_day_is_today_during_the_fair_and_its_first_day_before(event):
    assert door_day(event=event) == timezone.localdate(event.starts_at)
    event.starts_at = timezone.now() - timedelta(days=1)
    event.ends_at = timezone.now() + timedelta(days=1)
    assert door_day(event=event) == timezone.localdate()


def test_door_list_takes_three_queries_for_any_number_of_people(event, django_assert_num_queries):
    slot = SlotFactory(session__event=event)
    registrations_bulk_create(event=event, count=5, slot=slot)
    with django_assert_num_queries(3):
        small = door_list(event=event)
    registrations_bulk_create(event=event, count=200, start=5, slot=slot)
    with django_assert_num_queries(3):
        large = door_list(event=event)
    assert (len(small["people"]), len(large["people"])) == (5, 205)
    assert all(len(person["bookings"]) == 1 for person in large["people"])
