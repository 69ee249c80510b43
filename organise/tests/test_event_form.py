from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Booking, Registration
from applicants.tests.factories import BookingFactory, RegistrationFactory
from events.models import Event, Venue
from events.tests.factories import OrganisationFactory, VenueFactory
from messaging.models import Message

pytestmark = pytest.mark.django_db


def _data(organisation, **overrides):
    data = {
        "kind": "fair_day",
        "title_de": "Bewerbertag für Bauberufe",
        "description_de": "Lehrkabinette, Gespräche mit Betrieben, Beratung.",
        "title_ar": "يوم المتقدمين لمهن البناء",
        "starts_at": "2027-04-21T09:00",
        "ends_at": "2027-04-21T15:00",
        "new_venue_name": "Bildungszentrum der Handwerkskammer",
        "new_venue_street": "Steinweg 3",
        "new_venue_postcode": "04451",
        "new_venue_city": "Borsdorf",
        "registration_opens_at": "",
        "registration_closes_at": "2027-04-19T18:00",
        "capacity": "80",
        "organisations": [organisation.pk],
    }
    data.update(overrides)
    return data


def test_create_event_with_a_new_venue_as_a_draft(organiser_client, organisation):
    partner = OrganisationFactory(name="Handwerkskammer zu Leipzig")
    response = organiser_client.post(
        reverse("organise:event_create"),
        _data(organisation, organisations=[organisation.pk, partner.pk]),
    )
    event = Event.objects.get()
    assert response["Location"] == reverse("organise:event_detail", kwargs={"pk": event.pk})
    assert event.status == Event.Status.DRAFT
    assert event.title_de == "Bewerbertag für Bauberufe"
    assert event.title_ar == "يوم المتقدمين لمهن البناء"
    assert event.slug == "bewerbertag-fuer-bauberufe"
    assert timezone.localtime(event.starts_at).replace(tzinfo=None) == datetime(2027, 4, 21, 9)
    assert str(timezone.localtime(event.starts_at).tzinfo) == "Europe/Berlin"
    assert event.venue.address == "Steinweg 3, 04451 Borsdorf"
    assert set(event.organisations.all()) == {organisation, partner}
    assert organiser_client.get(event.get_absolute_url()).status_code == 404


def test_create_event_at_a_known_venue(organiser_client, organisation):
    venue = VenueFactory()
    organiser_client.post(
        reverse("organise:event_create"),
        _data(
            organisation,
            venue=venue.pk,
            new_venue_name="",
            new_venue_street="",
            new_venue_postcode="",
            new_venue_city="",
        ),
    )
    assert Event.objects.get().venue == venue
    assert Venue.objects.count() == 1


def test_errors_are_shown_next_to_fields_and_at_the_top(organiser_client, organisation):
    response = organiser_client.post(
        reverse("organise:event_create"),
        _data(organisation, title_de="", ends_at="2027-04-21T08:00", new_venue_city=""),
    )
    content = response.content.decode()
    assert Event.objects.count() == 0
    assert 'id="form-errors"' in content
    assert 'href="#id_title_de"' in content
    assert 'href="#id_ends_at"' in content
    assert 'href="#id_new_venue_city"' in content
    assert 'id="error_1_id_ends_at"' in content


def test_organiser_cannot_leave_out_all_own_organisations(organiser_client, organisation):
    other = OrganisationFactory(name="Agentur für Arbeit Dresden")
    response = organiser_client.post(
        reverse("organise:event_create"), _data(organisation, organisations=[other.pk])
    )
    assert Event.objects.count() == 0
    assert 'href="#div_id_organisations"' in response.content.decode()


def test_edit_event_keeps_its_address_and_changes_the_texts(organiser_client, event):
    slug = event.slug
    response = organiser_client.post(
        reverse("organise:event_edit", kwargs={"pk": event.pk}),
        _data(
            event.organisations.first(),
            title_de="Bewerbertag Bau 2027",
            title_uk="День претендентів",
            capacity="120",
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.slug, event.title_de, event.title_uk, event.capacity) == (
        slug,
        "Bewerbertag Bau 2027",
        "День претендентів",
        120,
    )


def test_edit_form_shows_times_in_berlin(organiser_client, event):
    event.starts_at = timezone.make_aware(datetime(2027, 7, 1, 9, 30))
    event.ends_at = timezone.make_aware(datetime(2027, 7, 1, 15, 0))
    event.save()
    content = organiser_client.get(reverse("organise:event_edit", kwargs={"pk": event.pk}))
    assert 'value="2027-07-01T09:30"' in content.content.decode()


def test_raising_the_guest_capacity_lets_the_waiting_list_in(organiser_client, event):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event, status=Registration.Status.REGISTERED)
    first = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    second = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    booking = BookingFactory(
        registration=first, slot__session__event=event, status=Booking.Status.WAITLISTED
    )

    organiser_client.post(
        reverse("organise:event_edit", kwargs={"pk": event.pk}),
        _data(event.organisations.first(), capacity="2"),
    )

    first.refresh_from_db()
    second.refresh_from_db()
    booking.refresh_from_db()
    assert (first.status, second.status) == (
        Registration.Status.REGISTERED,
        Registration.Status.WAITLISTED,
    )
    assert booking.status == Booking.Status.CONFIRMED
    assert Message.objects.filter(applicant=first.applicant, kind="registration_confirmed").exists()


def test_edit_form_names_the_languages_still_missing(organiser_client, event):
    event.description_de = "Kommen Sie vorbei."
    for code in ["en", "ar"]:
        setattr(event, f"title_{code}", f"Title {code}")
        setattr(event, f"description_{code}", f"Description {code}")
    event.save()
    content = organiser_client.get(reverse("organise:event_edit", kwargs={"pk": event.pk}))
    assert "Noch nicht übersetzt: Ukrainisch, Farsi" in content.content.decode()


def test_edit_form_of_a_fully_translated_event_names_no_language(organiser_client, event):
    for code in ["de", "en", "ar", "uk", "fa"]:
        setattr(event, f"title_{code}", f"Title {code}")
        setattr(event, f"description_{code}", f"Description {code}")
    event.save()
    content = organiser_client.get(reverse("organise:event_edit", kwargs={"pk": event.pk}))
    assert "Noch nicht übersetzt" not in content.content.decode()
