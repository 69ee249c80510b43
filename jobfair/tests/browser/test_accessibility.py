"""axe-core in the real browser on the public pages and the employers' pages
of the demo data, in German and in Arabic: no serious or critical violation
of WCAG 2.1 A/AA, and no page scrolls sideways on a phone (reflow)."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.live_server_helper import LiveServer

from applicants.models import Registration
from applicants.tokens import registration_token
from employers.models import Employer
from events.models import Event
from jobfair.tests.browser.conftest import axe_violations

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
    return {
        "home": reverse("events:home"),
        "event": event.get_absolute_url(),
        "sign_up": reverse("applicants:sign_up", args=[event.slug]),
        "link_request": reverse("applicants:link_request"),
        "personal": reverse("applicants:personal", args=[registration_token(registration)]),
        "reply": reverse("applicants:reply", args=[registration_token(registration, "not_coming")]),
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


def _check(page, url, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": url}])
    response = page.goto(url)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations(page) == [], url
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_is_accessible(page, demo, name, language):
    _check(page, demo + _path(name), language)


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("name", EMPLOYER_PAGES)
def test_employer_page_is_accessible(page, demo, employer_session, name, language):
    page.context.add_cookies([{"name": "sessionid", "value": employer_session, "url": demo}])
    _check(page, demo + _path(name), language)
