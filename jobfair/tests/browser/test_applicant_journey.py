"""Journey 3: an applicant switches to Arabic, signs up for a workshop slot,
sees the QR code, opens the personal page from the e-mailed link, switches
slot and cancels."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from applicants.models import Booking, Registration
from events.tests.factories import EventFactory, SessionFactory, SlotFactory
from messaging.tests.outbox import worded_get

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fair_day():
    event = EventFactory(title_de="Bewerbertag Bau", title_ar="يوم البناء", slug="bewerbertag")
    session = SessionFactory(event=event, title_de="Lehrkabinett Maurer", title_ar="ورشة البناء")
    first = SlotFactory(session=session, capacity=5)
    second = SlotFactory(
        session=session,
        capacity=5,
        starts_at=first.ends_at,
        ends_at=first.ends_at + (first.ends_at - first.starts_at),
    )
    return event, first, second


def test_applicant_signs_up_in_arabic_changes_and_cancels(page, site, fair_day, settings):
    # The personal page is kept as in production: each change shows at once.
    settings.PERSONAL_PAGE_CACHE_SECONDS = 10
    cache.clear()
    event, first, second = fair_day
    page.goto(f"{site}/events/{event.slug}/")
    page.get_by_role("button", name="Sprache: Deutsch").click()
    page.locator("button[name=language][value=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("يوم البناء")

    page.locator(f"a[href$='/applicants/events/{event.slug}/sign-up/']").first.click()
    page.locator("input[name=first_name]").fill("Layla")
    page.locator("input[name=last_name]").fill("Haddad")
    page.locator("input[name=email]").fill("layla@example.org")
    page.locator(f"input[name=slots][value='{first.pk}']").check()
    page.locator("input[name=consent]").check()
    page.locator("form button[type=submit]").last.click()

    expect(page.locator("img[src$='qr.svg']")).to_be_visible()
    registration = Registration.objects.get(applicant__email="layla@example.org")
    assert registration.applicant.language == "ar"
    assert list(registration.bookings.values_list("slot", "status")) == [
        (first.pk, Booking.Status.CONFIRMED)
    ]

    confirmation = worded_get(kind="registration_confirmed", channel="email")
    personal_url = re.search(r"https?://\S+/applicants/me/[^/\s]+/", confirmation.body_text)[0]
    page.context.clear_cookies()
    page.goto(personal_url)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    page.locator("a[href$='/workshops/']").first.click()
    page.locator(f"input[name=slots][value='{first.pk}']").uncheck()
    page.locator(f"input[name=slots][value='{second.pk}']").check()
    page.locator("form button[type=submit]").last.click()
    assert list(
        registration.bookings.exclude(status=Booking.Status.CANCELLED).values_list(
            "slot", flat=True
        )
    ) == [second.pk]

    page.locator("a[href$='/cancel/']").last.click()
    page.locator("form button[type=submit]").last.click()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
