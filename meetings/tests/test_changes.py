"""Changes by hand and on the day: every one under the rules of the schedule."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from applicants.tests.factories import ApplicantFactory, BookingFactory, RegistrationFactory
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from events.tests.factories import SlotFactory
from meetings.models import Talk, Wish
from meetings.services import (
    TalkRefused,
    talk_add,
    talk_desk_save,
    talk_move,
    talk_next_free,
    talk_remove,
    talk_status_set,
    wish_answer,
)
from meetings.tests.factories import InterpreterFactory, TalkPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair():
    plan = TalkPlanFactory(max_talks=2)
    employer = ParticipationFactory(
        event=plan.event,
        status=Participation.Status.APPROVED,
        employer=EmployerFactory(languages=["de"]),
    )
    PositionFactory(employer=employer.employer, german_level="A2")
    return plan, employer


def _person(plan, **applicant):
    return RegistrationFactory(event=plan.event, applicant=ApplicantFactory(**applicant))


def test_walk_in_gets_the_next_free_talk_and_asks_by_it(fair):
    plan, employer = fair
    talk_desk_save(participation=employer, tables=1, away_rounds=[0])
    talk_add(registration=_person(plan, german_level="B1"), participation=employer, round=1)
    walk_in = _person(plan, german_level="B1")

    talk = talk_next_free(registration=walk_in, participation=employer)

    assert (talk.round, talk.table) == (2, 1)
    assert Wish.objects.get(registration=walk_in).level == "interested"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("outside", "no round 11"),
        ("taken_table", "tables are all taken"),
        ("same_round", "another talk in this round"),
        ("twice", "have a talk already"),
        ("too_many", "as many talks as anyone"),
        ("workshop", "in a workshop"),
        ("refused", "said no"),
        ("no_interpreter", "No interpreter"),
    ],
)
def test_a_change_that_breaks_a_rule_is_refused(fair, change, message):
    plan, employer = fair
    person = _person(plan, german_level="B1")
    other = ParticipationFactory(
        event=plan.event, status=Participation.Status.APPROVED, employer=EmployerFactory()
    )
    third = ParticipationFactory(
        event=plan.event, status=Participation.Status.APPROVED, employer=EmployerFactory()
    )
    round = 3
    if change == "outside":
        round = 10
    elif change == "taken_table":
        talk_add(registration=_person(plan, german_level="B1"), participation=employer, round=3)
    elif change == "same_round":
        talk_add(registration=person, participation=other, round=3)
    elif change == "twice":
        talk_add(registration=person, participation=employer, round=1)
    elif change == "too_many":
        talk_add(registration=person, participation=other, round=1)
        talk_add(registration=person, participation=third, round=2)
    elif change == "workshop":
        starts_at, _ends_at = plan.round_times(3)
        BookingFactory(
            registration=person,
            slot=SlotFactory(
                session__event=plan.event,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=1),
            ),
        )
    elif change == "refused":
        wish_answer(participation=employer, registration=person, answer="no")
    elif change == "no_interpreter":
        person = _person(plan, german_level="none", language="ar", interpreter_language="ar")
        InterpreterFactory(event=plan.event, language="ar", rounds=[0, 1])
    with pytest.raises(TalkRefused, match=message):
        talk_add(registration=person, participation=employer, round=round)


def test_an_interpreter_is_found_for_a_talk_that_needs_one(fair):
    plan, employer = fair
    interpreter = InterpreterFactory(event=plan.event, language="ar", rounds=[3])
    person = _person(plan, german_level="none", language="ar", interpreter_language="ar")
    assert talk_add(registration=person, participation=employer, round=3).interpreter == interpreter


def test_moving_a_talk_keeps_the_rules_and_frees_its_place(fair):
    plan, employer = fair
    first = talk_add(registration=_person(plan, german_level="B1"), participation=employer, round=1)
    second = talk_add(
        registration=_person(plan, german_level="B1"), participation=employer, round=2
    )
    with pytest.raises(TalkRefused, match="tables are all taken"):
        talk_move(talk=second, round=1)
    talk_remove(talk=first)
    assert talk_move(talk=second, round=1).round == 1
    assert Talk.objects.count() == 1


def test_employer_marks_a_talk_held_or_no_show(fair):
    plan, employer = fair
    talk = talk_add(registration=_person(plan, german_level="B1"), participation=employer, round=1)
    assert talk_status_set(talk=talk, status="no_show").status == "no_show"
    with pytest.raises(ValidationError):
        talk_status_set(talk=talk, status="maybe")
