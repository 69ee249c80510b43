"""Journey 3 with the keyboard alone: Tab to move, typing, Space to tick,
arrow keys in the language menu, Enter to send. No mouse, no clicks."""

import pytest
from playwright.sync_api import expect

from applicants.models import Booking, Registration
from events.tests.factories import EventFactory, SessionFactory, SlotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80


def tab_to(page, selector):
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


@pytest.fixture
def event():
    event = EventFactory(title_de="Bewerbertag Bau", title_ar="يوم البناء", slug="tastatur")
    SlotFactory(session=SessionFactory(event=event, title_de="Lehrkabinett Zimmerer"), capacity=3)
    return event


@pytest.fixture(params=["desktop"])
def viewport_name(request):
    """Keyboards belong to desktops; the journey on a phone is tested by touch."""
    return request.param


def test_applicant_signs_up_and_cancels_with_the_keyboard_only(page, site, event):
    page.goto(f"{site}/events/{event.slug}/")

    tab_to(page, "#language-menu")
    page.keyboard.press("Enter")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(page.locator("button[name=language][value=ar]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.wait_for_load_state()

    tab_to(page, "a[href$='/sign-up/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign-up/")
    for name, text in [("first_name", "Yonas"), ("last_name", "Haile"), ("email", "y@example.org")]:
        tab_to(page, f"input[name={name}]")
        page.keyboard.type(text)
    tab_to(page, "input[name=slots]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    tab_to(page, "form button[type=submit]:not([form])")
    page.keyboard.press("Enter")

    expect(page.locator("img[src$='qr.svg']")).to_be_visible()
    registration = Registration.objects.get(applicant__email="y@example.org")
    assert registration.bookings.get().status == Booking.Status.CONFIRMED

    tab_to(page, "a[href$='/cancel/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cancel/")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
