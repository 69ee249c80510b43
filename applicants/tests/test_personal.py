import json
from datetime import timedelta

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applicants.exports import registration_qr_svg
from applicants.models import Applicant, Booking, Registration
from applicants.selectors import registration_for_code
from applicants.tests.factories import BookingFactory, RegistrationFactory
from applicants.tokens import registration_token
from devtools.builders import bench_registrations_create
from events.tests.factories import EventFactory, SessionFactory, SlotFactory
from messaging.models import Message

pytestmark = pytest.mark.django_db


def url(name, registration, **kwargs):
    return reverse(
        f"applicants:{name}", kwargs={"token": registration_token(registration), **kwargs}
    )


def _waiting(slot):
    return BookingFactory(
        slot=slot,
        registration=RegistrationFactory(event=slot.session.event),
        status=Booking.Status.WAITLISTED,
    )


def test_personal_page_shows_bookings_code_calendar_and_link(client):
    booking = BookingFactory(
        slot__session__title_de="Lehrkabinett Zimmerer", slot__session__room="Halle 3"
    )
    registration = booking.registration
    content = client.get(url("personal", registration)).content.decode()
    assert "Lehrkabinett Zimmerer" in content
    assert "Halle 3" in content
    assert f'src="{url("qr_code", registration)}"' in content
    assert url("calendar", registration) in content
    assert f"http://127.0.0.1:8000{url('personal', registration)}" in content


def test_personal_page_shows_the_position_on_the_waiting_list(client):
    slot = SlotFactory(capacity=1)
    BookingFactory(slot=slot, registration__event=slot.session.event)
    _waiting(slot)
    mine = _waiting(slot)
    client.cookies["django_language"] = "en"
    content = client.get(url("personal", mine.registration)).content.decode()
    assert "Waiting list: number 2" in content


@pytest.mark.parametrize(
    "name", ["personal", "qr_code", "calendar", "data_download", "data_delete"]
)
def test_tampered_link_gets_a_friendly_page(client, name):
    registration = RegistrationFactory()
    good = registration_token(registration)
    bad = good[:-2] + ("xy" if not good.endswith("xy") else "yz")
    response = client.get(reverse(f"applicants:{name}", kwargs={"token": bad}))
    assert response.status_code == 404
    assert response.templates[0].name == "applicants/link_invalid.html"


def test_tampered_link_changes_nothing(client):
    booking = BookingFactory()
    bad = registration_token(booking.registration) + "x"
    response = client.post(
        reverse("applicants:registration_cancel", kwargs={"token": bad}),
    )
    assert response.status_code == 404
    booking.registration.refresh_from_db()
    assert booking.registration.status == Registration.Status.REGISTERED


def test_personal_page_speaks_the_applicants_language_on_a_new_device(client):
    registration = RegistrationFactory(applicant__language="fa")
    content = client.get(url("personal", registration)).content.decode()
    assert '<html lang="fa" dir="rtl">' in content
    assert "bootstrap.rtl.min.css" in content


def test_chosen_language_wins_over_the_applicants_language(client):
    registration = RegistrationFactory(applicant__language="fa")
    client.post(reverse("set_language"), {"language": "uk", "next": "/"})
    content = client.get(url("personal", registration)).content.decode()
    assert '<html lang="uk" dir="ltr">' in content


@pytest.mark.parametrize(
    ("language", "direction"),
    [("de", "ltr"), ("en", "ltr"), ("ar", "rtl"), ("uk", "ltr"), ("fa", "rtl")],
)
@pytest.mark.parametrize(
    "name", ["personal", "bookings_change", "contact_change", "registration_cancel", "data_delete"]
)
def test_personal_pages_speak_every_language(client, name, language, direction):
    registration = BookingFactory().registration
    client.cookies["django_language"] = language
    response = client.get(url(name, registration))
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in response.content.decode()


def test_giving_a_place_back_hands_it_to_the_first_waiting_and_tells_them(client):
    slot = SlotFactory(capacity=1, session__title_en="Bricklaying")
    holder = BookingFactory(slot=slot, registration__event=slot.session.event)
    first, second = _waiting(slot), _waiting(slot)
    first.registration.applicant.language = "en"
    first.registration.applicant.save()

    response = client.post(url("booking_cancel", holder.registration, pk=holder.pk))

    assert response.status_code == 302
    statuses = [Booking.objects.get(pk=b.pk).status for b in (holder, first, second)]
    assert statuses == ["cancelled", "confirmed", "waitlisted"]
    promoted = Message.objects.get(kind="waitlist_promoted")
    assert promoted.recipient == first.registration.applicant.email
    assert promoted.subject == f"You have a place: {slot.session.event.title_en}"
    assert url("personal", first.registration) in promoted.body_text


def test_booking_of_someone_else_cannot_be_cancelled(client):
    mine = BookingFactory()
    theirs = BookingFactory()
    response = client.post(url("booking_cancel", mine.registration, pk=theirs.pk))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Booking.Status.CONFIRMED


def test_cancelling_needs_a_post(client):
    booking = BookingFactory()
    assert client.get(url("booking_cancel", booking.registration, pk=booking.pk)).status_code == 405


def test_switching_slots_frees_the_old_place_and_books_the_new(client):
    event = EventFactory()
    old = SlotFactory(session=SessionFactory(event=event), capacity=1)
    new = SlotFactory(session=SessionFactory(event=event))
    mine = BookingFactory(slot=old, registration__event=event)
    waiting = _waiting(old)

    response = client.post(url("bookings_change", mine.registration), {"slots": [new.pk]})

    assert response.status_code == 302
    assert [(b.slot, b.status) for b in mine.registration.bookings.exclude(status="cancelled")] == [
        (new, Booking.Status.CONFIRMED)
    ]
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED


def test_kept_slot_keeps_its_place_in_the_waiting_list(client):
    event = EventFactory()
    full = SlotFactory(session=SessionFactory(event=event), capacity=1)
    BookingFactory(slot=full, registration__event=event)
    mine = _waiting(full)
    after_me = _waiting(full)
    other = SlotFactory(session=SessionFactory(event=event), starts_at=full.ends_at)

    client.post(url("bookings_change", mine.registration), {"slots": [full.pk, other.pk]})

    mine_now = mine.registration.bookings.get(slot=full)
    assert mine_now.pk == mine.pk
    assert mine_now.created_at < after_me.created_at


def test_switching_to_overlapping_slots_is_refused(client):
    event = EventFactory()
    first = SlotFactory(session=SessionFactory(event=event))
    second = SlotFactory(session=SessionFactory(event=event))
    mine = BookingFactory(slot=first, registration__event=event)
    response = client.post(
        url("bookings_change", mine.registration), {"slots": [first.pk, second.pk]}
    )
    assert response.status_code == 200
    assert "slots" in response.context["form"].errors
    assert mine.registration.bookings.count() == 1


def test_change_page_shows_the_current_choice(client):
    booking = BookingFactory()
    content = client.get(url("bookings_change", booking.registration)).content.decode()
    assert f'value="{booking.slot.pk}" id="slot-{booking.slot.pk}" checked' in content


def test_cancelling_the_registration_frees_every_place_at_once(client):
    event = EventFactory(capacity=1)
    slot = SlotFactory(session__event=event, capacity=1)
    mine = BookingFactory(slot=slot, registration__event=event)
    waiting_registration = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, applicant__language="en"
    )
    waiting_booking = BookingFactory(
        slot=slot, registration=waiting_registration, status=Booking.Status.WAITLISTED
    )

    client.post(url("registration_cancel", mine.registration))

    mine.refresh_from_db()
    mine.registration.refresh_from_db()
    waiting_registration.refresh_from_db()
    waiting_booking.refresh_from_db()
    assert (mine.registration.status, mine.status) == ("cancelled", "cancelled")
    assert (waiting_registration.status, waiting_booking.status) == ("registered", "confirmed")
    kinds = set(Message.objects.values_list("kind", "recipient"))
    assert ("registration_cancelled", mine.registration.applicant.email) in kinds
    assert ("registration_confirmed", waiting_registration.applicant.email) in kinds


def test_registration_cancel_asks_before_it_cancels(client):
    booking = BookingFactory()
    response = client.get(url("registration_cancel", booking.registration))
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_contact_details_can_be_corrected(client):
    registration = RegistrationFactory()
    response = client.post(
        url("contact_change", registration),
        {
            "first_name": "Olena",
            "last_name": "Kovalenko",
            "email": "",
            "phone": "01512 3456789",
            "language": "uk",
        },
    )
    assert response.status_code == 302
    applicant = Applicant.objects.get(pk=registration.applicant.pk)
    assert (applicant.full_name, applicant.email, applicant.phone, applicant.language) == (
        "Olena Kovalenko",
        "",
        "+4915123456789",
        "uk",
    )
    sms = Message.objects.get(kind="registration_confirmed")
    assert (sms.channel, sms.recipient, sms.language) == ("sms", "+4915123456789", "uk")


def test_contact_correction_needs_a_way_to_reach(client):
    registration = RegistrationFactory()
    response = client.post(
        url("contact_change", registration),
        {"first_name": "Olena", "last_name": "K", "email": "", "phone": "", "language": "uk"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "phone"}
    assert 'value="Olena"' in response.content.decode()
    registration.applicant.refresh_from_db()
    assert registration.applicant.email


def test_qr_code_names_the_person_and_opens_nothing(client):
    """Employers scan it at their tables: it must not be the personal link."""
    registration = RegistrationFactory()
    response = client.get(url("qr_code", registration))
    assert response["Content-Type"] == "image/svg+xml"
    badge = registration_token(registration, "badge")
    assert response.content == registration_qr_svg(token=badge)
    assert response.content.startswith(b"<svg")
    assert client.get(reverse("applicants:personal", kwargs={"token": badge})).status_code == 404
    assert registration_for_code(event=registration.event, code=badge) == registration


def test_calendar_file_parses_back_with_berlin_times(client):
    event = EventFactory(title_de="Bewerbertag Bau")
    starts = timezone.now().replace(microsecond=0) + timedelta(days=10)
    confirmed = BookingFactory(
        registration__event=event,
        slot__session=SessionFactory(event=event, title_de="Maurer", room="Halle 1"),
        slot__starts_at=starts,
    )
    BookingFactory(
        registration=confirmed.registration,
        slot__session=SessionFactory(event=event, title_de="Fliesen"),
        status=Booking.Status.WAITLISTED,
    )

    response = client.get(url("calendar", confirmed.registration))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    entries = calendar.walk("VEVENT")
    assert [str(entry["SUMMARY"]) for entry in entries] == ["Bewerbertag Bau", "Maurer"]
    workshop = entries[1]
    assert workshop["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert workshop["DTSTART"].dt == starts
    assert "Halle 1" in str(workshop["LOCATION"])
    assert all(entry.get("UID") for entry in entries)


def test_data_download_holds_everything_about_the_applicant(client):
    booking = BookingFactory(registration__applicant__questions="Anerkennung?")
    applicant = booking.registration.applicant
    response = client.get(url("data_download", booking.registration))
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["applicant"]["email"] == applicant.email
    assert data["applicant"]["questions"] == "Anerkennung?"
    assert data["registrations"][0]["bookings"][0]["status"] == "confirmed"


def test_deleting_data_anonymises_frees_places_and_kills_the_link(client):
    slot = SlotFactory(capacity=1)
    mine = BookingFactory(
        slot=slot,
        registration__event=slot.session.event,
        registration__applicant__phone="+4915123456789",
        registration__applicant__questions="Arbeitserlaubnis?",
    )
    waiting = _waiting(slot)
    registration = mine.registration
    Message.objects.create(
        kind="x",
        channel="email",
        recipient=registration.applicant.email,
        language="de",
        body_text="Hallo",
        applicant=registration.applicant,
    )

    response = client.post(url("data_delete", registration))

    assert response.status_code == 200
    applicant = Applicant.objects.get(pk=registration.applicant.pk)
    assert (applicant.first_name, applicant.last_name, applicant.email, applicant.phone) == (
        "",
        "",
        "",
        "",
    )
    assert applicant.questions == ""
    assert applicant.anonymised_at is not None
    assert not Message.objects.filter(recipient__in=[mine.registration.applicant.email]).exists()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED
    assert client.get(url("personal", registration)).status_code == 404


def test_deleting_data_after_the_event_keeps_the_statistics(client):
    event = EventFactory(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2)
    )
    registration = RegistrationFactory(event=event, status=Registration.Status.ATTENDED)
    client.post(url("data_delete", registration))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert registration.applicant.anonymised_at is not None


def _personal_queries(client, registration) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("personal", registration))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_personal_page_queries_are_the_same_at_10_and_1000_registrations(client):
    client.cookies["django_language"] = "en"
    event = EventFactory(capacity=5000)
    slots = [
        SlotFactory(
            session=SessionFactory(event=event),
            starts_at=event.starts_at + timedelta(hours=hour),
            ends_at=event.starts_at + timedelta(hours=hour, minutes=45),
            capacity=2000 if hour else 334,
        )
        for hour in range(3)
    ]
    bench_registrations_create(event=event, count=10, slots=slots)
    one_workshop = RegistrationFactory(event=event)
    BookingFactory(registration=one_workshop, slot=slots[1])
    at_10, _content = _personal_queries(client, one_workshop)

    bench_registrations_create(event=event, start=10, count=990, slots=slots)
    Booking.objects.bulk_create(
        Booking(registration=registration, slot=slots[0], status=Booking.Status.WAITLISTED)
        for registration in bench_registrations_create(event=event, start=1000, count=100)
    )
    three_workshops = RegistrationFactory(event=event)
    for slot in slots:
        BookingFactory(
            registration=three_workshops,
            slot=slot,
            status=Booking.Status.WAITLISTED if slot == slots[0] else Booking.Status.CONFIRMED,
        )
    at_1000, content = _personal_queries(client, three_workshops)

    assert at_1000 == at_10 <= 6
    assert content.count("Give this place back") == 3
    assert "Waiting list: number 101" in content
