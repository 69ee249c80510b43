"""Wishes, answers, desks and the instance the scheduler reads."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from applicants.tests.factories import ApplicantFactory, BookingFactory, RegistrationFactory
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from events.tests.factories import EventFactory, SlotFactory
from meetings.models import Wish
from meetings.selectors import talk_instance
from meetings.services import interpreter_save, talk_desk_save, wish_answer, wishes_set
from meetings.tests.factories import InterpreterFactory, TalkPlanFactory

pytestmark = pytest.mark.django_db

APPROVED = Participation.Status.APPROVED


@pytest.fixture
def plan():
    return TalkPlanFactory(event=EventFactory(), max_wishes=2)


def _employer(event, **employer):
    participation = ParticipationFactory(
        event=event, status=APPROVED, employer=EmployerFactory(**employer)
    )
    PositionFactory(employer=participation.employer, german_level="B1")
    return participation


def test_talk_plan_divides_the_period_into_rounds(plan):
    assert plan.round_count == 10
    starts_at, ends_at = plan.round_times(9)
    assert starts_at == plan.starts_at + timedelta(minutes=108)
    assert ends_at <= plan.ends_at


def test_applicant_chooses_employers_up_to_the_limit(plan):
    registration = RegistrationFactory(event=plan.event)
    first, second, third = (_employer(plan.event) for _ in range(3))
    wishes_set(registration=registration, levels={first: "very_much", second: "interested"})
    with pytest.raises(ValidationError, match="at most 2"):
        wishes_set(
            registration=registration,
            levels={first: "very_much", second: "interested", third: "interested"},
        )
    wishes_set(registration=registration, levels={second: "very_much"})
    assert list(registration.talk_wishes.values_list("participation", "level")) == [
        (second.pk, "very_much")
    ]


def test_applicant_cannot_choose_an_employer_not_at_the_fair(plan):
    registration = RegistrationFactory(event=plan.event)
    elsewhere = ParticipationFactory(status=APPROVED)
    pending = ParticipationFactory(event=plan.event)
    for participation in [elsewhere, pending]:
        with pytest.raises(ValidationError, match="does not hold talks"):
            wishes_set(registration=registration, levels={participation: "very_much"})


def test_employer_answers_a_wish_and_invites_someone_who_did_not_ask(plan):
    participation = _employer(plan.event)
    asked, invited = (RegistrationFactory(event=plan.event) for _ in range(2))
    wishes_set(registration=asked, levels={participation: "interested"})
    wish_answer(participation=participation, registration=asked, answer="maybe")
    wish_answer(participation=participation, registration=invited, answer="yes")
    assert sorted(Wish.objects.values_list("registration", "level", "answer", "invited")) == sorted(
        [(asked.pk, "interested", "maybe", False), (invited.pk, "", "yes", True)]
    )


def test_invitation_stays_when_the_applicant_takes_back_a_wish(plan):
    participation = _employer(plan.event)
    registration = RegistrationFactory(event=plan.event)
    wish_answer(participation=participation, registration=registration, answer="yes")
    wishes_set(registration=registration, levels={participation: "very_much"})
    wishes_set(registration=registration, levels={})
    wish = Wish.objects.get()
    assert (wish.level, wish.answer, wish.invited) == ("", "yes", True)


def test_desk_and_interpreter_rounds_must_exist(plan):
    participation = _employer(plan.event)
    with pytest.raises(ValidationError, match="no round 11"):
        talk_desk_save(participation=participation, tables=2, away_rounds=[10])
    with pytest.raises(ValidationError, match="language"):
        interpreter_save(event=plan.event, name="Samira", language="", rounds=[0])


def test_instance_holds_values_busy_rounds_interpreter_needs_and_no_refusals(plan):
    event = plan.event
    speaks_arabic = _employer(event, languages=["ar"])
    german_only = _employer(event, languages=["de"])
    refuses = _employer(event)
    talk_desk_save(participation=german_only, tables=2, away_rounds=[0])
    registration = RegistrationFactory(
        event=event,
        applicant=ApplicantFactory(german_level="A1", language="ar", interpreter_language="ar"),
    )
    BookingFactory(
        registration=registration,
        slot=SlotFactory(
            session__event=event,
            starts_at=plan.starts_at + timedelta(minutes=20),
            ends_at=plan.starts_at + timedelta(minutes=40),
        ),
    )
    plan.max_wishes = 3
    plan.save()
    wishes_set(
        registration=registration,
        levels={speaks_arabic: "very_much", german_only: "interested", refuses: "very_much"},
    )
    wish_answer(participation=speaks_arabic, registration=registration, answer="yes")
    wish_answer(participation=refuses, registration=registration, answer="no")
    interpreter = InterpreterFactory(event=event, rounds=[1, 2])

    instance = talk_instance(event=event)

    assert instance["rounds"] == 10
    assert instance["max_talks"] == 3
    assert instance["applicants"] == [
        {"id": str(registration.pk), "language": "ar", "busy_rounds": [1, 2, 3]}
    ]
    employers = {e["id"]: e for e in instance["employers"]}
    assert employers[str(german_only.pk)] == {
        "id": str(german_only.pk),
        "tables": 2,
        "away_rounds": [0],
    }
    assert sorted(
        (w["employer"], w["value"], w["interpreter"]) for w in instance["wishes"]
    ) == sorted([(str(speaks_arabic.pk), 32, False), (str(german_only.pk), 4, True)])
    assert instance["interpreters"] == [
        {"id": str(interpreter.pk), "language": "ar", "rounds": [1, 2]}
    ]


@pytest.mark.parametrize("people", [3, 12])
def test_instance_queries_do_not_grow_with_people(plan, people, django_assert_num_queries):
    employers = [_employer(plan.event) for _ in range(2)]
    for _ in range(people):
        registration = RegistrationFactory(event=plan.event)
        BookingFactory(registration=registration)
        wishes_set(registration=registration, levels={employers[0]: "very_much"})
    with django_assert_num_queries(7):
        talk_instance(event=plan.event)
