"""axe-core in the real browser on every page of the back office, in German
and in Arabic, as wide as a desktop and as narrow as a phone, with its lists
full: the demo's hundred people and their messages, plus (through the
services) people waiting for a guest place, people present, a cancellation,
a cancelled session, invitations sent as a bulk sending and messages
delivered or failing. Every URL name of ``organise`` is either walked or
named below as no page of its own."""

from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import get_resolver, reverse

from applicants.models import Booking, Registration
from applicants.services.attendance import registration_check_in
from applicants.services.invitations import applicants_invite
from applicants.services.programme import session_cancel
from applicants.services.registrations import registration_cancel, registration_sign_up
from events.models import Event
from jobfair.tests.browser.conftest import VIEWPORTS, axe_violations, sideways
from messaging.delivery import messages_deliver
from messaging.models import Message
from organise.imports import invitation_rows_parse

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

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
    assert sideways(organiser_page) <= 0, f"{url} scrolls sideways on a phone"


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
    assert sideways(organiser_page) <= 0
