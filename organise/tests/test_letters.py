import pytest
from django.urls import reverse

from applicants.tests.factories import ApplicantFactory, BookingFactory, RegistrationFactory
from applicants.tokens import registration_token
from events.tests.factories import SlotFactory
from organise.tests.bulk import queries_for, registrations_bulk_create

pytestmark = pytest.mark.django_db


def _letters(client, event, **params):
    return client.get(reverse("organise:letters", kwargs={"pk": event.pk}), params)


def test_letter_in_the_persons_language_beside_german_with_qr_and_programme(
    organiser_client, event
):
    event.title_ar = "يوم المتقدمين"
    event.save()
    layla = RegistrationFactory(
        event=event, applicant=ApplicantFactory(first_name="Layla", language="ar")
    )
    BookingFactory(
        registration=layla,
        slot=SlotFactory(session__event=event, session__title_de="Lehrkabinett Maurer"),
    )
    content = _letters(organiser_client, event).content.decode()
    letter = content[content.index(f'id="letter-{layla.pk}"') :]
    assert '<div class="col-6" lang="ar" dir="rtl">' in letter
    assert '<div class="col-6" lang="de" dir="ltr">' in letter
    assert "يوم المتقدمين" in letter
    assert "Bewerbertag Bauberufe" in letter
    assert letter.count("Lehrkabinett Maurer") == 2
    assert '<svg width="' in letter
    assert f'<figcaption class="letter-code" dir="ltr">{layla.code_display}</figcaption>' in letter
    assert "css/letters.css" in content


def test_the_printed_code_finds_the_person_at_check_in(organiser_client, event):
    layla = RegistrationFactory(event=event, applicant=ApplicantFactory(last_name="Haddad"))
    printed = _letters(organiser_client, event).content.decode()
    assert layla.code_display in printed
    for code in [layla.code_display, registration_token(layla)]:
        content = organiser_client.get(
            reverse("organise:checkin", kwargs={"pk": event.pk}), {"code": code}
        ).content.decode()
        assert "Haddad" in content.split('id="checkin-results"')[1]


def test_german_speakers_get_one_column(organiser_client, event):
    RegistrationFactory(event=event, applicant=ApplicantFactory(language="de"))
    content = _letters(organiser_client, event).content.decode()
    assert '<div class="col-12" lang="de" dir="ltr">' in content
    assert 'class="col-6"' not in content


def test_letters_for_a_selection(organiser_client, event):
    chosen = RegistrationFactory(event=event)
    other = RegistrationFactory(event=event)
    content = _letters(organiser_client, event, registration=chosen.pk).content.decode()
    assert f'id="letter-{chosen.pk}"' in content
    assert f'id="letter-{other.pk}"' not in content


def test_letters_follow_the_list_filters_and_skip_cancelled(organiser_client, event):
    ar = RegistrationFactory(event=event, applicant=ApplicantFactory(spoken_languages=["ar"]))
    RegistrationFactory(
        event=event, applicant=ApplicantFactory(spoken_languages=["uk"], language="uk")
    )
    cancelled = RegistrationFactory(
        event=event, status="cancelled", applicant=ApplicantFactory(spoken_languages=["ar"])
    )
    content = _letters(organiser_client, event, language="ar").content.decode()
    assert content.count('class="letter"') == 1
    assert f'id="letter-{ar.pk}"' in content
    assert f'id="letter-{cancelled.pk}"' not in content


def test_letters_queries_are_the_same_at_10_and_100_people(organiser_client, event):
    url = reverse("organise:letters", kwargs={"pk": event.pk})
    slot = SlotFactory(session__event=event, capacity=1000)
    registrations_bulk_create(event=event, count=10, slot=slot)
    at_10 = queries_for(organiser_client, url)
    registrations_bulk_create(event=event, start=10, count=90, slot=slot)
    assert queries_for(organiser_client, url) == at_10
