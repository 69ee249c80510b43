"""At the employer's table and after the fair: on a phone, the employer
taps "Scan QR code", the camera (Chromium's fake camera, playing a video of
the applicant's QR code) finds the code, the contact opens, and the employer
records a next step; the applicant then sees the employer and the next step
on their page in Ukrainian. The day after the fair the follow-up question
reaches her through the real worker and SMTP server, one tap answers it, and
the organiser's outcome report and the pseudonymised list for funders show
both. Without a camera, the code is typed. axe checks the new pages in
German and Arabic."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from playwright.sync_api import expect

from applicants.models import Consent, FollowUp
from applicants.services.attendance import registration_check_in
from applicants.services.consents import consents_set
from applicants.tasks import follow_ups_write_due
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from applicants.tokens import registration_token
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory
from events.models import Event
from events.tests.factories import EventFactory, TradeFactory
from jobfair.tests.browser.conftest import VIEWPORTS, axe_violations
from meetings.models import Contact
from messaging.tests.waiting import wait_for
from organise.exports import pseudonym

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def viewport_name():
    return "phone"


@pytest.fixture
def fair():
    event = EventFactory(title_de="Bewerbertag Handwerk", title_ar="يوم الحرف")
    participation = ParticipationFactory(
        event=event,
        status=Participation.Status.APPROVED,
        employer=EmployerFactory(name="Malerbetrieb Sonne"),
    )
    painter = TradeFactory(name_de="Maler/in", name_uk="Маляр", name_ar="دهان")
    olena = RegistrationFactory(
        event=event,
        applicant=ApplicantFactory(
            first_name="Olena",
            last_name="Kovalenko",
            language="uk",
            german_level="A2",
            talk_line="Malerin, 6 Jahre in Kyjiw",
        ),
    )
    olena.applicant.trades.set([painter])
    consents_set(applicant=olena.applicant, purposes=[Consent.Purpose.SHARE])
    return participation, olena


@pytest.fixture
def camera_page(filmed_phone, fair):
    """A phone whose camera films the applicant's QR code."""
    return filmed_phone(registration_token(fair[1], "badge"))


def _sign_in(page, site, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )


def test_employer_scans_the_code_and_the_applicant_reads_the_next_step_in_ukrainian(
    camera_page, site, fair, organiser, smtp_sink, celery_worker_on_redis
):
    participation, olena = fair
    event = participation.event
    event.organisations.set(organiser.organisations.all())
    page = camera_page
    _sign_in(page, site, participation.employer.user)
    page.goto(f"{site}/employers/company/participations/{participation.pk}/")
    page.locator(f"a[href$='/talks/employer/{participation.pk}/table/']").first.click()
    # The click returns once the page arrives; its scripts (the scanner's
    # button) run by the load event.
    page.wait_for_load_state()

    # The camera starts only on the employer's tap (here: the keyboard).
    video = page.locator("[data-scanner-video]")
    expect(video).to_be_hidden()
    start = page.locator("[data-scanner-start]")
    start.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/talks/employer/\d+/contacts/\d+/$"), timeout=20_000)
    contact = Contact.objects.get()
    assert (contact.participation, contact.registration) == (participation, olena)

    # What Olena shares, never her last name; the employer notes a trial day.
    profile = page.locator("section[aria-labelledby=profile-heading]")
    expect(profile).to_contain_text("Olena")
    expect(profile).to_contain_text("Malerin, 6 Jahre in Kyjiw")
    expect(page.locator("main")).not_to_contain_text("Kovalenko")
    page.locator("input[name=rating][value='4']").check()
    page.locator("input[name=next_step][value=trial_day]").check()
    page.locator("#id_note").fill("Kann ab Montag, Probetag vereinbart.")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{site}/talks/employer/{participation.pk}/table/")
    contact.refresh_from_db()
    assert (contact.rating, contact.next_step) == (4, "trial_day")

    # Olena opens her page (no language chosen on this device: hers, Ukrainian).
    applicant = page.context.browser.new_context(**VIEWPORTS["phone"], locale="de-DE")
    mine = applicant.new_page()
    mine.goto(f"{site}/applicants/me/{registration_token(olena)}/")
    expect(mine.locator("html")).to_have_attribute("lang", "uk")
    with translation.override("uk"):
        trial_day = str(Contact.NextStep.TRIAL_DAY.label)
        heading = translation.gettext("Employers you met")
    assert (trial_day, heading) == ("Пробний день", "Роботодавці, з якими ви зустрілися")
    section = mine.locator("section[aria-labelledby=contacts-heading]")
    expect(section.locator("h2")).to_have_text(heading)
    expect(section).to_contain_text("Malerbetrieb Sonne")
    expect(section).to_contain_text(trial_day)
    assert axe_violations(mine) == []

    # She came, and agreed to be asked afterwards. Two days later (the
    # fair's dates moved back), beat's task on the worker asks her.
    registration_check_in(registration=olena)
    consents_set(applicant=olena.applicant, purposes=[Consent.Purpose.FOLLOW_UP])
    ended = timezone.now() - timedelta(days=2)
    Event.objects.filter(pk=event.pk).update(starts_at=ended - timedelta(hours=6), ends_at=ended)
    follow_ups_write_due.delay().get(timeout=20)
    assert wait_for(lambda: smtp_sink.received, timeout=20)
    (mail,) = smtp_sink.received
    assert mail["To"] == olena.applicant.email
    text = mail.get_body(("plain",)).get_content()
    with translation.override("uk"):
        apprenticeship = str(FollowUp.Answer.APPRENTICESHIP.label)
        assert translation.gettext("What are you doing now?") in mail["Subject"]
    link = re.search(rf"{re.escape(apprenticeship)}: (\S+)", text)[1]

    # One tap on the link's answer records it.
    mine.goto(link)
    mine.locator("button[name=answer][value=apprenticeship]").first.click()
    expect(mine.locator(".alert-success")).to_be_visible()
    follow_up = FollowUp.objects.get(registration=olena)
    assert (follow_up.point, follow_up.answer) == ("exit", "apprenticeship")
    applicant.close()

    # The organiser's report counts both; the list for funders names them
    # under Olena's pseudonym, without her name.
    _sign_in(page, site, organiser)
    page.goto(f"{site}/organise/events/{event.pk}/outcomes/")
    expect(page.locator("#outcomes-next-steps")).to_have_text("1")
    expect(page.locator("#outcomes-answered")).to_have_text("1")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.locator("a[href$='/outcomes/pseudonymised.csv']").click()
    rows = list(
        csv.reader(
            io.StringIO(download.value.path().read_text(encoding="utf-8-sig")), delimiter=";"
        )
    )
    olena_pseudonym = pseudonym(event_id=event.pk, applicant_id=olena.applicant_id)
    (row,) = [row for row in rows[1:] if row[0] == olena_pseudonym]
    assert "trial_day" in row[8].split(",")
    assert "apprenticeship" in row
    assert "Olena" not in download.value.path().read_text(encoding="utf-8-sig")


def test_without_a_camera_the_code_is_typed(page, site, fair):
    participation, olena = fair
    _sign_in(page, site, participation.employer.user)
    page.goto(f"{site}/talks/employer/{participation.pk}/table/")
    page.locator("[data-scanner-start]").click()
    status = page.locator("[data-scanner-status]")
    expect(status).to_have_text(
        page.locator("#table-scanner").get_attribute("data-no-camera"), timeout=10_000
    )
    expect(page.locator("[data-scanner-video]")).to_be_hidden()
    page.locator("#id_code").fill("QQQ-QQ7")
    page.locator("#table-code-form button[type=submit]").click()
    expect(page.locator("#error_1_id_code")).to_be_visible()
    expect(page.locator("#id_code")).to_have_value("QQQ-QQ7")
    page.locator("#id_code").fill(olena.code.lower())
    page.locator("#table-code-form button[type=submit]").click()
    expect(page.locator("section[aria-labelledby=profile-heading]")).to_contain_text("Olena")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_table_pages_are_accessible(page, site, fair, language):
    participation, olena = fair
    _sign_in(page, site, participation.employer.user)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    table = f"{site}/talks/employer/{participation.pk}/table/"
    page.goto(table)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert axe_violations(page) == []
    page.locator("#id_code").fill("QQQ-QQ7")
    page.locator("#table-code-form button[type=submit]").click()
    assert axe_violations(page) == []
    page.locator("#id_code").fill(olena.code)
    page.locator("#table-code-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/contacts/\d+/$"))
    page.locator("#id_note").fill("x" * 501)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error_1_id_note")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"{site}/talks/employer/{participation.pk}/contacts/")
    expect(page.locator("main")).to_contain_text("Olena")
    assert axe_violations(page) == []
