"""The check-in app for weak networks in Chromium: opened online, it keeps
the door list and its own page; offline it still opens, a QR code filmed by
the fake camera, a typed code and a name let three people in and a walk-in
is noted; back online, all four reach the server. Two phones letting the
same person in make one check-in; someone cancelled meanwhile is a conflict.
The device decides every case of door_cases.json as the server does.
Signing out sends what waits, then leaves nothing on the device, offline too
(the server's sign-out follows with the network); a session ended meanwhile
says "Signed out", keeps the queue and leads back to the app."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from applicants.models import Applicant, DoorCheckIn, Registration
from applicants.services.registrations import registration_cancel
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from applicants.tests.test_door import CASES, door_case_build
from applicants.tokens import registration_token
from events.models import Event
from events.tests.factories import EventFactory, SlotFactory
from jobfair.tests.browser.conftest import VIEWPORTS, axe_violations
from messaging.tests.waiting import wait_for
from organise.tests.bulk import registrations_bulk_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READY = "#door-app[data-ready=true]"


@pytest.fixture
def viewport_name():
    return "phone"


@pytest.fixture
def people(event):
    def person(first_name, last_name):
        return RegistrationFactory(
            event=event,
            applicant=ApplicantFactory(first_name=first_name, last_name=last_name),
        )

    return {
        "layla": person("Layla", "Haddad"),
        "olena": person("Olena", "Kovalenko"),
        "yusuf": person("Yusuf", "Khalil"),
    }


def _sign_in(context, site, user, language="en"):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site},
            {"name": "django_language", "value": language, "url": site},
        ]
    )


def _app(site, event):
    return site + reverse("organise:door_app", kwargs={"pk": event.pk})


def _open(page, site, event):
    page.goto(_app(site, event))
    page.wait_for_selector(READY, timeout=20_000)


@pytest.fixture
def camera_page(filmed_phone, people):
    """A phone whose camera films Layla's QR code."""
    return filmed_phone(registration_token(people["layla"], "badge"))


def _checked_in(event):
    return set(
        event.registrations.filter(checked_in_at__isnull=False).values_list(
            "applicant__first_name", flat=True
        )
    )


def test_offline_the_door_lets_three_in_and_notes_a_walk_in_all_sent_when_back(
    camera_page, site, organiser, event, people
):
    page = camera_page
    _sign_in(page.context, site, organiser)
    _open(page, site, event)
    expect(page.locator("[data-door-freshness]")).to_contain_text("List from")
    expect(page.locator("[data-door-waiting]")).to_have_text("Everything is sent.")

    page.context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker
    page.wait_for_selector(READY)
    expect(page.locator("[data-door-network]")).to_have_text("Offline")
    result = page.locator("[data-door-result]")

    # The camera, started from the keyboard, films Layla's QR code.
    page.locator("[data-scanner-start]").focus()
    page.keyboard.press("Enter")
    expect(result).to_have_text("Checked in: Layla Haddad", timeout=20_000)
    expect(page.locator("[data-scanner-video]")).to_be_hidden()

    # Olena's code, typed as people type it; a wrong one is answered next to the field.
    page.locator("#door-code").fill("QQQ-QQ7")
    page.keyboard.press("Enter")
    expect(page.locator("#door-code-error")).to_have_text(
        "Not on the list. Check the code, or find the person by name."
    )
    expect(page.locator("#door-code")).to_have_value("QQQ-QQ7")
    page.locator("#door-code").fill(people["olena"].code_display.lower())
    page.keyboard.press("Enter")
    expect(result).to_have_text("Checked in: Olena Kovalenko")
    expect(page.locator("#door-code-error")).to_have_text("")

    # Yusuf by name: a part of it, then the keyboard.
    page.locator("#door-search").fill("khal")
    expect(page.locator("#door-found li")).to_have_count(1)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Check in Yusuf Khalil")).to_be_focused()
    page.keyboard.press("Enter")
    expect(result).to_have_text("Checked in: Yusuf Khalil")
    expect(page.locator("#door-found li")).to_contain_text("Present")

    # Layla again: already in, on this device alone.
    page.locator("#door-code").fill(people["layla"].code)
    page.keyboard.press("Enter")
    expect(result).to_have_text("Already checked in: Layla Haddad")

    # A walk-in: without a contact, the form says so next to the field.
    page.locator("#door-first_name").fill("Oksana")
    page.locator("#door-last_name").fill("Melnyk")
    page.locator("#door-consent").check()
    page.locator("[data-door-walk-in] button[type=submit]").click()
    expect(page.locator("#door-email-error")).to_have_text(
        "Enter an e-mail address or a mobile phone number."
    )
    expect(page.locator("#door-first_name")).to_have_value("Oksana")
    page.locator("#door-phone").fill("0151 23456700")
    page.locator("#door-language").select_option("uk")
    page.locator("[data-door-walk-in] button[type=submit]").click()
    expect(result).to_contain_text("Walk-in noted: Oksana Melnyk")
    expect(page.locator("[data-door-waiting]")).to_have_text(
        "Waiting to be sent: check-ins 3, walk-ins 1"
    )
    assert _checked_in(event) == set()

    page.context.set_offline(False)
    assert wait_for(lambda: _checked_in(event) == {"Layla", "Olena", "Yusuf", "Oksana"}), (
        _checked_in(event)
    )
    expect(page.locator("[data-door-waiting]")).to_have_text("Everything is sent.")
    oksana = Applicant.objects.get(last_name="Melnyk")
    assert (oksana.phone, oksana.language) == ("+4915123456700", "uk")
    assert DoorCheckIn.objects.count() == 4


def test_two_phones_letting_the_same_person_in_offline_make_one_check_in(
    browser, site, organiser, event, people
):
    phones = []
    for _door in range(2):
        context = browser.new_context(**VIEWPORTS["phone"], locale="de-DE")
        _sign_in(context, site, organiser)
        page = context.new_page()
        _open(page, site, event)
        context.set_offline(True)
        page.locator("#door-code").fill(people["layla"].code_display)
        page.keyboard.press("Enter")
        expect(page.locator("[data-door-result]")).to_have_text("Checked in: Layla Haddad")
        phones.append(page)
    first, second = phones

    first.context.set_offline(False)
    assert wait_for(lambda: _checked_in(event) == {"Layla"})
    people["layla"].refresh_from_db()
    arrived = people["layla"].checked_in_at
    second.context.set_offline(False)
    expect(second.locator("[data-door-sent]")).to_have_text(
        "Layla Haddad was already checked in at another device.", timeout=20_000
    )
    people["layla"].refresh_from_db()
    assert people["layla"].checked_in_at == arrived
    assert sorted(DoorCheckIn.objects.values_list("outcome", flat=True)) == [
        "already",
        "checked_in",
    ]
    for page in phones:
        page.context.close()


def test_someone_cancelled_while_the_door_was_offline_is_a_conflict(
    page, site, organiser, event, people
):
    _sign_in(page.context, site, organiser)
    _open(page, site, event)
    page.context.set_offline(True)
    page.locator("#door-search").fill("Yusuf")
    page.get_by_role("button", name="Check in Yusuf Khalil").click()
    expect(page.locator("[data-door-result]")).to_have_text("Checked in: Yusuf Khalil")
    registration_cancel(registration=people["yusuf"])

    page.context.set_offline(False)
    sent = page.locator("[data-door-sent]")
    expect(sent).to_have_text("Yusuf Khalil was cancelled: see conflicts.", timeout=20_000)
    page.get_by_role("link", name="Let in while cancelled").click()
    expect(page.locator("main")).to_contain_text("Khalil, Yusuf")
    people["yusuf"].refresh_from_db()
    assert (people["yusuf"].status, people["yusuf"].checked_in_at) == (
        Registration.Status.CANCELLED,
        None,
    )


def test_the_list_leaves_the_device_on_request_and_after_the_event(
    page, site, organiser, event, people
):
    _sign_in(page.context, site, organiser)
    _open(page, site, event)
    page.context.set_offline(True)
    page.get_by_role("button", name="Remove the list from this device").click()
    no_list = "No list on this device yet: it is downloaded when the network works."
    expect(page.locator("[data-door-freshness]")).to_have_text(no_list)
    page.locator("#door-code").fill(people["layla"].code)
    page.keyboard.press("Enter")
    expect(page.locator("#door-code-error")).to_have_text(no_list)
    page.context.set_offline(False)

    _open(page, site, event)
    expect(page.locator("[data-door-freshness]")).to_contain_text("List from")
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=2)
    )
    _open(page, site, event)
    expect(page.locator("[data-door-freshness]")).to_have_text(no_list)
    stored = page.evaluate(STORED)
    assert stored == 0


STORED = """() => new Promise((resolve) => {
  indexedDB.open("jobfair-door").onsuccess = (opened) => {
    opened.target.result.transaction("lists").objectStore("lists").count().onsuccess =
      (counted) => resolve(counted.target.result);
  };
})"""


DECIDE = """async ({url, scans}) => {
  const list = await (await fetch(url, {credentials: "same-origin"})).json();
  const decided = [];
  for (const scanned of scans) {
    const person = await window.JobfairDoor.lookup(list, scanned);
    decided.push(window.JobfairDoor.decide(person));
    // The device notes the arrival, as the server does.
    if (decided.at(-1) === "valid") person.checked_in_at = new Date().toISOString();
  }
  return decided;
}"""


def test_the_device_decides_each_case_of_the_table_as_the_server(
    page, site, organiser, organisation, event
):
    _sign_in(page.context, site, organiser)
    _open(page, site, event)
    decided, expected = {}, {}
    for case in CASES:
        fair = EventFactory(organisations=[organisation])
        scans = door_case_build(case, event=fair)
        url = reverse("organise:door_data", kwargs={"pk": fair.pk})
        decided[case["name"]] = page.evaluate(DECIDE, {"url": url, "scans": scans})
        expected[case["name"]] = [scan["expected"] for scan in case["scans"]]
    assert decided == expected


MEASURE = """async ({url, badge, code}) => {
  const started = performance.now();
  const list = await (await fetch(url, {credentials: "same-origin"})).json();
  const downloaded = performance.now();
  const door = window.JobfairDoor;
  const byBadge = door.decide(await door.lookup(list, badge));
  const decided = performance.now();
  const byCode = door.decide(await door.lookup(list, code));
  return {
    people: list.people.length, download: downloaded - started,
    badge: decided - downloaded, code: performance.now() - decided, byBadge, byCode,
  };
}"""


def test_the_door_list_of_2000_people_downloads_and_decides_fast(page, site, organiser, event):
    registrations = registrations_bulk_create(
        event=event, count=2000, slot=SlotFactory(session__event=event)
    )
    last = Registration.objects.get(pk=registrations[-1].pk)
    _sign_in(page.context, site, organiser)
    _open(page, site, event)
    url = reverse("organise:door_data", kwargs={"pk": event.pk})
    measured = page.evaluate(
        MEASURE,
        {"url": url, "badge": registration_token(last, "badge"), "code": last.code_display},
    )
    print(
        f"door app, 2,000 people: list downloaded in {measured['download']:.0f} ms,"
        f" a QR code decided in {measured['badge']:.1f} ms,"
        f" a typed code in {measured['code']:.1f} ms"
    )
    assert measured["people"] == 2000
    expected = "already" if last.checked_in_at else "valid"
    assert (measured["byBadge"], measured["byCode"]) == (expected, expected)
    # The aims are 2 s and 50 ms; these only catch something gone badly wrong.
    assert measured["download"] < 10_000
    assert measured["badge"] < 1_000


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_door_app_is_accessible(page, site, organiser, event, people, language):
    _sign_in(page.context, site, organiser, language=language)
    _open(page, site, event)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert axe_violations(page) == []
    page.locator("#door-code").fill("QQQ-QQ7")
    page.keyboard.press("Enter")
    expect(page.locator("#door-code")).to_have_attribute("aria-invalid", "true")
    page.locator("#door-search").fill("a")
    page.locator("[data-door-walk-in] button[type=submit]").click()
    expect(page.locator("#door-first_name")).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []


KEPT = """() => new Promise((resolve) => {
  indexedDB.open("jobfair-door").onsuccess = (opened) => {
    const db = opened.target.result;
    const reading = db.transaction(["lists", "queue"]);
    const kept = {};
    for (const name of ["lists", "queue"]) {
      reading.objectStore(name).count().onsuccess = (counted) => {
        kept[name] = counted.target.result;
      };
    }
    reading.oncomplete = () => {
      db.close();
      resolve(kept);
    };
  };
})"""


def _signed_out_on_the_server(page, site):
    response = page.context.request.get(site + reverse("organise:dashboard"), max_redirects=0)
    return response.status == 302 and response.headers["location"].startswith(reverse("login"))


def test_signing_out_leaves_nothing_on_the_device_and_ends_the_session(
    page, site, organiser, event, people
):
    _sign_in(page.context, site, organiser)
    _open(page, site, event)
    expect(page.locator("[data-door-freshness]")).to_contain_text("List from")
    assert page.evaluate(KEPT) == {"lists": 1, "queue": 0}

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("login"))))
    assert page.evaluate(KEPT) == {"lists": 0, "queue": 0}
    assert _signed_out_on_the_server(page, site)
    # The sign-in page leads back to the app.
    app = reverse("organise:door_app", kwargs={"pk": event.pk})
    assert page.url == site + reverse("login") + "?next=" + quote(app)


def test_signing_out_offline_clears_the_device_at_once_and_the_server_when_back(
    page, site, organiser, event, people
):
    _sign_in(page.context, site, organiser)
    _open(page, site, event)
    page.context.set_offline(True)
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("[data-door-result]")).to_have_text(
        "The list is removed from this device. Signing out needs the network:"
        " it happens as soon as the network works."
    )
    expect(page.locator("[data-door-freshness]")).to_have_text(
        "No list on this device yet: it is downloaded when the network works."
    )
    assert page.evaluate(KEPT) == {"lists": 0, "queue": 0}
    assert not _signed_out_on_the_server(page, site)

    page.context.set_offline(False)
    expect(page).to_have_url(re.compile(re.escape(reverse("login"))), timeout=20_000)
    assert _signed_out_on_the_server(page, site)
    assert page.evaluate(KEPT) == {"lists": 0, "queue": 0}


def test_signing_out_sends_a_waiting_check_in_first(page, site, organiser, event, people):
    _sign_in(page.context, site, organiser)
    _open(page, site, event)
    page.locator("#door-code").fill(people["olena"].code_display)
    page.keyboard.press("Enter")
    expect(page.locator("[data-door-result]")).to_have_text("Checked in: Olena Kovalenko")
    expect(page.locator("[data-door-waiting]")).to_have_text(
        "Waiting to be sent: check-ins 1, walk-ins 0"
    )
    assert page.evaluate(KEPT) == {"lists": 1, "queue": 1}

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("login"))))
    assert _checked_in(event) == {"Olena"}
    assert page.evaluate(KEPT) == {"lists": 0, "queue": 0}
    assert _signed_out_on_the_server(page, site)


def test_signing_out_offline_keeps_a_waiting_check_in_until_it_is_sent(
    page, site, organiser, event, people
):
    _sign_in(page.context, site, organiser)
    _open(page, site, event)
    page.context.set_offline(True)
    page.locator("#door-code").fill(people["yusuf"].code_display)
    page.keyboard.press("Enter")
    expect(page.locator("[data-door-result]")).to_have_text("Checked in: Yusuf Khalil")
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("[data-door-waiting]")).to_have_text(
        "Waiting to be sent: check-ins 1, walk-ins 0"
    )
    assert page.evaluate(KEPT) == {"lists": 0, "queue": 1}

    page.context.set_offline(False)
    expect(page).to_have_url(re.compile(re.escape(reverse("login"))), timeout=20_000)
    assert _checked_in(event) == {"Yusuf"}
    assert page.evaluate(KEPT) == {"lists": 0, "queue": 0}
    assert _signed_out_on_the_server(page, site)


def test_signing_out_where_the_network_fails_unseen_waits_for_it(
    page, site, organiser, event, people
):
    """A Wi-Fi without internet: the browser says online, nothing gets through."""
    _sign_in(page.context, site, organiser)
    _open(page, site, event)
    page.route("**/accounts/logout/", lambda route: route.abort())
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("[data-door-result]")).to_contain_text(
        "The list is removed from this device."
    )
    assert page.evaluate(KEPT) == {"lists": 0, "queue": 0}
    assert not _signed_out_on_the_server(page, site)

    page.unroute("**/accounts/logout/")
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page).to_have_url(re.compile(re.escape(reverse("login"))))
    assert _signed_out_on_the_server(page, site)


def _session_end(page):
    """The session ends while the app is open (signed out elsewhere, expired);
    the chosen language stays."""
    language = [c for c in page.context.cookies() if c["name"] == "django_language"]
    page.context.clear_cookies()
    page.context.add_cookies(language)
    page.locator("[data-door-sync]").click()


def test_an_ended_session_says_signed_out_keeps_the_queue_and_leads_back(
    page, site, organiser, event, people
):
    _sign_in(page.context, site, organiser)
    _open(page, site, event)
    page.locator("#door-code").fill(people["layla"].code_display)
    page.keyboard.press("Enter")
    expect(page.locator("[data-door-result]")).to_have_text("Checked in: Layla Haddad")

    _session_end(page)
    sign_in = page.locator("[data-door-sign-in]")
    expect(sign_in).to_have_text("Signed out: please sign in again")
    expect(page.locator("[data-door-network]")).to_be_hidden()
    expect(page.locator("[data-door-waiting]")).to_have_text(
        "Waiting to be sent: check-ins 1, walk-ins 0"
    )
    assert page.evaluate(KEPT) == {"lists": 1, "queue": 1}
    assert _checked_in(event) == set()

    # Signed in again through the link, the app is back and sends what waited.
    sign_in.click()
    page.locator("input[name=username]").fill(organiser.username)
    page.locator("input[name=password]").fill("secret-password")
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(_app(site, event))
    page.wait_for_selector(READY)
    assert wait_for(lambda: _checked_in(event) == {"Layla"})
    expect(page.locator("[data-door-network]")).to_have_text("Online")
    expect(page.locator("[data-door-waiting]")).to_have_text("Everything is sent.")
    expect(sign_in).to_be_hidden()


def test_the_signed_out_state_is_accessible(page, site, organiser, event, people):
    _sign_in(page.context, site, organiser, language="de")
    _open(page, site, event)
    _session_end(page)
    expect(page.locator("[data-door-sign-in]")).to_be_visible()
    assert axe_violations(page) == []
