"""The applicant's page to choose employers, behind the personal link."""

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Registration
from applicants.tests.factories import RegistrationFactory
from applicants.tokens import registration_token
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from events.tests.factories import EventFactory, SlotFactory, TradeFactory
from meetings.models import Wish
from meetings.tests.factories import TalkPlanFactory
from messaging.tests.outbox import worded_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair():
    plan = TalkPlanFactory(event=EventFactory(), max_wishes=2)
    roofer, baker = TradeFactory(name_de="Dachdecker"), TradeFactory(name_de="Bäcker")
    employers = []
    for name, trade in [("Bäckerei Korn", baker), ("Dachbau Ost", roofer), ("Dach & Co", roofer)]:
        participation = ParticipationFactory(
            event=plan.event,
            status=Participation.Status.APPROVED,
            employer=EmployerFactory(name=name),
        )
        PositionFactory(employer=participation.employer, trade=trade, title=f"Stelle {name}")
        employers.append(participation)
    registration = RegistrationFactory(event=plan.event, applicant__language="en")
    registration.applicant.trades.set([roofer])
    return plan, registration, employers


def _url(registration):
    return reverse("meetings:wishes", kwargs={"token": registration_token(registration)})


def test_employers_of_the_applicants_trades_come_first(client, fair):
    _plan, registration, _employers = fair
    content = client.get(_url(registration)).content.decode()
    assert content.index("Dachbau Ost") < content.index("Bäckerei Korn")
    assert content.index("Dach &amp; Co") < content.index("Bäckerei Korn")
    assert content.count("Fits your trades") == 2


def test_applicant_saves_wishes_and_returns_to_the_personal_page(client, fair):
    _plan, registration, (bakery, roofing, _other) = fair
    response = client.post(
        _url(registration),
        {f"employer_{roofing.pk}": "very_much", f"employer_{bakery.pk}": "interested"},
    )
    assert response["Location"] == reverse(
        "applicants:personal", kwargs={"token": registration_token(registration)}
    )
    assert sorted(Wish.objects.values_list("participation", "level")) == sorted(
        [(roofing.pk, "very_much"), (bakery.pk, "interested")]
    )


def test_too_many_wishes_are_refused_and_the_choices_kept(client, fair):
    _plan, registration, employers = fair
    data = {f"employer_{p.pk}": "interested" for p in employers}
    response = client.post(_url(registration), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Choose at most 2 employers." in content
    assert (
        content.count('value="interested" class="form-check-input" required')
        + content.count("checked")
        >= 3
    )
    assert Wish.objects.count() == 0


def test_people_without_a_place_have_no_talks(client, fair):
    _plan, registration, _employers = fair
    registration.status = Registration.Status.WAITLISTED
    registration.save()
    assert client.get(_url(registration)).status_code == 404


def test_after_publishing_the_wishes_are_shown_but_not_changed(client, fair):
    plan, registration, (bakery, _roofing, _other) = fair
    plan.published_at = timezone.now()
    plan.save()
    response = client.post(_url(registration), {f"employer_{bakery.pk}": "very_much"})
    assert response.status_code == 200
    assert '<fieldset class="card mb-3" disabled>' in response.content.decode()
    assert Wish.objects.count() == 0


def test_personal_page_leads_to_the_talks_only_when_there_are_some(client, fair):
    _plan, registration, _employers = fair
    personal = reverse("applicants:personal", kwargs={"token": registration_token(registration)})
    assert _url(registration) in client.get(personal).content.decode()
    other = RegistrationFactory()
    personal = reverse("applicants:personal", kwargs={"token": registration_token(other)})
    assert "/talks/" not in client.get(personal).content.decode()


@pytest.mark.parametrize("employers", [2, 8])
def test_page_queries_do_not_grow_with_employers(
    client, fair, employers, django_assert_num_queries
):
    plan, registration, _ = fair
    for _ in range(employers):
        participation = ParticipationFactory(event=plan.event, status=Participation.Status.APPROVED)
        PositionFactory(employer=participation.employer)
    with django_assert_num_queries(8):
        client.get(_url(registration))


def test_applicant_says_what_they_can_do_and_may_join_the_pool(client, fair):
    _plan, registration, (bakery, _roofing, _other) = fair
    client.post(
        _url(registration),
        {
            f"employer_{bakery.pk}": "interested",
            "talk_line": "  Ich habe 5 Jahre als Maurer gearbeitet. ",
            "talk_pool": "on",
        },
    )
    registration.applicant.refresh_from_db()
    assert registration.applicant.talk_line == "Ich habe 5 Jahre als Maurer gearbeitet."
    assert registration.applicant.talk_pool is True


def test_confirmation_says_where_to_choose_employers_while_that_is_open(client, fair):
    plan, _registration, _employers = fair
    slot = SlotFactory(session__event=plan.event)
    client.post(
        reverse("applicants:sign_up", kwargs={"slug": plan.event.slug}),
        {
            "slots": [slot.pk],
            "first_name": "Olena",
            "last_name": "K",
            "email": "olena@example.org",
            "language": "uk",
            "german_level": "A2",
            "experience_years": "1",
            "consent": "on",
        },
    )
    registration = Registration.objects.get(applicant__email="olena@example.org")
    message = worded_get(kind="registration_confirmed", channel="email")
    assert _url(registration) in message.body_text
    assert _url(registration) in message.body_html
