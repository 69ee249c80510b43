"""The employer's table offline, the server's side: the codes a table
queued without network are sent back, each met as if typed now (a contact,
or why not); the service worker keeps only the table pages; the table page
is installable."""

import json
import re
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from applicants.models import Consent
from applicants.services.consents import consents_set
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from applicants.tokens import registration_token
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory
from events.tests.factories import EventFactory
from meetings.models import Contact
from meetings.views_offline import SYNC_ITEMS_MAX

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_in_english")]


@pytest.fixture
def fair():
    return EventFactory()


@pytest.fixture
def table(client, fair):
    participation = ParticipationFactory(
        event=fair, status=Participation.Status.APPROVED, employer=EmployerFactory()
    )
    client.force_login(participation.employer.user)
    return participation


def _person(event, *, first_name="Olena", shares=True):
    applicant = ApplicantFactory(first_name=first_name, last_name="Kovalenko")
    if shares:
        consents_set(applicant=applicant, purposes=[Consent.Purpose.SHARE])
    return RegistrationFactory(event=event, applicant=applicant)


def _item(code):
    return {"client_id": str(uuid.uuid4()), "code": code, "scanned_at": "2026-05-12T10:03:00Z"}


def _sync(client, participation, body):
    url = reverse("meetings:table_sync", kwargs={"pk": participation.pk})
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data, content_type="application/json")


def _contact_url(participation, contact):
    return reverse("meetings:contact", kwargs={"pk": participation.pk, "contact_pk": contact.pk})


def test_queued_codes_become_contacts_named_as_far_as_each_person_shares(client, table, fair):
    olena = _person(fair)
    hidden = _person(fair, first_name="Yusuf", shares=False)
    items = [_item(olena.code.lower()), _item(registration_token(hidden, "badge"))]
    response = _sync(client, table, {"items": items})
    assert response.status_code == 200
    contacts = {contact.registration: contact for contact in Contact.objects.all()}
    assert response.json() == {
        "results": [
            {
                "client_id": items[0]["client_id"],
                "code": items[0]["code"],
                "outcome": "contact",
                "contact": contacts[olena].pk,
                "url": _contact_url(table, contacts[olena]),
                "name": "Olena",
            },
            {
                "client_id": items[1]["client_id"],
                "code": items[1]["code"],
                "outcome": "contact",
                "contact": contacts[hidden].pk,
                "url": _contact_url(table, contacts[hidden]),
                "name": hidden.code_display,
            },
        ]
    }
    assert {contact.noted_by for contact in contacts.values()} == {table.employer.user}


def test_the_same_person_twice_is_one_contact_also_when_the_queue_is_sent_again(
    client, table, fair
):
    olena = _person(fair)
    items = [_item(olena.code), _item(registration_token(olena, "badge"))]
    first = _sync(client, table, {"items": items}).json()["results"]
    again = _sync(client, table, {"items": items}).json()["results"]
    assert Contact.objects.count() == 1
    assert {result["contact"] for result in first + again} == {Contact.objects.get().pk}


def test_codes_of_nobody_here_are_refused_with_the_reason(client, table, fair):
    other_fair = _person(EventFactory())
    items = [_item("QQQ-QQQ"), _item(registration_token(other_fair, "badge")), _item("  ")]
    results = _sync(client, table, {"items": items}).json()["results"]
    assert [(result["code"], result["outcome"], result["error"]) for result in results] == [
        (
            "QQQ-QQQ",
            "refused",
            "We do not know this code. Check it and try again: six letters and digits,"
            " as printed under the QR code.",
        ),
        (items[1]["code"], "refused", "This QR code is for another fair."),
        ("  ", "refused", "This field is required."),
    ]
    assert Contact.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        '{"items": "ABC-DEF"}',
        '{"items": [{"code": "ABC-DEF"}]}',
        '{"items": [{"client_id": 7, "code": "ABC-DEF"}]}',
        '{"items": [{"client_id": "a", "code": null}]}',
        json.dumps({"items": [_item("ABC-DEF")] * (SYNC_ITEMS_MAX + 1)}),
    ],
)
def test_a_malformed_queue_is_answered_400_with_what_to_send(client, table, body):
    response = _sync(client, table, body)
    assert response.status_code == 400
    assert response.json() == {
        "error": f'Send a JSON object with a list "items" of at most {SYNC_ITEMS_MAX} items,'
        ' each with "client_id" and "code".'
    }
    assert Contact.objects.count() == 0


def test_only_the_employers_own_approved_table_takes_a_queue(client, table, fair):
    olena = _person(fair)
    others = ParticipationFactory(event=fair, status=Participation.Status.APPROVED)
    pending = ParticipationFactory(event=EventFactory(), employer=table.employer)
    for participation in (others, pending):
        assert _sync(client, participation, {"items": [_item(olena.code)]}).status_code == 404
    assert Contact.objects.count() == 0


def test_the_queue_needs_the_csrf_token(table, fair):
    olena = _person(fair)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(table.employer.user)
    page = browser.get(reverse("meetings:table", kwargs={"pk": table.pk}))
    body = {"items": [_item(olena.code)]}
    assert _sync(browser, table, body).status_code == 403
    assert Contact.objects.count() == 0
    url = reverse("meetings:table_sync", kwargs={"pk": table.pk})
    token = page.context["csrf_token"]
    response = browser.post(
        url, json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=str(token)
    )
    assert (response.status_code, Contact.objects.count()) == (200, 1)


def test_the_queue_counts_in_the_tables_budget_of_codes(client, table, settings):
    settings.RATE_LIMIT_ENABLED = True
    cache.set(f"ratelimit:meetings-table-code:user-{table.employer.user.pk}", 120)
    assert _sync(client, table, {"items": [_item("QQQ-QQQ")]}).status_code == 429


def test_every_code_of_a_queue_counts_as_one_typed(client, table, settings):
    """Twenty codes in one request are twenty tries, not one."""
    settings.RATE_LIMIT_ENABLED = True
    cache.set(f"ratelimit:meetings-table-code:user-{table.employer.user.pk}", 101)
    queue = {"items": [_item(f"QQQ-QQ{digit}") for digit in "2345679" * 3][:20]}
    assert _sync(client, table, queue).status_code == 429


def test_the_table_page_names_its_manifest_and_offline_texts(client, table):
    content = client.get(reverse("meetings:table", kwargs={"pk": table.pk})).content.decode()
    manifest = reverse("meetings:table_manifest", kwargs={"pk": table.pk})
    assert f'<link rel="manifest" href="{manifest}"' in content
    assert 'data-sync-url="' + reverse("meetings:table_sync", kwargs={"pk": table.pk}) in content
    assert "Codes waiting: %(count)s" in content
    assert "<script>" not in content


def test_the_manifest_opens_the_table(client, table):
    response = client.get(reverse("meetings:table_manifest", kwargs={"pk": table.pk}))
    manifest = json.loads(response.content)
    page = reverse("meetings:table", kwargs={"pk": table.pk})
    assert response["Content-Type"] == "application/manifest+json"
    assert (manifest["start_url"], manifest["scope"], manifest["short_name"]) == (
        page,
        page,
        "At my table",
    )


def test_the_worker_keeps_only_the_table_pages_and_their_files(client, table):
    response = client.get("/talks/employer/table-sw.js")
    script = response.content.decode()
    pattern = re.search(r'new RegExp\("(.*)"\)', script).group(1).encode().decode("unicode_escape")
    kept = {
        name: bool(re.match(pattern, reverse(f"meetings:{name}", kwargs=kwargs)))
        for name, kwargs in [
            ("table", {"pk": table.pk}),
            ("contacts", {"pk": table.pk}),
            ("contact", {"pk": table.pk, "contact_pk": 1}),
            ("contacts_download", {"pk": table.pk, "fmt": "csv"}),
        ]
    }
    assert kept == {"table": True, "contacts": False, "contact": False, "contacts_download": False}
    assert (response["Content-Type"], response["Cache-Control"]) == (
        "application/javascript",
        "no-cache",
    )
    assert "js/table-offline.js" in script
