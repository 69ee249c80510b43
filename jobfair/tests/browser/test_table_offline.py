"""The employer's table without network, in Chromium: opened online, the
table page is kept by its service worker; offline it still opens, two typed
codes are queued on the phone (the phone cannot tell who they are: it holds
nobody's data); back online, the queue is sent: the valid code becomes a
contact linked from the page, the unknown one is listed as refused. axe
checks the page offline in German."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from applicants.models import Consent
from applicants.services.consents import consents_set
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from applicants.tokens import registration_token
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory
from events.tests.factories import EventFactory
from jobfair.tests.browser.conftest import axe_violations
from meetings.models import Contact
from messaging.tests.waiting import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READY = "#table-offline[data-ready=true]"


@pytest.fixture
def viewport_name():
    return "phone"


@pytest.fixture
def fair():
    event = EventFactory()
    participation = ParticipationFactory(
        event=event,
        status=Participation.Status.APPROVED,
        employer=EmployerFactory(name="Malerbetrieb Sonne"),
    )
    olena = RegistrationFactory(
        event=event, applicant=ApplicantFactory(first_name="Olena", last_name="Kovalenko")
    )
    consents_set(applicant=olena.applicant, purposes=[Consent.Purpose.SHARE])
    return participation, olena


def _sign_in(page, site, user, language):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site},
            {"name": "django_language", "value": language, "url": site},
        ]
    )


def _open_then_offline(page, site, participation):
    """The table page opened online (its worker keeps it), then reopened offline."""
    page.goto(site + reverse("meetings:table", kwargs={"pk": participation.pk}))
    page.wait_for_selector(READY, state="attached", timeout=20_000)
    page.context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker
    page.wait_for_selector(READY, state="attached")


def _type(page, code):
    page.locator("#id_code").fill(code)
    page.keyboard.press("Enter")


def test_offline_codes_are_queued_and_become_contacts_when_the_network_is_back(page, site, fair):
    participation, olena = fair
    _sign_in(page, site, participation.employer.user, "en")
    _open_then_offline(page, site, participation)
    offline = page.locator("#table-offline")
    expect(offline.locator("[data-offline-network]")).to_have_text("Offline")

    # Nothing typed: said next to the field, nothing queued.
    _type(page, "")
    expect(page.locator("#table-offline-error")).to_have_text("Enter the code under the QR code.")
    _type(page, olena.code_display.lower())
    expect(page.locator("#table-offline-error")).to_be_hidden()
    expect(page.locator("#id_code")).to_have_value("")
    expect(page.locator("#id_code")).to_be_focused()
    _type(page, "QQQ-QQ7")
    waiting = offline.locator("[data-offline-waiting]")
    expect(waiting).to_have_text(
        "Saved: the codes are sent when the network is back. Codes waiting: 2"
    )
    assert Contact.objects.count() == 0

    page.context.set_offline(False)
    assert wait_for(lambda: Contact.objects.filter(registration=olena).exists())
    contact = Contact.objects.get()
    results = offline.locator("[data-offline-results] li")
    expect(results).to_have_count(2)
    link = page.get_by_role("link", name="Olena: take notes")
    expect(link).to_have_attribute(
        "href",
        reverse("meetings:contact", kwargs={"pk": participation.pk, "contact_pk": contact.pk}),
    )
    expect(results.nth(1)).to_have_text(
        "QQQ-QQ7: We do not know this code. Check it and try again: six letters and digits,"
        " as printed under the QR code."
    )
    expect(waiting).to_have_text("Everything is sent.")
    expect(offline.locator("[data-offline-network]")).to_have_text("Online")

    # Online again, the form posts as always.
    _type(page, "QQQ-QQ7")
    expect(page.locator("#error_1_id_code")).to_be_visible()
    link = page.get_by_role("link", name="Olena: take notes")
    expect(link).to_have_count(0)
    _type(page, olena.code)
    expect(page).to_have_url(re.compile(rf"/contacts/{contact.pk}/$"))
    assert Contact.objects.count() == 1


@pytest.fixture
def camera_page(filmed_phone, fair):
    """A phone whose camera films Olena's QR code."""
    return filmed_phone(registration_token(fair[1], "badge"))


def test_offline_a_scanned_code_is_queued_and_the_scanner_is_ready_again(camera_page, site, fair):
    page = camera_page
    participation, olena = fair
    _sign_in(page, site, participation.employer.user, "en")
    _open_then_offline(page, site, participation)
    page.locator("[data-scanner-start]").click()
    waiting = page.locator("[data-offline-waiting]")
    expect(waiting).to_have_text(
        "Saved: the codes are sent when the network is back. Codes waiting: 1", timeout=20_000
    )
    expect(page.locator("[data-scanner-video]")).to_be_hidden()
    expect(page.locator("[data-scanner-start]")).to_be_focused()
    page.context.set_offline(False)
    expect(page.get_by_role("link", name="Olena: take notes")).to_be_visible()
    assert Contact.objects.get().registration == olena


def test_the_table_page_offline_is_accessible(page, site, fair):
    participation, _olena = fair
    _sign_in(page, site, participation.employer.user, "de")
    _open_then_offline(page, site, participation)
    _type(page, "")
    _type(page, "QQQ-QQ7")
    expect(page.locator("[data-offline-waiting]")).to_contain_text("1")
    assert axe_violations(page) == []
