"""Journey: an organiser who has never seen the app creates the demo fair day
from scratch (event, new venue, teaching workshop, three slots at once),
meets the room-clash error, publishes, and checks a guest in on the day."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applicants.models import Registration
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from events.models import Event
from events.tests.factories import EventFactory, OrganisationFactory, TradeFactory, UserFactory
from jobfair.tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organiser():
    user = UserFactory(username="simone")
    OrganisationFactory(name="Jobcenter Leipzig").members.add(user)
    TradeFactory(slug="bricklayer", name_de="Maurer/in")
    return user


def _log_in(page, site):
    page.goto(f"{site}/organise/")
    page.locator("#id_username").fill("simone")
    page.locator("#id_password").fill("secret-password")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{site}/organise/")


def test_organiser_creates_the_fair_day_from_scratch(page, site, organiser):
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    _log_in(page, site)
    assert axe_violations(page) == []

    page.locator("a[href$='/organise/events/new/']").click()
    page.locator("#id_title_de").fill("Bewerbertag für Bauberufe")
    page.locator("#id_description_de").fill("Lehrkabinette, Betriebe, Beratung.")
    page.locator("#id_starts_at").fill(f"{day}T09:00")
    page.locator("#id_ends_at").fill(f"{day}T15:00")
    page.locator("#id_new_venue_name").fill("Bildungszentrum der Handwerkskammer")
    page.locator("#id_new_venue_street").fill("Steinweg 3")
    page.locator("#id_new_venue_postcode").fill("04451")
    page.locator("#id_new_venue_city").fill("Borsdorf")
    page.locator("#id_capacity").fill("80")
    assert axe_violations(page) == []
    page.locator("main form button[type=submit]").click()

    event = Event.objects.get()
    expect(page).to_have_url(f"{site}/organise/events/{event.pk}/")
    for title, room in [("Lehrkabinett Maurer", "Halle 1"), ("Lehrkabinett Fliesen", "Halle 1")]:
        page.locator("a[href$='/sessions/new/']").click()
        page.locator("#id_kind").select_option("workshop")
        page.locator("#id_title_de").fill(title)
        page.locator("#id_trade").select_option(label="Maurer/in")
        page.locator("#id_room").fill(room)
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(f"{site}/organise/events/{event.pk}/#programme")

    maurer = event.sessions.get(title_de="Lehrkabinett Maurer")
    page.locator(f"a[href$='/sessions/{maurer.pk}/slots/new/']").click()
    page.locator("#id_first_start").fill("10:00")
    page.locator("#id_count").fill("3")
    page.locator("#id_duration_minutes").fill("45")
    page.locator("#id_capacity").fill("12")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{site}/organise/events/{event.pk}/#programme")
    assert maurer.slots.count() == 3

    fliesen = event.sessions.get(title_de="Lehrkabinett Fliesen")
    page.locator(f"a[href$='/sessions/{fliesen.pk}/slots/new/']").click()
    page.locator("#id_first_start").fill("11:00")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#form-errors")).to_contain_text("Lehrkabinett Maurer")
    assert axe_violations(page) == []
    assert fliesen.slots.count() == 0

    page.goto(f"{site}/organise/events/{event.pk}/")
    page.locator("form[action$='/publish/'] button").click()
    expect(page.locator("a[href$='/events/bewerbertag-fuer-bauberufe/']")).to_be_visible()
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED

    page.goto(f"{site}{event.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewerbertag für Bauberufe")
    expect(page.get_by_text("12 freie Plätze")).to_have_count(3)


def test_check_in_on_a_phone_with_one_tap(page, site, organiser):
    event = EventFactory(
        organisations=list(organiser.organisations.all()), starts_at=timezone.now()
    )
    layla = RegistrationFactory(
        event=event, applicant=ApplicantFactory(first_name="Layla", last_name="Haddad")
    )
    RegistrationFactory(event=event)
    _log_in(page, site)
    page.goto(f"{site}/organise/events/{event.pk}/check-in/")
    expect(page.locator("#checkin-counts .present")).to_have_text("0")
    page.locator("#checkin-q").fill("Hadd")
    page.locator(f"#checkin-{layla.pk} button").click()
    expect(page.locator(f"#checkin-{layla.pk} .checked-in")).to_be_visible()
    expect(page.locator("#checkin-counts .present")).to_have_text("1")
    assert axe_violations(page) == []
    layla.refresh_from_db()
    assert layla.status == Registration.Status.ATTENDED
