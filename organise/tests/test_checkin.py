import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from applicants.models import Registration
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from applicants.tokens import registration_token
from events.tests.factories import SlotFactory
from organise.tests.bulk import queries_for, registrations_bulk_create

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def layla(event):
    return RegistrationFactory(
        event=event, applicant=ApplicantFactory(first_name="Layla", last_name="Haddad")
    )


def _token(registration):
    return registration_token(registration)


def _checkin_url(event):
    return reverse("organise:checkin", kwargs={"pk": event.pk})


def _mark_url(registration):
    return reverse(
        "organise:checkin_mark",
        kwargs={"pk": registration.event_id, "registration_pk": registration.pk},
    )


def test_find_by_name_shows_a_present_button(organiser_client, event, layla):
    RegistrationFactory(event=event, applicant=ApplicantFactory(last_name="Kovalenko"))
    content = organiser_client.get(_checkin_url(event), {"q": "hadd"}).content.decode()
    assert "Haddad, Layla" in content
    assert "Kovalenko" not in content
    assert f'hx-post="{_mark_url(layla)}"' in content
    assert "htmx.min.js" in content


def test_find_by_the_signed_code_of_the_confirmation(organiser_client, event, layla):
    content = organiser_client.get(_checkin_url(event), {"code": _token(layla)}).content.decode()
    assert "Haddad, Layla" in content


@pytest.mark.parametrize(
    "code",
    [str(1), "not-a-token", signing.dumps(1, salt="applicants.registration")],
    # The signed value carries a time stamp: ids that do not, so that every
    # test process collects the same tests.
    ids=["a number", "not a token", "signed for another purpose"],
)
def test_guessed_or_forged_codes_find_nobody(organiser_client, event, layla, code):
    content = organiser_client.get(_checkin_url(event), {"code": code}).content.decode()
    assert "Haddad" not in content
    assert 'class="alert alert-danger"' in content


def test_code_of_another_event_finds_nobody(organiser_client, event):
    elsewhere = RegistrationFactory(applicant=ApplicantFactory(last_name="Anderswo"))
    content = organiser_client.get(_checkin_url(event), {"code": _token(elsewhere)}).content
    assert "Anderswo" not in content.decode()


def test_mark_present_in_one_tap_updates_row_and_counts(organiser_client, event, layla):
    RegistrationFactory(event=event)
    response = organiser_client.post(_mark_url(layla), {"q": "hadd"}, **HTMX)
    content = response.content.decode()
    layla.refresh_from_db()
    assert layla.status == Registration.Status.ATTENDED
    assert layla.checked_in_at is not None
    assert f'id="checkin-{layla.pk}"' in content
    assert 'class="badge text-bg-success fs-6 checked-in"' in content
    assert 'hx-swap-oob="true"' in content
    assert '<strong class="present">1</strong>' in content
    assert '<strong class="expected">2</strong>' in content


def test_marking_twice_is_harmless(organiser_client, event, layla):
    organiser_client.post(_mark_url(layla), **HTMX)
    layla.refresh_from_db()
    first_arrival = layla.checked_in_at
    response = organiser_client.post(_mark_url(layla), **HTMX)
    layla.refresh_from_db()
    assert layla.checked_in_at == first_arrival
    assert '<strong class="present">1</strong>' in response.content.decode()


def test_without_javascript_marking_returns_to_the_search(organiser_client, event, layla):
    response = organiser_client.post(_mark_url(layla), {"q": "Haddad"})
    assert response["Location"] == _checkin_url(event) + "?q=Haddad"
    page = organiser_client.get(response["Location"]).content.decode()
    assert "checked-in" in page


def test_cancelled_registrations_are_not_found(organiser_client, event):
    RegistrationFactory(
        event=event, status="cancelled", applicant=ApplicantFactory(last_name="Storniert")
    )
    content = organiser_client.get(_checkin_url(event), {"q": "Storniert"}).content.decode()
    assert "Storniert" not in content.split('id="checkin-results"')[1]


def test_htmx_search_returns_only_the_results(organiser_client, event, layla):
    content = organiser_client.get(_checkin_url(event), {"q": "Layla"}, **HTMX).content.decode()
    assert "Haddad, Layla" in content
    assert "<html" not in content


def test_counts_follow_the_taps_of_other_phones(organiser_client, event, layla):
    url = reverse("organise:checkin_counts", kwargs={"pk": event.pk})
    assert '<strong class="present">0</strong>' in organiser_client.get(url).content.decode()
    layla.checked_in_at = timezone.now()
    layla.save()
    content = organiser_client.get(url).content.decode()
    assert '<strong class="present">1</strong>' in content
    assert 'hx-trigger="every 15s"' in content


def test_a_cancelled_registration_is_not_marked_present(organiser_client, event):
    registration = RegistrationFactory(
        event=event, status=Registration.Status.CANCELLED, applicant__last_name="Haddad"
    )

    organiser_client.cookies["django_language"] = "en"
    response = organiser_client.post(_mark_url(registration), **HTMX)

    registration.refresh_from_db()
    assert (registration.status, registration.checked_in_at) == (
        Registration.Status.CANCELLED,
        None,
    )
    assert "cancelled the registration" in response.content.decode()


def test_the_code_of_a_cancelled_registration_offers_no_present_button(organiser_client, event):
    registration = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    content = organiser_client.get(_checkin_url(event), {"code": _token(registration)}).content

    assert b"checkin-" in content
    assert _mark_url(registration).encode() not in content


@pytest.mark.parametrize("typed", ["HK4-7QA", "hk47qa", " hk4 7qa "])
def test_the_code_for_the_entrance_typed_in_any_form_finds_the_person(
    organiser_client, event, typed
):
    layla = RegistrationFactory(event=event, code="HK47QA", applicant__last_name="Haddad")
    RegistrationFactory(event=event, code="HK47QC", applicant__last_name="Kovalenko")

    for field in ["code", "q"]:
        content = organiser_client.get(_checkin_url(event), {field: typed}).content.decode()
        results = content.split('id="checkin-results"')[1]
        assert "Haddad" in results, field
        assert "Kovalenko" not in results, field
        assert f'hx-post="{_mark_url(layla)}"' in results, field


def test_the_code_for_the_entrance_of_another_event_finds_nobody(organiser_client, event):
    RegistrationFactory(code="HK47QA", applicant__last_name="Anderswo")
    content = organiser_client.get(_checkin_url(event), {"code": "HK4-7QA"}).content.decode()
    assert "Anderswo" not in content
    assert 'class="alert alert-danger"' in content


def test_the_check_in_page_explains_what_to_type(organiser_client, event):
    organiser_client.cookies["django_language"] = "en"
    content = organiser_client.get(_checkin_url(event)).content.decode()
    assert "First or last name, e-mail, phone, or the code for the entrance." in content
    assert "type the six characters printed below it" in content


def test_search_queries_are_the_same_at_10_and_1000_registrations(organiser_client, event):
    slot = SlotFactory(session__event=event, capacity=2000)
    seventh = registrations_bulk_create(event=event, count=10, slot=slot)[7]
    searches = [{"q": "gast"}, {"q": "Müller0007"}, {"q": seventh.code}, {"code": seventh.code}]
    url = _checkin_url(event)
    at_10 = [queries_for(organiser_client, url, search) for search in searches]

    registrations_bulk_create(event=event, start=10, count=990, slot=slot)
    at_1000 = [queries_for(organiser_client, url, search) for search in searches]

    assert at_1000 == at_10
    content = organiser_client.get(url, {"q": "gast"}).content.decode()
    assert content.count('<li class="list-group-item') == 20
