"""Publishing the schedule: everyone sees and is told their talks, once."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from applicants.tokens import registration_token
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from meetings.models import Talk
from meetings.services import schedule_make, schedule_publish, talks_notify, wishes_set
from meetings.tests.factories import InterpreterFactory, TalkPlanFactory
from meetings.tokens import interpreter_from_token, interpreter_token
from messaging.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled():
    plan = TalkPlanFactory()
    participation = ParticipationFactory(
        event=plan.event,
        status=Participation.Status.APPROVED,
        employer=EmployerFactory(name="Dachbau Ost", languages=["de"]),
        table="T4",
    )
    PositionFactory(employer=participation.employer, german_level="B1")
    registration = RegistrationFactory(
        event=plan.event,
        applicant=ApplicantFactory(
            first_name="Amal", language="ar", german_level="A1", interpreter_language="ar"
        ),
    )
    wishes_set(registration=registration, levels={participation: "very_much"})
    interpreter = InterpreterFactory(
        event=plan.event, name="Samira", email="samira@example.org", rounds=[0]
    )
    schedule_make(event=plan.event)
    return plan, participation, registration, interpreter


def test_nothing_is_published_before_the_schedule_is_made():
    plan = TalkPlanFactory()
    with pytest.raises(ValidationError, match="Make the schedule first"):
        schedule_publish(event=plan.event)


def test_publishing_tells_applicant_employer_and_interpreter_once(scheduled):
    plan, participation, registration, interpreter = scheduled
    schedule_publish(event=plan.event)

    assert talks_notify(event=plan.event) == 3
    assert talks_notify(event=plan.event) == 0

    messages = {m.kind: m for m in Message.objects.filter(channel="email")}
    assert sorted(messages) == ["talks_agenda", "talks_interpreter", "talks_planned"]
    to_applicant = messages["talks_planned"]
    assert (to_applicant.recipient, to_applicant.language) == (
        registration.applicant.email,
        "ar",
    )
    assert "Dachbau Ost" in to_applicant.body_text
    assert "T4" in to_applicant.body_text
    assert "Samira" in to_applicant.body_text
    assert "Amal" in messages["talks_agenda"].body_text
    assert messages["talks_interpreter"].recipient == "samira@example.org"
    # The link signs the time it was made: the one sent, not one made now.
    link = re.search(r"/talks/interpreter/([^/\s]+)/", messages["talks_interpreter"].body_text)
    assert interpreter_from_token(link[1]) == interpreter


def test_a_changed_talk_is_told_again(scheduled):
    plan, _participation, registration, _interpreter = scheduled
    schedule_publish(event=plan.event)
    talks_notify(event=plan.event)
    Talk.objects.update(round=1, interpreter=None)
    talks_notify(event=plan.event)
    assert Message.objects.filter(kind="talks_planned", channel="email").count() == 2


def test_personal_page_shows_the_talks_once_published(client, scheduled):
    plan, _participation, registration, _interpreter = scheduled
    personal = reverse("applicants:personal", kwargs={"token": registration_token(registration)})
    before = client.get(personal).content.decode()
    assert "Dachbau Ost" not in before
    assert reverse("meetings:wishes", kwargs={"token": registration_token(registration)}) in before
    schedule_publish(event=plan.event)
    after = client.get(personal).content.decode()
    assert "Dachbau Ost" in after
    assert "T4" in after


def test_interpreter_sees_their_plan_behind_their_link(client, scheduled):
    plan, _participation, _registration, interpreter = scheduled
    url = reverse("meetings:interpreter_plan", kwargs={"token": interpreter_token(interpreter)})
    assert "Amal" not in client.get(url).content.decode()
    schedule_publish(event=plan.event)
    assert "Amal" in client.get(url).content.decode()
    bad = reverse("meetings:interpreter_plan", kwargs={"token": "nonsense"})
    assert client.get(bad).status_code == 404


def test_employer_sees_the_agenda_of_their_table(client, scheduled):
    plan, participation, _registration, _interpreter = scheduled
    schedule_publish(event=plan.event)
    client.force_login(participation.employer.user)
    content = client.get(
        reverse("meetings:employer_talks", kwargs={"pk": participation.pk})
    ).content.decode()
    assert 'id="agenda-heading"' in content
    assert "Amal" in content


def test_talks_come_as_a_calendar_file_by_message_and_from_the_page(client, scheduled):
    plan, _participation, registration, _interpreter = scheduled
    schedule_publish(event=plan.event)
    talks_notify(event=plan.event)
    attached = Message.objects.get(kind="talks_planned", channel="email").attachments[0]
    assert attached["mimetype"] == "text/calendar"
    assert "SUMMARY:Dachbau Ost" in attached["content"]
    url = reverse("meetings:calendar", kwargs={"token": registration_token(registration)})
    assert "SUMMARY:Dachbau Ost" in client.get(url).content.decode()


def test_printed_letter_names_the_talks(scheduled, organiser, client):
    plan, _participation, registration, _interpreter = scheduled
    plan.event.organisations.add(*organiser.organisations.all())
    client.force_login(organiser)
    schedule_publish(event=plan.event)
    content = client.get(
        reverse("organise:letters", kwargs={"pk": plan.event.pk}),
        {"registration": registration.pk},
    ).content.decode()
    assert "Dachbau Ost (Tisch T4)" in content


@pytest.mark.parametrize("people", [1, 6])
def test_interpreter_plan_queries_do_not_grow(client, people, django_assert_num_queries):
    plan = TalkPlanFactory()
    participation = ParticipationFactory(
        event=plan.event, status=Participation.Status.APPROVED, employer=EmployerFactory()
    )
    interpreter = InterpreterFactory(event=plan.event, rounds=list(range(10)))
    for number in range(people):
        Talk.objects.create(
            event=plan.event,
            registration=RegistrationFactory(event=plan.event),
            participation=participation,
            round=number,
            interpreter=interpreter,
        )
    plan.published_at = plan.starts_at
    plan.save()
    url = reverse("meetings:interpreter_plan", kwargs={"token": interpreter_token(interpreter)})
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.content.decode().count("<bdi>") == people


def test_data_download_holds_the_wishes_answers_and_talks(client, scheduled):
    _plan, participation, registration, _interpreter = scheduled
    url = reverse("applicants:data_download", kwargs={"token": registration_token(registration)})
    data = client.get(url).json()
    talk = Talk.objects.get(registration=registration)
    for row in data["talks"]:
        row.pop("event")
    assert data["talks"] == [
        {
            "employer": "Dachbau Ost",
            "my_wish": "very_much",
            "employer_answer": "",
            "invited_by_employer": False,
            "talk_round": talk.round + 1,
            "talk_status": "planned",
        }
    ]


def test_someone_whose_talk_is_taken_out_is_told_that_it_is_off(scheduled):
    plan, _participation, registration, _interpreter = scheduled
    schedule_publish(event=plan.event)
    talks_notify(event=plan.event)
    Talk.objects.filter(registration=registration).delete()
    talks_notify(event=plan.event)
    talks_notify(event=plan.event)
    off = Message.objects.filter(kind="talks_cancelled", channel="email")
    assert [m.recipient for m in off] == [registration.applicant.email]
