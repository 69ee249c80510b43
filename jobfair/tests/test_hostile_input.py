"""Random and hostile input into the public forms (hypothesis): long strings,
control characters, mixed scripts, HTML and script. Never a server error, and
whatever is stored is shown escaped, never as markup."""

import pytest
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applicants.models import Registration
from applicants.tokens import registration_token
from employers.models import Employer
from events.tests.factories import EventFactory, SlotFactory, TradeFactory

pytestmark = pytest.mark.django_db

MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "'; DROP TABLE applicants_applicant; --",
    "\u202eevil\u202c",
    "مرحبا <b>Їжак</b> سلام",
]
hostile_text = st.one_of(
    st.sampled_from(MARKUP),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.text(alphabet="\x00\x01\x07\x1b\u200f\u200e\ufeff<>&\"'", max_size=50),
)
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _assert_escaped(content, values):
    for value in values:
        if "<" in value and len(value) > 3:
            assert value not in content


@EXAMPLES
@given(
    first_name=hostile_text,
    last_name=hostile_text,
    questions=hostile_text,
    email=st.one_of(hostile_text, st.emails()),
)
def test_sign_up_survives_hostile_input(client, first_name, last_name, questions, email):
    cache.clear()
    event = EventFactory(slug="hostile")
    slot = SlotFactory(session__event=event)
    response = client.post(
        reverse("applicants:sign_up", args=[event.slug]),
        {
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "language": "ar",
            "german_level": "A1",
            "experience_years": "1",
            "slots": [str(slot.pk)],
            "questions": questions,
            "consent": "on",
            "website": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    _assert_escaped(response.content.decode(), [first_name, last_name, questions, email])
    for registration in Registration.objects.filter(event=event).select_related("applicant"):
        applicant = registration.applicant
        assert "\x00" not in applicant.first_name + applicant.last_name + applicant.questions
        personal = client.get(
            reverse("applicants:personal", args=[registration_token(registration)])
        )
        assert personal.status_code == 200
        _assert_escaped(personal.content.decode(), [applicant.first_name, applicant.last_name])
    event.delete()


@EXAMPLES
@given(name=hostile_text, city=hostile_text, description=hostile_text, postcode=hostile_text)
def test_employer_registration_survives_hostile_input(client, name, city, description, postcode):
    cache.clear()
    trade = TradeFactory()
    response = client.post(
        reverse("employers:register"),
        {
            "name": name,
            "trades": [trade.pk],
            "street": "Am Anger 4",
            "postcode": postcode,
            "city": city,
            "contact_name": name,
            "email": "firma@example.org",
            "phone": "0341 1234567",
            "size": Employer.Size.MICRO,
            "description": description,
            "website": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    _assert_escaped(response.content.decode(), [name, city, description])
    Employer.objects.all().delete()
    client.logout()


@EXAMPLES
@given(contact=hostile_text)
def test_lost_link_and_employer_sign_in_survive_hostile_input(client, contact):
    cache.clear()
    for url, field in [
        (reverse("applicants:link_request"), "email"),
        (reverse("applicants:link_request"), "phone"),
        (reverse("employers:sign_in"), "email"),
    ]:
        response = client.post(url, {field: contact, "website": ""})
        assert response.status_code in {200, 302}
        _assert_escaped(response.content.decode(), [contact])


@EXAMPLES
@given(token=st.text(max_size=200).filter(lambda t: "/" not in t and t.strip()))
def test_forged_tokens_never_break_a_page(client, token):
    for name in ["applicants:personal", "applicants:reply", "employers:sign_in_link"]:
        try:
            url = reverse(name, args=[token])
        except NoReverseMatch:
            # A token the URL pattern cannot hold never reaches a view.
            pass
        else:
            assert client.get(url).status_code in {200, 400, 404}
