"""What a phone user and a reader of a right-to-left language see: a compact
header that never widens the page, and German text inside Arabic and Farsi
pages kept whole, with its punctuation where it belongs."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from events.models import Venue
from events.tests.factories import EventFactory, SessionFactory, SlotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["de", "en", "ar", "uk", "fa"]
NARROWEST = {"width": 320, "height": 640}
# Brand, language menu and menu button in one row (two when the brand wraps).
HEADER_HEIGHT_MAX = 100
SIDE_PADDING_MIN = 8


@pytest.fixture
def viewport_name():
    return "phone"


@pytest.fixture
def fair_day(organiser):
    venue = Venue.objects.create(
        name="Bildungszentrum der Handwerkskammer",
        street="Steinweg 3",
        postcode="04103",
        city="Leipzig",
        directions="Straßenbahn 4 bis „Hauptbahnhof“, dann 5 Minuten zu Fuß.",
    )
    event = EventFactory(
        organisations=list(organiser.organisations.all()),
        venue=venue,
        slug="bewerbertag",
        title_de="Bewerbertag Bauberufe",
        title_ar="يوم التقديم لمهن البناء",
        description_de="Gefördert mit Lohnkostenzuschüssen.",
    )
    SlotFactory(session=SessionFactory(event=event, title_de="Lehrkabinett Maurer"))
    employer = EmployerFactory(name="Dachdeckerei Müller GmbH")
    PositionFactory(employer=employer, title="Dachdecker/in (m/w/d)")
    ParticipationFactory(event=event, employer=employer, status="approved")
    return event


def _organiser_cookie(organiser):
    client = Client()
    client.force_login(organiser)
    return client.cookies["sessionid"].value


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_header_is_one_compact_row_without_sideways_scrolling(
    page, site, fair_day, organiser, language
):
    page.set_viewport_size(NARROWEST)
    page.context.add_cookies(
        [
            {"name": "django_language", "value": language, "url": site},
            {"name": "sessionid", "value": _organiser_cookie(organiser), "url": site},
        ]
    )
    for path in ["/", fair_day.get_absolute_url(), reverse("organise:checkin", args=[fair_day.pk])]:
        page.goto(site + path)
        sizes = page.evaluate(
            """() => {
                const header = document.querySelector('header').getBoundingClientRect();
                const brand = document.querySelector('.navbar-brand').getBoundingClientRect();
                return {
                    overflow: document.documentElement.scrollWidth - window.innerWidth,
                    header: header.height,
                    left: brand.left,
                    right: window.innerWidth - brand.right,
                };
            }"""
        )
        assert sizes["overflow"] <= 0, f"{path} scrolls sideways by {sizes['overflow']}px"
        assert sizes["header"] <= HEADER_HEIGHT_MAX, f"{path}: header {sizes['header']}px high"
        assert min(sizes["left"], sizes["right"]) >= SIDE_PADDING_MIN, f"{path}: {sizes}"


def test_menu_button_opens_the_menu_on_a_phone(page, site, fair_day):
    page.goto(site + fair_day.get_absolute_url())
    my_registration = page.get_by_role("link", name="Meine Anmeldung")
    expect(my_registration).to_be_hidden()
    page.get_by_role("button", name="Menü").click()
    expect(my_registration).to_be_visible()


GERMAN_ONLY = [
    "Gefördert mit Lohnkostenzuschüssen.",
    "Straßenbahn 4 bis „Hauptbahnhof“, dann 5 Minuten zu Fuß.",
    "Lehrkabinett Maurer",
    "Dachdecker/in (m/w/d)",
    "Dachdeckerei Müller GmbH",
    "Bildungszentrum der Handwerkskammer",
]


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_german_text_in_a_right_to_left_page_is_isolated_and_marked(page, site, fair_day, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    page.goto(site + fair_day.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    for text in GERMAN_ONLY:
        element = page.get_by_text(text, exact=True).first
        marked = element.evaluate(
            """(element) => {
                const marked = element.closest('[lang]');
                const style = getComputedStyle(marked);
                return [marked.lang, style.direction, style.unicodeBidi];
            }"""
        )
        assert marked == ["de", "ltr", "isolate"], text
    # The title is translated into Arabic only: in Farsi it is German too.
    expect(page.locator("h1 [lang=de]")).to_have_count(0 if language == "ar" else 1)
    notes = page.locator("main p.small + div[lang=de]")
    assert notes.count() == 2  # the description and the directions say they are German


def test_german_page_marks_nothing(page, site, fair_day):
    page.goto(site + fair_day.get_absolute_url())
    assert page.locator("main [lang=de]").count() == 0
