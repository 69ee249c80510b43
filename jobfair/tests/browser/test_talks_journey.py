"""The talks from the first wish to the day: an applicant chooses employers
in Arabic on a phone, the employer answers, the organiser makes the schedule
(on a real worker) and publishes it, the applicant sees and receives their
talk in Arabic, the interpreter their plan, and a walk-in gets the next free
talk at the desk."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from applicants.tokens import registration_token
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from events.tests.factories import EventFactory, TradeFactory
from jobfair.tests.browser.conftest import VIEWPORTS, axe_violations
from meetings.models import Talk, TalkPlan
from meetings.tests.factories import InterpreterFactory, TalkPlanFactory
from messaging.models import Message
from messaging.tests.waiting import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def viewport_name():
    return "phone"


@pytest.fixture
def fair(organiser):
    event = EventFactory(
        organisations=list(organiser.organisations.all()),
        title_de="Bewerbertag Bau",
        title_ar="يوم البناء",
    )
    plan = TalkPlanFactory(event=event, max_wishes=2)
    roofer = TradeFactory(name_de="Dachdecker/in", name_ar="عامل تسقيف")
    participation = ParticipationFactory(
        event=event,
        status=Participation.Status.APPROVED,
        employer=EmployerFactory(name="Dachbau Ost", languages=["de"]),
        table="T4",
    )
    PositionFactory(employer=participation.employer, trade=roofer, german_level="B1")
    other = ParticipationFactory(
        event=event, status=Participation.Status.APPROVED, employer=EmployerFactory(name="Korn")
    )
    PositionFactory(employer=other.employer, german_level="none")
    amal = RegistrationFactory(
        event=event,
        applicant=ApplicantFactory(
            first_name="Amal", language="ar", german_level="A1", interpreter_language="ar"
        ),
    )
    amal.applicant.trades.set([roofer])
    walk_in = RegistrationFactory(event=event, applicant=ApplicantFactory(german_level="B2"))
    InterpreterFactory(event=event, name="Samira", language="ar", email="samira@example.org")
    return plan, participation, amal, walk_in


def _session(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_from_wish_to_talk_and_a_walk_in_on_the_day(
    page, browser, site, fair, organiser, celery_worker_on_redis
):
    plan, participation, amal, walk_in = fair

    # The applicant, on a phone, in Arabic: the employer of her trade comes first.
    page.goto(f"{site}/talks/me/{registration_token(amal)}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    first = page.locator("fieldset.card").first
    expect(first.locator("legend")).to_contain_text("Dachbau Ost")
    first.locator("input[value=very_much]").check()
    page.locator("input[name=talk_line]").fill("4 سنوات عامل تسقيف في حلب")
    assert axe_violations(page) == []
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/applicants/me/"))

    # The employer, at a desk: answers yes.
    desk = browser.new_context(**VIEWPORTS["desktop"], locale="de-DE")
    desk.add_cookies(
        [{"name": "sessionid", "value": _session(participation.employer.user), "url": site}]
    )
    employer = desk.new_page()
    employer.goto(f"{site}/talks/employer/{participation.pk}/")
    expect(employer.get_by_text("4 سنوات عامل تسقيف في حلب")).to_be_visible()
    employer.locator("input[value=yes]").check()
    assert axe_violations(employer) == []
    employer.get_by_role("button", name="Antworten speichern").click()
    expect(employer.locator(".alert-success")).to_be_visible()

    # The organiser makes the schedule on the worker, and publishes it.
    desk.add_cookies([{"name": "sessionid", "value": _session(organiser), "url": site}])
    office = desk.new_page()
    office.goto(f"{site}/organise/events/{plan.event.pk}/talks/")
    office.get_by_role("button", name="Gesprächsplan erstellen").click()
    publish = office.get_by_role("button", name=re.compile("veröffentlichen"))
    expect(publish).to_be_visible(timeout=20_000)
    expect(office.locator("#talk-schedule dl")).to_contain_text("1")
    assert axe_violations(office) == []
    publish.click()
    assert wait_for(lambda: Message.objects.filter(kind="talks_planned", channel="email").exists())
    told = Message.objects.get(kind="talks_planned", channel="email")
    assert told.language == "ar"
    assert "Dachbau Ost" in told.body_text
    assert "Samira" in told.body_text
    assert wait_for(lambda: Message.objects.filter(kind="talks_interpreter").exists())

    # The interpreter opens the plan from the link in her message.
    plan_url = re.search(
        r"https?://\S+/talks/interpreter/\S+/",
        Message.objects.get(kind="talks_interpreter", channel="email").body_text,
    )[0]
    interpreter = desk.new_page()
    interpreter.goto(plan_url)
    expect(interpreter.get_by_role("cell", name="Dachbau Ost")).to_be_visible()
    expect(interpreter.get_by_role("cell", name="Amal")).to_be_visible()
    assert axe_violations(interpreter) == []

    # The applicant sees her talk on her personal page, in Arabic.
    page.goto(f"{site}/applicants/me/{registration_token(amal)}/")
    talks = page.locator("section[aria-labelledby=talks-heading]")
    expect(talks).to_contain_text("Dachbau Ost")
    expect(talks).to_contain_text("T4")
    assert axe_violations(page) == []

    # On the day, a walk-in gets the next free talk: the code, then the employer.
    office.goto(f"{site}/organise/events/{plan.event.pk}/talks/")
    office.locator("#id_code").fill(walk_in.code)
    office.locator("#id_employer").select_option(label="Dachbau Ost")
    office.get_by_role("button", name="Gespräch vergeben").click()
    expect(office.locator(".alert-success")).to_contain_text("Dachbau Ost")
    assert Talk.objects.filter(registration=walk_in, participation=participation).exists()
    assert TalkPlan.objects.get(pk=plan.pk).published_at is not None
    desk.close()
