import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Applicant, Booking, FollowUp, Registration
from applicants.services.consents import consents_set
from applicants.tests.factories import ApplicantFactory, BookingFactory, RegistrationFactory
from employers.tests.factories import ParticipationFactory
from events.tests.factories import EventFactory, SlotFactory, TradeFactory
from meetings.models import Contact

pytestmark = pytest.mark.django_db


def _on_behalf(**overrides):
    data = {
        "first_name": "Samir",
        "last_name": "Darwish",
        "email": "",
        "phone": "0151 23456789",
        "language": "ar",
        "spoken_languages": ["ar", "ku"],
        "german_level": "A1",
        "needs_interpreter": "on",
        "interpreter_language": "ar",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_register_someone_without_email_on_their_behalf(organiser_client, organiser, event):
    trade = TradeFactory()
    response = organiser_client.post(
        reverse("organise:registration_create", kwargs={"pk": event.pk}),
        _on_behalf(trades=[trade.pk]),
    )
    registration = Registration.objects.get(event=event)
    assert response["Location"] == reverse(
        "organise:registration_detail", kwargs={"pk": event.pk, "registration_pk": registration.pk}
    )
    applicant = registration.applicant
    assert (applicant.full_name, applicant.phone, applicant.language) == (
        "Samir Darwish",
        "+4915123456789",
        "ar",
    )
    assert applicant.spoken_languages == ["ar", "ku"]
    assert list(applicant.trades.all()) == [trade]
    assert applicant.consent_at is not None
    assert registration.entered_by == organiser
    assert registration.status == Registration.Status.REGISTERED
    assert registration.checked_in_at is None


def test_walk_in_is_marked_present_at_once(organiser_client, event):
    organiser_client.post(
        reverse("organise:registration_create", kwargs={"pk": event.pk}), _on_behalf(present="on")
    )
    registration = Registration.objects.get(event=event)
    assert registration.status == Registration.Status.ATTENDED
    assert registration.checked_in_at is not None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"phone": "", "email": ""}, "email"),
        ({"phone": "12"}, "phone"),
        ({"interpreter_language": ""}, "interpreter_language"),
        ({"consent": ""}, "consent"),
    ],
)
def test_on_behalf_form_errors(organiser_client, event, overrides, field):
    response = organiser_client.post(
        reverse("organise:registration_create", kwargs={"pk": event.pk}), _on_behalf(**overrides)
    )
    assert Applicant.objects.count() == 0
    assert f'id="error_1_id_{field}"' in response.content.decode()


def test_someone_registered_already_is_not_entered_twice(organiser_client, event):
    RegistrationFactory(event=event, applicant=ApplicantFactory(email="samir@example.org"))
    response = organiser_client.post(
        reverse("organise:registration_create", kwargs={"pk": event.pk}),
        _on_behalf(email="Samir@example.org"),
    )
    assert Registration.objects.filter(event=event).count() == 1
    content = response.content.decode()
    assert 'id="form-errors"' in content
    assert 'class="alert alert-block alert-danger"' in content


def test_cancel_registration_gives_the_place_to_the_waiting_list(organiser_client, event):
    slot = SlotFactory(session__event=event, capacity=1)
    leaving = BookingFactory(slot=slot, registration__event=event)
    waiting = BookingFactory(slot=slot, registration__event=event, status=Booking.Status.WAITLISTED)
    response = organiser_client.post(
        reverse(
            "organise:registration_cancel",
            kwargs={"pk": event.pk, "registration_pk": leaving.registration_id},
        )
    )
    assert response.status_code == 302
    leaving.refresh_from_db()
    waiting.refresh_from_db()
    assert leaving.registration.status == Registration.Status.CANCELLED
    assert leaving.status == Booking.Status.CANCELLED
    assert waiting.status == Booking.Status.CONFIRMED


def test_move_applicant_to_another_slot(organiser_client, event):
    first = SlotFactory(session__event=event, capacity=1)
    second = SlotFactory(session__event=event, capacity=5)
    booking = BookingFactory(slot=first, registration__event=event)
    waiting = BookingFactory(
        slot=first, registration__event=event, status=Booking.Status.WAITLISTED
    )
    organiser_client.post(
        reverse(
            "organise:booking_add",
            kwargs={"pk": event.pk, "registration_pk": booking.registration_id},
        ),
        {"slot": second.pk, "booking": booking.pk},
    )
    active = booking.registration.bookings.exclude(status=Booking.Status.CANCELLED)
    assert [(b.slot, b.status) for b in active] == [(second, Booking.Status.CONFIRMED)]
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED


def test_book_an_extra_slot(organiser_client, event):
    registration = RegistrationFactory(event=event)
    slot = SlotFactory(session__event=event)
    organiser_client.post(
        reverse(
            "organise:booking_add", kwargs={"pk": event.pk, "registration_pk": registration.pk}
        ),
        {"slot": slot.pk},
    )
    assert registration.bookings.get().status == Booking.Status.CONFIRMED


def test_slot_of_another_event_cannot_be_booked(organiser_client, event):
    registration = RegistrationFactory(event=event)
    foreign = SlotFactory(session__event=EventFactory())
    organiser_client.post(
        reverse(
            "organise:booking_add", kwargs={"pk": event.pk, "registration_pk": registration.pk}
        ),
        {"slot": foreign.pk},
    )
    assert registration.bookings.count() == 0


def test_registration_page_shows_bookings_and_who_entered_it(organiser_client, organiser, event):
    registration = RegistrationFactory(event=event, entered_by=organiser)
    BookingFactory(
        registration=registration,
        slot=SlotFactory(session__event=event, session__title_de="Lehrkabinett Maurer"),
    )
    content = organiser_client.get(
        reverse(
            "organise:registration_detail",
            kwargs={"pk": event.pk, "registration_pk": registration.pk},
        )
    ).content.decode()
    assert "Lehrkabinett Maurer" in content
    assert "simone" in content


def _book(client, event, registration, data):
    client.cookies["django_language"] = "en"
    return client.post(
        reverse(
            "organise:booking_add", kwargs={"pk": event.pk, "registration_pk": registration.pk}
        ),
        data,
        follow=True,
    )


def test_slot_of_a_cancelled_session_cannot_be_booked(organiser_client, event):
    registration = RegistrationFactory(event=event)
    slot = SlotFactory(session__event=event, session__cancelled_at=timezone.now())

    response = _book(organiser_client, event, registration, {"slot": slot.pk})

    assert registration.bookings.count() == 0
    assert "Choose a slot of this event." in response.content.decode()


def test_a_booking_cannot_be_moved_to_a_cancelled_session(organiser_client, event):
    booking = BookingFactory(registration__event=event, slot__session__event=event)
    cancelled = SlotFactory(session__event=event, session__cancelled_at=timezone.now())

    _book(
        organiser_client, event, booking.registration, {"slot": cancelled.pk, "booking": booking.pk}
    )

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.registration.bookings.count() == 1


def test_cancelled_sessions_are_not_offered_for_booking(organiser_client, event):
    registration = RegistrationFactory(event=event)
    SlotFactory(
        session__event=event, session__title_de="Abgesagt", session__cancelled_at=timezone.now()
    )
    SlotFactory(session__event=event, session__title_de="Lehrkabinett Fliesen")

    content = organiser_client.get(
        reverse(
            "organise:registration_detail",
            kwargs={"pk": event.pk, "registration_pk": registration.pk},
        )
    ).content.decode()

    assert "Lehrkabinett Fliesen" in content
    assert "Abgesagt" not in content


@pytest.mark.parametrize("booking", ["abc", "1.5", "-"])
def test_a_booking_that_is_no_number_is_refused_with_a_message(organiser_client, event, booking):
    registration = RegistrationFactory(event=event)
    slot = SlotFactory(session__event=event)

    response = _book(organiser_client, event, registration, {"slot": slot.pk, "booking": booking})

    assert response.status_code == 200
    assert registration.bookings.count() == 0
    assert "Choose a slot of this event." in response.content.decode()


def test_someone_who_cancelled_can_be_registered_again_on_their_behalf(organiser_client, event):
    RegistrationFactory(
        event=event, applicant__phone="+4915123456789", status=Registration.Status.CANCELLED
    )

    organiser_client.post(
        reverse("organise:registration_create", kwargs={"pk": event.pk}),
        _on_behalf(phone="0151 23456789"),
    )

    assert sorted(event.registrations.values_list("status", flat=True)) == [
        Registration.Status.CANCELLED,
        Registration.Status.REGISTERED,
    ]


def test_the_person_shows_what_they_agreed_to_and_what_came_of_the_fair_but_no_notes(
    organiser_client, event
):
    registration = RegistrationFactory(event=event)
    consents_set(applicant=registration.applicant, purposes={"sign_up", "follow_up"})
    Contact.objects.create(
        participation=ParticipationFactory(event=event, employer__name="Dachbau Ost"),
        registration=registration,
        next_step=Contact.NextStep.TRIAL_DAY,
        note="Nur für den Betrieb",
    )
    FollowUp.objects.create(
        registration=registration,
        point="exit",
        asked_at=timezone.now(),
        answer="course",
        answered_at=timezone.now(),
    )
    organiser_client.cookies["django_language"] = "en"
    page = organiser_client.get(
        reverse(
            "organise:registration_detail",
            kwargs={"pk": event.pk, "registration_pk": registration.pk},
        )
    ).content.decode()
    assert "The organisers may ask me after the fair" in page
    assert "Employers I meet at the fair may see" not in page
    assert "Dachbau Ost: Trial day" in page
    assert "The day after the fair: I am in a language or qualification course" in page
    assert "Nur für den Betrieb" not in page
