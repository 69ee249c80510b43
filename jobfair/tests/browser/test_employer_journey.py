"""Journey 2: an employer registers the company on a phone or a desktop, adds
an open position and asks to attend the fair day; the organiser approves and
gives a table; the employer sees the approval."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from employers.models import Employer, Participation
from events.tests.factories import EventFactory, OrganisationFactory, TradeFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fair_day():
    organiser = UserFactory(username="simone")
    organisation = OrganisationFactory(name="Handwerkskammer zu Leipzig")
    organisation.members.add(organiser)
    TradeFactory(slug="roofer", name_de="Dachdecker/in", name_en="Roofer")
    return EventFactory(
        organisations=[organisation],
        title_de="Bewerbertag für Bauberufe",
        slug="bauberufe",
        registration_opens_at=timezone.now() - timedelta(days=1),
    )


def test_employer_registers_offers_a_position_and_is_approved(page, site, fair_day):
    page.goto(f"{site}/employers/register/")
    page.locator("#id_name").fill("Dachdeckerei Krause")
    page.get_by_label("Dachdecker/in").check()
    page.locator("#id_street").fill("Am Anger 4")
    page.locator("#id_postcode").fill("04451")
    page.locator("#id_city").fill("Borsdorf")
    page.locator("#id_contact_name").fill("Jana Krause")
    page.locator("#id_email").fill("info@krause-dach.de")
    page.locator("#id_phone").fill("0341 1234567")
    page.locator("#id_size").select_option("1-9")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{site}/employers/company/")
    employer = Employer.objects.get(email="info@krause-dach.de")

    page.locator("a[href$='/company/positions/new/']").click()
    page.locator("#id_title").fill("Dachdecker/in (Helfer)")
    page.locator("#id_trade").select_option(label="Dachdecker/in")
    page.locator("#id_kind").select_option("helper")
    page.locator("#id_german_level").select_option("A2")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{site}/employers/company/")
    assert employer.positions.get().title == "Dachdecker/in (Helfer)"

    page.locator(f"a[href$='/company/events/{fair_day.slug}/']").click()
    page.locator("#id_attendees").fill("2")
    page.locator("main form button[type=submit]").click()
    participation = Participation.objects.get(employer=employer, event=fair_day)
    assert (participation.status, participation.attendees) == (Participation.Status.PENDING, 2)

    organiser = page.context.browser.new_context(**{"viewport": {"width": 1280, "height": 800}})
    desk = organiser.new_page()
    desk.goto(f"{site}/organise/")
    desk.locator("#id_username").fill("simone")
    desk.locator("#id_password").fill("secret-password")
    desk.locator("main form button[type=submit]").click()
    desk.goto(f"{site}/organise/events/{fair_day.pk}/employers/")
    desk.locator(f"#table-{participation.pk}").fill("T7")
    desk.locator(
        f"form[action$='/employers/{participation.pk}/decide/'] button[value=approved]"
    ).click()
    organiser.close()
    participation.refresh_from_db()
    assert (participation.status, participation.table) == (Participation.Status.APPROVED, "T7")

    page.goto(f"{site}/employers/company/participations/{participation.pk}/")
    expect(page.locator("main")).to_contain_text("T7")
    page.goto(f"{site}{fair_day.get_absolute_url()}")
    expect(page.locator("main")).to_contain_text("Dachdeckerei Krause")
