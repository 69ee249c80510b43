"""Consent per purpose: asked at sign-up (unticked), on record with its
wording and time, shown and changed on the personal page, part of the data
download; and people asked after the fair are kept until the last question
has closed."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Consent, FollowUp
from applicants.retention import FOLLOW_UPS_CLOSE, applicants_anonymise_expired
from applicants.selectors import applicant_consents
from applicants.services.consents import WORDING, consents_set
from applicants.services.registrations import applicant_anonymise
from applicants.tests.factories import RegistrationFactory
from applicants.tests.test_sign_up import form_data, sign_up_url
from applicants.tokens import registration_token
from employers.tests.factories import ParticipationFactory
from events.tests.factories import EventFactory
from meetings.models import Contact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_in_english")]


def _personal(registration, name="personal"):
    return reverse(f"applicants:{name}", kwargs={"token": registration_token(registration)})


def test_sign_up_records_only_the_consents_ticked_with_their_wording(client):
    event = EventFactory()
    client.post(sign_up_url(event), form_data(follow_up="on"))
    consents = {c.purpose: c for c in Consent.objects.all()}
    assert set(consents) == {"sign_up", "follow_up"}
    assert consents["follow_up"].wording == WORDING["follow_up"]
    assert consents["follow_up"].given_at is not None
    assert consents["follow_up"].withdrawn_at is None


def test_employers_may_contact_only_those_who_share_their_profile(client):
    event = EventFactory()
    response = client.post(sign_up_url(event), form_data(contact="on", first_name="Yusuf"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Employers can contact you only if they may see your profile" in content
    assert 'value="Yusuf"' in content
    assert not Consent.objects.exists()


def test_personal_page_shows_what_the_person_agreed_to_and_lets_them_change_it(client):
    registration = RegistrationFactory()
    applicant = registration.applicant
    consents_set(applicant=applicant, purposes={"sign_up", "share", "contact"})
    page = client.get(_personal(registration)).content.decode()
    assert str(Consent.Purpose.SHARE.label) in page
    assert str(Consent.Purpose.FOLLOW_UP.label) not in page

    response = client.post(_personal(registration, "consents_change"), {"follow_up": "on"})

    assert response.status_code == 302
    assert applicant_consents(applicant=applicant) == {"sign_up", "follow_up"}
    # The record keeps what held before: given, then withdrawn.
    share = applicant.consents.get(purpose="share")
    assert share.withdrawn_at is not None
    page = client.get(_personal(registration)).content.decode()
    assert str(Consent.Purpose.FOLLOW_UP.label) in page
    assert str(Consent.Purpose.SHARE.label) not in page


def test_consent_given_again_after_withdrawing_is_a_new_record(client):
    registration = RegistrationFactory()
    applicant = registration.applicant
    client.post(_personal(registration, "consents_change"), {"share": "on"})
    client.post(_personal(registration, "consents_change"), {})
    client.post(_personal(registration, "consents_change"), {"share": "on"})
    rows = list(applicant.consents.filter(purpose="share").order_by("given_at", "pk"))
    assert [row.withdrawn_at is None for row in rows] == [False, True]


def test_a_bad_choice_on_the_consents_page_is_shown_next_to_the_box(client):
    registration = RegistrationFactory()
    response = client.post(_personal(registration, "consents_change"), {"contact": "on"})
    assert response.status_code == 200
    assert "Employers can contact you only if they may see your profile" in (
        response.content.decode()
    )
    assert applicant_consents(applicant=registration.applicant) == set()


def test_data_download_holds_the_consents(client):
    registration = RegistrationFactory()
    consents_set(applicant=registration.applicant, purposes={"sign_up", "share"})
    consents_set(applicant=registration.applicant, purposes={"share"}, given=False)
    data = json.loads(client.get(_personal(registration, "data_download")).content)
    by_purpose = {row["purpose"]: row for row in data["consents"]}
    assert by_purpose["share"]["withdrawn_at"] is not None
    assert by_purpose["sign_up"]["wording_version"] == WORDING["sign_up"]


def test_staff_record_the_consents_of_someone_they_register(organiser_client, event):
    response = organiser_client.post(
        reverse("organise:registration_create", kwargs={"pk": event.pk}),
        {
            "first_name": "Olena",
            "last_name": "Koval",
            "phone": "+4915112345678",
            "language": "uk",
            "german_level": "A1",
            "consent": "on",
            "share": "on",
            "follow_up": "on",
        },
    )
    assert response.status_code == 302
    registration = event.registrations.get()
    assert applicant_consents(applicant=registration.applicant) == {
        "sign_up",
        "share",
        "follow_up",
    }


def _ended(days_ago):
    end = timezone.now() - timedelta(days=days_ago)
    return EventFactory(starts_at=end - timedelta(hours=6), ends_at=end)


def test_people_asked_after_the_fair_are_kept_until_the_last_question_closed():
    asked = RegistrationFactory(event=_ended(200))
    consents_set(applicant=asked.applicant, purposes={"sign_up", "follow_up"})
    not_asked = RegistrationFactory(event=_ended(200))
    long_ago = RegistrationFactory(event=_ended(FOLLOW_UPS_CLOSE + 1))
    consents_set(applicant=long_ago.applicant, purposes={"follow_up"})

    applicants_anonymise_expired(days=180)

    for registration in (asked, not_asked, long_ago):
        registration.applicant.refresh_from_db()
    assert asked.applicant.anonymised_at is None
    assert not_asked.applicant.anonymised_at is not None
    assert long_ago.applicant.anonymised_at is not None


def test_deleting_ones_data_clears_what_employers_noted_but_keeps_the_next_step():
    registration = RegistrationFactory()
    participation = ParticipationFactory(event=registration.event)
    Contact.objects.create(
        participation=participation,
        registration=registration,
        rating=4,
        note="Sehr gute Maurerkenntnisse",
        next_step=Contact.NextStep.TRIAL_DAY,
    )
    applicant_anonymise(applicant=registration.applicant)
    contact = Contact.objects.get()
    assert (contact.note, contact.rating, contact.next_step) == ("", None, "trial_day")


def test_withdrawing_the_follow_up_consent_withdraws_the_answers_given():
    registration = RegistrationFactory()
    consents_set(applicant=registration.applicant, purposes={"sign_up", "follow_up"})
    asked = timezone.now()
    answer = FollowUp.objects.create(
        registration=registration, point="exit", asked_at=asked, answer="job", answered_at=asked
    )
    consents_set(applicant=registration.applicant, purposes={"follow_up"}, given=False)
    answer.refresh_from_db()
    assert (answer.answer, answer.answered_at) == ("", None)
