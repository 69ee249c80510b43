"""axe-core in the real browser on the demo data, in German and in Arabic:
no serious or critical violation of WCAG 2.1 A/AA on the public pages and
the employers' pages, and no public page scrolls sideways on a phone
(reflow). The back office: ``test_accessibility_back_office.py``."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from applicants.models import FollowUp, Registration
from applicants.tokens import registration_token
from employers.models import Employer
from events.models import Event
from jobfair.tests.browser.conftest import VIEWPORTS, axe_violations, sideways
from meetings.models import Contact

# The pages only read the demo data: it is loaded once for the module
# (``demo_data``) and served by the live server (``demo_server``).
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
def employer_session(demo_data, django_db_blocker):
    """A demo employer's session, committed so that the live server sees it."""
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(Employer.objects.exclude(user=None).first().user)
    return client.cookies["sessionid"].value


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
        overflow = sideways(page)
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_is_accessible(visitor_pages, demo, name, language):
    _check(visitor_pages, demo + _path(name), language)


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("name", EMPLOYER_PAGES)
def test_employer_page_is_accessible(employer_pages, demo, name, language):
    _check(employer_pages, demo + _path(name), language)
