"""Groups behind one address get through the sign-up; floods against one
contact and bots that only fail do not (``jobfair.spam``)."""

from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from applicants.access import SIGN_UP_CEILING, SIGN_UP_CONTACT_LIMIT, SIGN_UP_SCOPE
from applicants.models import Registration
from applicants.tests.test_sign_up import form_data, sign_up_url
from events.tests.factories import EventFactory
from jobfair import spam
from messaging.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_in_english")]

SCHOOL = "203.0.113.7"
ELSEWHERE = "198.51.100.4"


@pytest.fixture
def event():
    return EventFactory(capacity=250)


@pytest.fixture
def clock(monkeypatch):
    """The time the waits are measured by, moved on by hand."""
    now = SimpleNamespace(value=spam.time.time())
    monkeypatch.setattr(spam, "time", SimpleNamespace(time=lambda: now.value))
    return now


def _person(number, **overrides):
    return form_data(first_name="Person", last_name=str(number), **overrides)


def _sign_up(client, event, number, *, address=SCHOOL, **overrides):
    """Person ``number`` sends the sign-up form from ``address``."""
    data = _person(number, **{"email": f"p{number}@example.org", **overrides})
    return client.post(sign_up_url(event), data, REMOTE_ADDR=address)


def test_two_hundred_people_sign_up_from_one_address(client, event):
    statuses = [_sign_up(client, event, n).status_code for n in range(200)]
    assert statuses == [302] * 200
    assert Registration.objects.filter(event=event).count() == 200


def test_two_hundred_sign_ups_with_one_email_address_stop_at_the_limit(client, event):
    limit = SIGN_UP_CONTACT_LIMIT["limit"]
    responses = [
        # Each from another address: a bot with many addresses is stopped too.
        _sign_up(
            client,
            event,
            n,
            email="Amal@Example.org" if n % 2 else "amal@example.org",
            address=f"10.0.{n // 250}.{n % 250 + 1}",
        )
        for n in range(200)
    ]
    statuses = [response.status_code for response in responses]
    assert statuses == [302] + [200] * (limit - 1) + [429] * (200 - limit)
    assert Message.objects.filter(recipient="amal@example.org").count() == limit
    assert Registration.objects.count() == 1
    refused = responses[-1]
    assert refused["Retry-After"] == str(SIGN_UP_CONTACT_LIMIT["period"])
    assert (
        "We have had many requests with this e-mail address in the last hour. Please "
        "look for our e-mail (also in the spam folder) or try again later."
    ) in refused.content.decode()
    # What they need is the message they have, not the form once more.
    assert "send the form again" not in refused.content.decode()


def test_sign_ups_with_one_mobile_number_in_any_spelling_stop_at_the_limit(client, event):
    limit = SIGN_UP_CONTACT_LIMIT["limit"]
    spellings = ["01512 3456789", "+49 151 23456789", "0151-23456789"]
    statuses = [
        _sign_up(
            client, event, n, email="", phone=spellings[n % 3], address=f"10.0.0.{n + 1}"
        ).status_code
        for n in range(30)
    ]
    assert statuses == [302] + [200] * (limit - 1) + [429] * (30 - limit)
    assert Message.objects.filter(recipient="+4915123456789").count() == limit


def test_the_contact_limit_counts_per_event(client, event):
    for n in range(SIGN_UP_CONTACT_LIMIT["limit"]):
        _sign_up(client, event, n, email="amal@example.org")
    other = EventFactory()
    assert _sign_up(client, other, 0, email="amal@example.org").status_code == 302


def test_failures_from_one_address_grow_a_wait_that_others_do_not_share(client, event, clock):
    for n in range(spam.FAILURES_FREE + 1):
        assert _sign_up(client, event, n, website="https://spam.example").status_code == 200

    waiting = _sign_up(client, event, 1)
    assert (waiting.status_code, waiting["Retry-After"]) == (429, "15")
    assert _sign_up(client, event, 2, address=ELSEWHERE).status_code == 302

    clock.value += 15
    assert _sign_up(client, event, 0, website="https://spam.example").status_code == 200
    waiting = _sign_up(client, event, 1)
    assert (waiting.status_code, waiting["Retry-After"]) == (429, "30")

    clock.value += 30
    assert _sign_up(client, event, 1).status_code == 302
    signed_up = Registration.objects.order_by("created_at")
    assert list(signed_up.values_list("applicant__last_name", flat=True)) == ["2", "1"]


def test_a_groups_mistakes_between_its_sign_ups_do_not_hold_it_up(client, event):
    # Enough mistakes to make an address of failures alone wait.
    people = spam.FAILURES_FREE + 2
    statuses = []
    for n in range(people):
        statuses.append(_sign_up(client, event, n, consent=None).status_code)
        statuses.append(_sign_up(client, event, n).status_code)
    assert statuses == [200, 302] * people
    assert Registration.objects.count() == people


def test_a_flood_from_one_address_meets_the_ceiling(client, event):
    flood = RequestFactory().post("/", REMOTE_ADDR=SCHOOL)
    spam.rate_limit_spend(
        flood, scope=SIGN_UP_SCOPE, count=SIGN_UP_CEILING["limit"] - 1, **SIGN_UP_CEILING
    )
    assert _sign_up(client, event, 1).status_code == 302
    refused = _sign_up(client, event, 2)
    assert (refused.status_code, refused["Retry-After"]) == (429, str(SIGN_UP_CEILING["period"]))
    assert "We received many forms from your connection" in refused.content.decode()
    assert _sign_up(client, event, 3, address=ELSEWHERE).status_code == 302
