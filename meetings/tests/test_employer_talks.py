"""The employer's page of the talks: answers, invitations and their table."""

import pytest
from django.urls import reverse

from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from events.tests.factories import EventFactory, TradeFactory
from meetings.models import TalkDesk, Wish
from meetings.services import wishes_set
from meetings.tests.factories import TalkPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer_at_fair(client):
    plan = TalkPlanFactory(event=EventFactory())
    roofer = TradeFactory(name_de="Dachdecker")
    participation = ParticipationFactory(
        event=plan.event, status=Participation.Status.APPROVED, employer=EmployerFactory()
    )
    PositionFactory(employer=participation.employer, trade=roofer)
    client.force_login(participation.employer.user)
    return plan, participation, roofer


def _url(participation, name="employer_talks", **more):
    return reverse(f"meetings:{name}", kwargs={"pk": participation.pk, **more})


def _applicant(plan, *, trades=(), **fields):
    registration = RegistrationFactory(
        event=plan.event, applicant=ApplicantFactory(language="en", **fields)
    )
    registration.applicant.trades.set(trades)
    return registration


def test_employer_sees_what_applicants_show_and_no_contact_data(client, employer_at_fair):
    plan, participation, roofer = employer_at_fair
    registration = _applicant(
        plan,
        trades=[roofer],
        first_name="Yonas",
        email="yonas@example.org",
        phone="+4915112345678",
        talk_line="Dachdecker in Asmara, 4 Jahre",
        german_level="A2",
    )
    wishes_set(registration=registration, levels={participation: "very_much"})
    content = client.get(_url(participation)).content.decode()
    assert "Yonas" in content
    assert "Dachdecker in Asmara, 4 Jahre" in content
    assert "A2" in content
    assert registration.applicant.last_name not in content
    assert "yonas@example.org" not in content
    assert "+4915112345678" not in content


def test_employer_answers_yes_maybe_no(client, employer_at_fair):
    plan, participation, _roofer = employer_at_fair
    first, second = _applicant(plan), _applicant(plan)
    for registration in (first, second):
        wishes_set(registration=registration, levels={participation: "interested"})
    wishes = {w.registration_id: w for w in Wish.objects.all()}
    client.post(
        _url(participation),
        {f"answer_{wishes[first.pk].pk}": "yes", f"answer_{wishes[second.pk].pk}": "no"},
    )
    assert dict(Wish.objects.values_list("registration", "answer")) == {
        first.pk: "yes",
        second.pk: "no",
    }


def test_employer_invites_from_the_pool_of_their_trades_only_who_agreed(client, employer_at_fair):
    plan, participation, roofer = employer_at_fair
    agreed = _applicant(plan, trades=[roofer], talk_pool=True, first_name="Olena")
    _applicant(plan, trades=[roofer], talk_pool=False, first_name="Hidden")
    _applicant(plan, trades=[TradeFactory()], talk_pool=True, first_name="Other")
    content = client.get(_url(participation)).content.decode()
    assert "Olena" in content
    assert "Hidden" not in content
    assert "Other" not in content
    client.post(_url(participation, "employer_invite", registration_pk=agreed.pk))
    wish = Wish.objects.get()
    assert (wish.registration, wish.answer, wish.invited) == (agreed, "yes", True)


def test_employer_cannot_invite_someone_outside_the_pool(client, employer_at_fair):
    plan, participation, _roofer = employer_at_fair
    stranger = _applicant(plan, talk_pool=False)
    response = client.post(_url(participation, "employer_invite", registration_pk=stranger.pk))
    assert response.status_code == 404
    assert Wish.objects.count() == 0


def test_employer_says_how_many_tables_and_when_they_are_away(client, employer_at_fair):
    _plan, participation, _roofer = employer_at_fair
    client.post(_url(participation, "employer_desk"), {"tables": "3", "away_rounds": ["0", "4"]})
    desk = TalkDesk.objects.get()
    assert (desk.tables, desk.away_rounds) == (3, [0, 4])


def test_other_employers_do_not_see_the_page(client, employer_at_fair):
    _plan, participation, _roofer = employer_at_fair
    client.force_login(EmployerFactory().user)
    assert client.get(_url(participation)).status_code == 404


@pytest.mark.parametrize("people", [2, 10])
def test_page_queries_do_not_grow_with_people(
    client, employer_at_fair, people, django_assert_num_queries
):
    plan, participation, roofer = employer_at_fair
    for _ in range(people):
        registration = _applicant(plan, trades=[roofer])
        wishes_set(registration=registration, levels={participation: "very_much"})
        _applicant(plan, trades=[roofer], talk_pool=True)
    with django_assert_num_queries(11):
        client.get(_url(participation))


def test_a_desk_without_tables_is_refused_next_to_the_field(client, employer_at_fair):
    _plan, participation, _roofer = employer_at_fair
    response = client.post(_url(participation, "employer_desk"), {"tables": "0"})
    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="error_1_id_tables"' in content
    assert 'name="tables" value="0"' in content
    assert TalkDesk.objects.count() == 0
