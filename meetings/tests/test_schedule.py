"""Making the schedule from the database: the solver's talks in place, with
tables and interpreters, through a real Celery worker."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from meetings.models import Talk, TalkPlan
from meetings.services import (
    schedule_make,
    schedule_queue,
    talk_desk_save,
    wish_answer,
    wishes_set,
)
from meetings.tests.factories import InterpreterFactory, TalkPlanFactory
from messaging.tests.waiting import wait_for


def _fair(*, people=6):
    plan = TalkPlanFactory(max_talks=2, max_wishes=2)
    employers = []
    for languages in (["de"], ["de", "ar"]):
        participation = ParticipationFactory(
            event=plan.event,
            status=Participation.Status.APPROVED,
            employer=EmployerFactory(languages=languages),
        )
        PositionFactory(employer=participation.employer, german_level="B1")
        talk_desk_save(participation=participation, tables=2, away_rounds=[])
        employers.append(participation)
    registrations = []
    for _ in range(people):
        registration = RegistrationFactory(
            event=plan.event,
            applicant=ApplicantFactory(german_level="A1", interpreter_language="ar"),
        )
        wishes_set(
            registration=registration,
            levels={employers[0]: "very_much", employers[1]: "interested"},
        )
        registrations.append(registration)
    wish_answer(participation=employers[1], registration=registrations[0], answer="no")
    InterpreterFactory(event=plan.event, language="ar", rounds=[0, 1, 2])
    return plan, employers, registrations


@pytest.mark.django_db
def test_schedule_gives_everyone_a_talk_at_numbered_tables_with_interpreters():
    plan, (german_only, speaks_arabic), registrations = _fair()

    plan = schedule_make(event=plan.event)

    talks = list(Talk.objects.filter(event=plan.event))
    assert plan.schedule_state == TalkPlan.ScheduleState.DONE
    assert plan.schedule_stats["applicants_without_talk"] == 0
    assert {talk.registration_id for talk in talks} == {r.pk for r in registrations}
    assert (registrations[0].pk, speaks_arabic.pk) not in {
        (t.registration_id, t.participation_id) for t in talks
    }
    for talk in talks:
        assert talk.table in (1, 2)
        # The German-only employer needs an interpreter for people with A1 German.
        assert (talk.interpreter is not None) == (talk.participation == german_only)


@pytest.mark.django_db
def test_a_new_schedule_replaces_the_draft_but_not_a_published_one():
    plan, _employers, _registrations = _fair(people=2)
    schedule_make(event=plan.event)
    first = set(Talk.objects.values_list("pk", flat=True))
    schedule_make(event=plan.event)
    assert first.isdisjoint(Talk.objects.values_list("pk", flat=True))
    plan.published_at = timezone.now()
    plan.save()
    with pytest.raises(ValidationError, match="published"):
        schedule_queue(event=plan.event)


@pytest.mark.django_db
def test_schedule_of_an_impossible_instance_says_why():
    plan = TalkPlanFactory()
    InterpreterFactory(event=plan.event, rounds=[99])
    plan = schedule_make(event=plan.event)
    assert plan.schedule_state == TalkPlan.ScheduleState.FAILED
    assert plan.schedule_stats["problems"]


def test_pressing_make_twice_runs_the_schedule_on_a_worker(celery_worker_on_redis):
    plan, _employers, registrations = _fair(people=4)
    schedule_queue(event=plan.event)
    schedule_queue(event=plan.event)

    def done():
        plan.refresh_from_db()
        return plan.schedule_state == TalkPlan.ScheduleState.DONE

    assert wait_for(done)
    assert Talk.objects.filter(event=plan.event).values("registration").distinct().count() == 4
