"""The organisers' page of the talks: plan, interpreters, demand, schedule."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from meetings.models import Interpreter, Talk, TalkPlan
from meetings.services import schedule_make, wishes_set
from meetings.tests.factories import TalkPlanFactory

pytestmark = pytest.mark.django_db


def _url(event, name="talks", **more):
    return reverse(f"organise:{name}", kwargs={"pk": event.pk, **more})


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_organiser_plans_talks_within_the_event(organiser_client, event):
    starts_at = event.starts_at + timedelta(hours=1)
    data = {
        "starts_at": _local(starts_at),
        "ends_at": _local(starts_at + timedelta(hours=2)),
        "talk_minutes": "10",
        "change_minutes": "2",
        "max_talks": "3",
        "max_wishes": "5",
    }
    response = organiser_client.post(_url(event, "talk_plan"), data)
    assert response.status_code == 302
    assert TalkPlan.objects.get(event=event).round_count == 10

    data["ends_at"] = _local(event.ends_at + timedelta(hours=1))
    response = organiser_client.post(_url(event, "talk_plan"), data)
    assert response.status_code == 400
    assert "Die Gespräche müssen innerhalb der Veranstaltung liegen." in response.content.decode()


def test_interpreter_without_rounds_is_there_the_whole_time(organiser_client, event):
    TalkPlanFactory(event=event)
    organiser_client.post(
        _url(event, "interpreter_add"), {"name": "Samira", "language": "ar", "email": ""}
    )
    organiser_client.post(
        _url(event, "interpreter_add"),
        {"name": "Olha", "language": "uk", "rounds": ["2", "3"]},
    )
    assert dict(Interpreter.objects.values_list("name", "rounds")) == {
        "Samira": list(range(10)),
        "Olha": [2, 3],
    }


def test_interpreter_without_language_gets_an_error_next_to_the_field(organiser_client, event):
    TalkPlanFactory(event=event)
    response = organiser_client.post(_url(event, "interpreter_add"), {"name": "Samira"})
    assert response.status_code == 400
    assert 'id="error_1_id_language"' in response.content.decode()
    assert Interpreter.objects.count() == 0


def _fair(event, people):
    plan = TalkPlanFactory(event=event)
    participation = ParticipationFactory(
        event=event, status=Participation.Status.APPROVED, employer=EmployerFactory(name="Korn")
    )
    PositionFactory(employer=participation.employer, german_level="B2")
    for _ in range(people):
        registration = RegistrationFactory(
            event=event, applicant=ApplicantFactory(german_level="A1", interpreter_language="fa")
        )
        wishes_set(registration=registration, levels={participation: "very_much"})
    return plan


def test_demand_shows_wishes_per_employer_and_interpreters_per_language(organiser_client, event):
    _fair(event, 3)
    content = organiser_client.get(_url(event)).content.decode()
    assert '<th scope="row">Korn</th>\n          <td>3</td>' in content
    assert '<th scope="row">fa</th><td>3</td><td>3</td><td>0</td>' in content


def test_schedule_figures_and_talks_by_round(organiser_client, event):
    _fair(event, 2)
    organiser_client.post(_url(event, "interpreter_add"), {"name": "Dari", "language": "fa"})
    schedule_make(event=event)
    number = Talk.objects.filter(event=event).order_by("round").first().round
    content = organiser_client.get(_url(event), {"round": number}).content.decode()
    assert f"Runde {number + 1}, " in content
    assert "<td>Dari</td>" in content


def test_make_shows_the_schedule_as_being_made(organiser_client, event):
    _fair(event, 1)
    organiser_client.post(_url(event, "schedule_make"))
    assert TalkPlan.objects.get().schedule_state == "running"
    response = organiser_client.get(_url(event, "schedule_status"), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in response.content.decode()


@pytest.mark.parametrize("people", [2, 8])
def test_talks_page_queries_do_not_grow(organiser_client, event, people, django_assert_num_queries):
    _fair(event, people)
    schedule_make(event=event)
    with django_assert_num_queries(27):
        organiser_client.get(_url(event))


def test_figures_name_who_has_no_talk_and_why(organiser_client, event):
    _fair(event, 2)
    lonely = RegistrationFactory(event=event, applicant=ApplicantFactory(last_name="Einsam"))
    schedule_make(event=event)
    content = organiser_client.get(_url(event)).content.decode()
    assert f"Einsam</bdi> ({lonely.code_display}): hat keinen Arbeitgeber gewählt" in content


def test_a_walk_in_with_an_unknown_code_gets_the_error_next_to_the_field(organiser_client, event):
    _fair(event, 1)
    response = organiser_client.post(_url(event, "talk_add"), {"code": "ZZZ-ZZZ"})
    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="error_1_id_code"' in content
    assert 'value="ZZZ-ZZZ"' in content


def test_a_walk_in_gets_the_next_free_talk_from_the_desk(organiser_client, event):
    _fair(event, 0)
    walk_in = RegistrationFactory(event=event, applicant=ApplicantFactory(german_level="C1"))
    employer = event.participations.get()
    response = organiser_client.post(
        _url(event, "talk_add"), {"code": walk_in.code_display, "employer": employer.pk}
    )
    assert response.status_code == 302
    assert Talk.objects.get().registration == walk_in
