"""axe-core in the real browser on the demo data, in German and in Arabic:
no serious or critical violation of WCAG 2.1 A/AA on the public pages, the
employers' pages and every page of the back office, and no public page
scrolls sideways on a phone (reflow).

The back office is walked with its lists full: the demo's hundred people
and their messages, plus (through the services) people waiting for a guest
place, people present, a cancellation, a cancelled session, invitations
sent as a bulk sending and messages delivered or failing. Every URL name of
``organise`` is either walked or named below as no page of its own."""

from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import get_resolver, reverse
from pytest_django.live_server_helper import LiveServer

from applicants.models import Booking, FollowUp, Registration
from applicants.services.attendance import registration_check_in
from applicants.services.invitations import applicants_invite
from applicants.services.programme import session_cancel
from applicants.services.registrations import registration_cancel, registration_sign_up
from applicants.tokens import registration_token
from employers.models import Employer
from events.models import Event
from jobfair.tests.browser.conftest import VIEWPORTS, axe_violations
from meetings.models import Contact
from messaging.delivery import messages_deliver
from messaging.models import Message
from organise.imports import invitation_rows_parse

# The pages only read the demo data: it is loaded once for the module
# (``demo_data``) and served by the live server.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PUBLIC_PAGES = [
    "home",
    "event",
    "sign_up",
    "link_request",
    "personal",
    "reply",
    "consents_change",
    "personal_after_the_fair",
    "follow_up",
    "positions",
    "employer_register",
    "employer_sign_in",
    "accessibility",
    "privacy",
]
EMPLOYER_PAGES = ["company", "company_edit", "position_create"]


def _path(name):
    event = Event.objects.get(slug="bewerbertag-bauberufe")
    registration = Registration.objects.filter(event=event).first()
    token = registration_token(registration)
    noted = Contact.objects.exclude(next_step=Contact.NextStep.NONE).first()
    asked = FollowUp.objects.filter(point=FollowUp.Point.WEEKS_4).first()
    return {
        "home": reverse("events:home"),
        "event": event.get_absolute_url(),
        "sign_up": reverse("applicants:sign_up", args=[event.slug]),
        "link_request": reverse("applicants:link_request"),
        "personal": reverse("applicants:personal", args=[token]),
        "reply": reverse("applicants:reply", args=[registration_token(registration, "not_coming")]),
        "consents_change": reverse("applicants:consents_change", args=[token]),
        # A person of the past fair day: employers' next steps on their page.
        "personal_after_the_fair": reverse(
            "applicants:personal", args=[registration_token(noted.registration)]
        ),
        "follow_up": reverse(
            "applicants:follow_up",
            args=[registration_token(asked.registration, f"follow_up_{asked.point}")],
        )
        + f"?answer={FollowUp.Answer.COURSE}",
        "positions": reverse("employers:positions_public"),
        "employer_register": reverse("employers:register"),
        "employer_sign_in": reverse("employers:sign_in"),
        "accessibility": reverse("events:accessibility"),
        "privacy": reverse("events:privacy"),
        "company": reverse("employers:company"),
        "company_edit": reverse("employers:company_edit"),
        "position_create": reverse("employers:position_create"),
    }[name]


@pytest.fixture(scope="module")
def demo_server(demo_data):
    """A live server of the module's own: pytest-django's ``live_server``
    empties the database after every test that uses it, and these tests
    share the demo data of the whole module."""
    server = LiveServer("localhost")
    yield server.url
    server.stop()


@pytest.fixture
def demo(demo_server, settings):
    """The live server's address."""
    settings.SITE_URL = demo_server
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, urlsplit(demo_server).hostname]
    return demo_server


@pytest.fixture(scope="module")
def employer_session(demo_data, django_db_blocker):
    """A demo employer's session, committed so that the live server sees it."""
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(Employer.objects.exclude(user=None).first().user)
    return client.cookies["sessionid"].value


def _sideways(page) -> int:
    """How far the page scrolls sideways, in pixels."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _pages(browser, cookies=()):
    """A phone's and a desktop's page, each kept for the module: one
    browser context each, its static files loaded once."""
    contexts = [browser.new_context(**VIEWPORTS[name]) for name in ("phone", "desktop")]
    for context in contexts:
        context.add_cookies(list(cookies))
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def visitor_pages(browser, demo_server):
    yield from _pages(browser)


@pytest.fixture(scope="module")
def employer_pages(browser, demo_server, employer_session):
    yield from _pages(
        browser, [{"name": "sessionid", "value": employer_session, "url": demo_server}]
    )


def _check(pages, url, language):
    """axe in full and no sideways scrolling, on a phone and on a desktop."""
    scheme, host, *_rest = urlsplit(url)
    origin = f"{scheme}://{host}/"
    for page in pages:
        page.context.add_cookies([{"name": "django_language", "value": language, "url": origin}])
        response = page.goto(url)
        assert response.status == 200
        assert page.locator("html").get_attribute("lang") == language
        width = page.viewport_size["width"]
        assert axe_violations(page) == [], (url, width)
        overflow = _sideways(page)
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_is_accessible(visitor_pages, demo, name, language):
    _check(visitor_pages, demo + _path(name), language)


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("name", EMPLOYER_PAGES)
def test_employer_page_is_accessible(employer_pages, demo, name, language):
    _check(employer_pages, demo + _path(name), language)


# The back office: every page of ``organise.urls``, by URL name, with the
# arguments and query string that show it full.
ORGANISER_PAGES = {
    "dashboard": lambda w: ([], {}),
    "event_create": lambda w: ([], {}),
    "event_detail": lambda w: ([w.event], {}),
    "event_edit": lambda w: ([w.event], {}),
    "event_cancel": lambda w: ([w.event], {}),
    "session_create": lambda w: ([w.event], {}),
    "session_edit": lambda w: ([w.event, w.session], {}),
    "session_cancel": lambda w: ([w.event, w.session], {}),
    "slots_create": lambda w: ([w.event, w.session], {}),
    "slot_edit": lambda w: ([w.event, w.slot], {}),
    "registrations": lambda w: ([w.event], {}),
    "registration_create": lambda w: ([w.event], {}),
    "registration_detail": lambda w: ([w.event, w.registration], {}),
    "waiting_list": lambda w: ([w.event], {}),
    "invite": lambda w: ([w.event], {}),
    # A language's letters: a hundred pages of QR codes would only be slower.
    "letters": lambda w: ([w.event], {"language": "ar"}),
    "participations": lambda w: ([w.event], {}),
    "checkin": lambda w: ([w.event], {"q": w.surname}),
    "door_conflicts": lambda w: ([w.event], {}),
    "door_app": lambda w: ([w.event], {}),
    "door_list": lambda w: ([w.event], {}),
    "door_ticks": lambda w: ([w.event], {}),
    "report": lambda w: ([w.event], {}),
    "outcomes": lambda w: ([w.event], {}),
    "message_log": lambda w: ([w.event], {}),
    "message_write": lambda w: ([w.event], {}),
    "batch": lambda w: ([w.event, w.batch], {}),
    "talks": lambda w: ([w.event], {}),
}
# URL names that are no page: what they answer is a redirect, a file or a
# piece of a page checked as part of its page.
NOT_PAGES = {
    "event_publish": "POST, then the event's page",
    "event_close": "POST, then the event's page",
    "session_delete": "POST, then the event's page",
    "slot_delete": "POST, then the event's page",
    "registration_cancel": "POST, then the person's page",
    "booking_add": "POST, then the person's page",
    "invite_confirm": "POST, then the registrations; its preview is checked below",
    "participation_decide": "POST, then the employers' page",
    "checkin_counts": "a piece of the check-in page",
    "checkin_mark": "POST, a row of the check-in page",
    "door_data": "JSON for the door's devices",
    "door_sync": "POST of JSON from the door's devices, JSON back",
    "door_conflict_resolved": "POST, then the door's conflicts",
    "door_manifest": "the check-in app's web app manifest (JSON)",
    "door_worker": "the check-in app's service worker (JavaScript)",
    "export": "a CSV or XLSX file",
    "outcomes_xlsx": "an XLSX file",
    "outcomes_pseudonymised": "a CSV file",
    "message_retry": "POST, then the message log",
    "batch_retry": "POST, then the bulk sending's page",
    "talk_plan": "POST, then the talks' page",
    "interpreter_add": "POST, then the talks' page",
    "interpreter_delete": "POST, then the talks' page",
    "schedule_make": "POST, then the talks' page",
    "schedule_status": "a piece of the talks' page",
    "schedule_publish": "POST, then the talks' page",
    "talk_add": "POST, then the talks' page",
    "talk_change": "POST, then the talks' page",
}


def test_every_back_office_url_is_walked_or_named_as_no_page():
    names = set(get_resolver().namespace_dict["organise"][1].reverse_dict.keys())
    names = {name for name in names if isinstance(name, str)}
    assert names == ORGANISER_PAGES.keys() | NOT_PAGES.keys()
    assert ORGANISER_PAGES.keys() & NOT_PAGES.keys() == set()


def _people(event, count, *, slots=()):
    """People who sign up once the event is full."""
    for number in range(count):
        registration_sign_up(
            event=event,
            applicant_data={
                "first_name": "Samira",
                "last_name": f"Nachzüglerin {number:02d}",
                "email": f"spaet{number:02d}@example.org",
                "language": ["ar", "de", "uk"][number % 3],
                "spoken_languages": ["ar"],
            },
            slots=slots,
        )


@pytest.fixture(scope="module")
def back_office(demo_data, django_db_blocker):
    """The demo fair day as on the morning of the day, written through the
    services: full, with people waiting for a guest place and for
    workshops, some present, one cancelled, a cancelled session,
    invitations sent and messages delivered (or failing, for SMS)."""
    with django_db_blocker.unblock():
        event = Event.objects.get(slug="bewerbertag-bauberufe")
        organiser = get_user_model().objects.get(username="organiser")
        popular = (
            Booking.objects.filter(registration__event=event, status=Booking.Status.WAITLISTED)
            .select_related("slot__session")
            .first()
            .slot
        )
        taken = event.registrations.filter(status__in=Registration.HOLDS_PLACE).count()
        _people(event, event.capacity - taken + 3, slots=[popular])
        present = event.registrations.filter(status=Registration.Status.REGISTERED)
        for registration in present.order_by("pk")[:12]:
            registration_check_in(registration=registration)
        registration_cancel(
            registration=event.registrations.filter(status=Registration.Status.REGISTERED)
            .order_by("-pk")
            .first()
        )
        session_cancel(
            session=event.sessions.get(title_de="Lohnkostenzuschüsse für Arbeitgeber"),
            message="Die Referentin ist krank.",
        )
        rows = invitation_rows_parse(
            event=event,
            content=(
                b"Vorname;Nachname;E-Mail;Mobil;Sprache\n"
                b"Hamid;Rahimi;hamid@example.org;;fa\n"
                b"Oksana;Melnyk;;0151 23456700;uk\n"
                b"Fatou;Diallo;fatou@example.org;;en\n"
            ),
        )
        batch = applicants_invite(event=event, rows=rows, invited_by=organiser)
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            SMS_BACKEND="messaging.channels.HttpGatewaySmsBackend",
            SMS_GATEWAY_URL="http://127.0.0.1:9/",
        ):
            messages_deliver(
                message_ids=list(Message.objects.filter(event=event).values_list("pk", flat=True))
            )
        expected = list(
            event.registrations.filter(
                status=Registration.Status.REGISTERED, checked_in_at__isnull=True
            ).order_by("pk")[:2]
        )
        waiting = (
            Booking.objects.filter(registration__event=event, status=Booking.Status.WAITLISTED)
            .select_related("registration__applicant", "slot__session")
            .first()
        )
        client = Client()
        client.force_login(organiser)
    return SimpleNamespace(
        event=event.pk,
        session=waiting.slot.session_id,
        slot=waiting.slot_id,
        registration=waiting.registration_id,
        surname=waiting.registration.applicant.last_name,
        batch=batch.pk,
        # Who comes to the door in each language's check-in test.
        arriving=dict(zip(["de", "ar"], expected, strict=True)),
        sessionid=client.cookies["sessionid"].value,
    )


@pytest.fixture(scope="module")
def organiser_page(browser, demo_server, back_office):
    """One page for all the back office, checked as wide as a desktop, where
    organisers work, and as narrow as a phone, as at the door."""
    context = browser.new_context(**VIEWPORTS["desktop"])
    context.add_cookies([{"name": "sessionid", "value": back_office.sessionid, "url": demo_server}])
    page = context.new_page()
    yield page
    context.close()


# What a narrow screen changes on a back-office page: wide tables scroll in
# their own region, which the keyboard must reach. (The header's phone
# layout is checked in full on the public pages.)
NARROW_RULES = ["scrollable-region-focusable"]


def _both_widths_pass_axe(page):
    """axe in full as wide as a desktop, then what narrowness changes."""
    page.set_viewport_size(VIEWPORTS["desktop"]["viewport"])
    violations = {"desktop": axe_violations(page)}
    page.set_viewport_size(VIEWPORTS["phone"]["viewport"])
    violations["phone"] = axe_violations(page, rules=NARROW_RULES)
    return violations


def _organise_url(name, world):
    arguments, query = ORGANISER_PAGES[name](world)
    url = reverse(f"organise:{name}", args=arguments)
    return f"{url}?{urlencode(query)}" if query else url


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("name", list(ORGANISER_PAGES))
def test_back_office_page_with_full_lists_is_accessible(
    organiser_page, demo, back_office, name, language
):
    url = demo + _organise_url(name, back_office)
    organiser_page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": demo}]
    )
    organiser_page.set_viewport_size(VIEWPORTS["desktop"]["viewport"])
    response = organiser_page.goto(url)
    assert response.status == 200
    assert organiser_page.locator("html").get_attribute("lang") == language
    assert _both_widths_pass_axe(organiser_page) == {"desktop": [], "phone": []}, url
    assert _sideways(organiser_page) <= 0, f"{url} scrolls sideways on a phone"


@pytest.mark.parametrize("language", ["de", "ar"])
def test_invitation_preview_with_errors_is_accessible(organiser_page, demo, back_office, language):
    organiser_page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": demo}]
    )
    organiser_page.set_viewport_size(VIEWPORTS["desktop"]["viewport"])
    organiser_page.goto(demo + reverse("organise:invite", args=[back_office.event]))
    organiser_page.locator("input[type=file]").set_input_files(
        {
            "name": "liste.csv",
            "mimeType": "text/csv",
            "buffer": (
                b"Vorname;Nachname;E-Mail;Mobil;Sprache\n"
                b"Yusuf;Khalil;yusuf@example.org;;ar\n"
                b"Ohne;Kontakt;;;de\n"
            ),
        }
    )
    organiser_page.locator("main form button[type=submit]").click()
    organiser_page.locator("#invite-preview").wait_for()
    assert organiser_page.locator("#invite-preview .row-errors").count() == 1
    assert _both_widths_pass_axe(organiser_page) == {"desktop": [], "phone": []}


@pytest.mark.parametrize("language", ["de", "ar"])
def test_check_in_by_code_and_one_tap_is_accessible_on_a_phone(
    organiser_page, demo, back_office, language
):
    organiser_page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": demo}]
    )
    organiser_page.set_viewport_size(VIEWPORTS["phone"]["viewport"])
    arriving = back_office.arriving[language]
    url = reverse("organise:checkin", args=[back_office.event])
    organiser_page.goto(f"{demo}{url}?{urlencode({'code': arriving.code_display.lower()})}")
    row = organiser_page.locator(f"#checkin-{arriving.pk}")
    assert axe_violations(organiser_page) == []
    row.locator("button").click()
    row.locator(".checked-in").wait_for()
    assert axe_violations(organiser_page) == []
    assert _sideways(organiser_page) <= 0
