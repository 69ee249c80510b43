import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applicants.models import Applicant, Booking, Registration
from applicants.tests.factories import BookingFactory, RegistrationFactory
from applicants.tokens import registration_token
from devtools.builders import bench_registrations_create
from events.models import Event
from events.tests.factories import EventFactory, SessionFactory, SlotFactory, TradeFactory
from messaging.models import Message
from messaging.tests.outbox import worded, worded_get

pytestmark = pytest.mark.django_db


def sign_up_url(event):
    return reverse("applicants:sign_up", kwargs={"slug": event.slug})


def form_data(**overrides):
    data = {
        "first_name": "Amal",
        "last_name": "Nasser",
        "email": "amal@example.org",
        "phone": "",
        "language": "ar",
        "german_level": "A2",
        "experience_years": "3",
        "interpreter_language": "",
        "questions": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_event_page_invites_to_sign_up(client):
    event = EventFactory()
    content = client.get(event.get_absolute_url()).content.decode()
    assert sign_up_url(event) in content


def test_closed_event_page_offers_no_sign_up(client):
    event = EventFactory(status=Event.Status.CLOSED)
    content = client.get(event.get_absolute_url()).content.decode()
    assert sign_up_url(event) not in content


def test_sign_up_books_the_chosen_slots_and_opens_the_personal_page(client):
    slot = SlotFactory(session__title_de="Lehrkabinett Maurer", session__room="Halle 2")
    trade = TradeFactory()
    event = slot.session.event
    response = client.post(
        sign_up_url(event),
        form_data(slots=[slot.pk], trades=[trade.pk], advice_topics=["work_permit"]),
        follow=True,
    )
    registration = Registration.objects.get(event=event)
    applicant = registration.applicant
    assert response.redirect_chain[0][0].startswith("/applicants/me/")
    assert registration.status == Registration.Status.REGISTERED
    assert [(b.slot, b.status) for b in registration.bookings.all()] == [
        (slot, Booking.Status.CONFIRMED)
    ]
    assert (applicant.full_name, applicant.email, applicant.language) == (
        "Amal Nasser",
        "amal@example.org",
        "ar",
    )
    assert applicant.consent_at is not None
    assert list(applicant.trades.all()) == [trade]
    assert applicant.advice_topics == ["work_permit"]
    content = response.content.decode()
    assert "Lehrkabinett Maurer" in content
    assert "Halle 2" in content


def test_sign_up_confirmation_is_sent_by_email_and_sms(client):
    slot = SlotFactory()
    event = slot.session.event
    client.post(
        sign_up_url(event),
        form_data(slots=[slot.pk], phone="0151 23456789", language="en"),
    )
    messages = worded(Message.objects.filter(kind="registration_confirmed").order_by("channel"))
    assert [(m.channel, m.recipient, m.language) for m in messages] == [
        ("email", "amal@example.org", "en"),
        ("sms", "+4915123456789", "en"),
    ]
    email = messages[0]
    assert email.subject == f"You have a place: {event.title_en}"
    assert "/applicants/me/" in email.body_text
    assert email.attachments[0]["mimetype"] == "text/calendar"
    assert "BEGIN:VCALENDAR" in email.attachments[0]["content"]


def test_full_slot_puts_the_sign_up_on_its_waiting_list(client):
    slot = SlotFactory(capacity=1)
    BookingFactory(slot=slot, registration__event=slot.session.event)
    client.post(sign_up_url(slot.session.event), form_data(slots=[slot.pk]))
    booking = Booking.objects.get(registration__applicant__email="amal@example.org")
    assert booking.status == Booking.Status.WAITLISTED


def confirmation_of(email):
    message = worded_get(kind="registration_confirmed", recipient=email, channel="email")
    return message.subject, message.body_text.splitlines()[2]


def test_confirmation_of_a_place_in_a_full_workshop_names_the_workshop_and_number(client):
    slot = SlotFactory(capacity=1, session__title_en="Bricklaying workshop")
    event = slot.session.event
    BookingFactory(slot=slot, registration__event=event)
    BookingFactory(slot=slot, registration__event=event, status=Booking.Status.WAITLISTED)
    client.post(sign_up_url(event), form_data(slots=[slot.pk], language="en"))
    assert confirmation_of("amal@example.org") == (
        f"Waiting list, number 2 for “Bricklaying workshop”: {event.title_en}",
        f"You are signed up for “{event.title_en}”. The workshop “Bricklaying workshop” is "
        "full: you are number 2 on its waiting list. We tell you at once when a place "
        "becomes free.",
    )


def test_confirmation_on_the_events_waiting_list_says_the_number(client):
    slot = SlotFactory(capacity=5, session__event__capacity=1)
    event = slot.session.event
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    client.post(sign_up_url(event), form_data(slots=[slot.pk], language="en"))
    assert confirmation_of("amal@example.org") == (
        f"Waiting list, number 2: {event.title_en}",
        "The event is full. You are number 2 on the waiting list. We tell you at once "
        "when a place becomes free.",
    )


def test_confirmation_of_a_workshop_place_says_so(client):
    slot = SlotFactory()
    event = slot.session.event
    client.post(sign_up_url(event), form_data(slots=[slot.pk], language="en"))
    assert confirmation_of("amal@example.org") == (
        f"You have a place: {event.title_en}",
        f"You have a place at “{event.title_en}”.",
    )


def test_full_event_puts_the_sign_up_and_its_bookings_on_the_waiting_list(client):
    slot = SlotFactory(capacity=5, session__event__capacity=1)
    RegistrationFactory(event=slot.session.event)
    client.post(sign_up_url(slot.session.event), form_data(slots=[slot.pk]))
    registration = Registration.objects.get(applicant__email="amal@example.org")
    assert registration.status == Registration.Status.WAITLISTED
    assert registration.bookings.get().status == Booking.Status.WAITLISTED


def test_overlapping_slots_cannot_both_be_booked(client):
    event = EventFactory()
    first = SlotFactory(session=SessionFactory(event=event, title_de="Maurer"))
    second = SlotFactory(session=SessionFactory(event=event, title_de="Fliesenleger"))
    response = client.post(sign_up_url(event), form_data(slots=[first.pk, second.pk]))
    assert response.status_code == 200
    assert Registration.objects.count() == 0
    error = response.context["form"].errors["slots"][0]
    assert "Maurer" in error
    assert "Fliesenleger" in error
    assert 'id="slots-errors"' in response.content.decode()


def test_slots_one_after_the_other_can_both_be_booked(client):
    event = EventFactory()
    first = SlotFactory(session=SessionFactory(event=event))
    second = SlotFactory(session=SessionFactory(event=event), starts_at=first.ends_at)
    client.post(sign_up_url(event), form_data(slots=[first.pk, second.pk]))
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == 2


def test_slot_of_another_event_is_refused(client):
    event = EventFactory()
    foreign = SlotFactory()
    response = client.post(sign_up_url(event), form_data(slots=[foreign.pk]))
    assert "slots" in response.context["form"].errors
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "", "phone": ""}, "email"),
        ({"email": "", "phone": ""}, "phone"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"first_name": ""}, "first_name"),
        ({"consent": None}, "consent"),
        ({"needs_interpreter": "on", "interpreter_language": ""}, "interpreter_language"),
        ({"experience_years": "-1"}, "experience_years"),
    ],
)
def test_invalid_sign_up_shows_the_error_next_to_the_field(client, overrides, field):
    event = EventFactory()
    response = client.post(sign_up_url(event), form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="error_1_id_{field}"' in response.content.decode()
    assert Registration.objects.count() == 0


def test_reshown_form_keeps_everything_typed(client):
    event = EventFactory()
    slot = SlotFactory(session__event=event)
    trade = TradeFactory()
    response = client.post(
        sign_up_url(event),
        form_data(
            consent=None,
            slots=[slot.pk],
            trades=[trade.pk],
            questions="Darf ich arbeiten?",
            needs_interpreter="on",
            interpreter_language="ti",
        ),
    )
    content = response.content.decode()
    assert 'value="Amal"' in content
    assert 'value="amal@example.org"' in content
    assert "Darf ich arbeiten?" in content
    assert f'value="{slot.pk}" id="slot-{slot.pk}" checked' in content
    assert f'value="{trade.pk}"' in content
    assert response.context["form"]["interpreter_language"].value() == "ti"
    assert response.context["form"]["trades"].value() == [str(trade.pk)]


def test_sign_up_asks_neither_nationality_nor_residence_status(client):
    event = EventFactory()
    form = client.get(sign_up_url(event)).context["form"]
    assert not {"nationality", "residence_status", "residence_title"} & set(form.fields)


def test_every_question_says_why_it_is_asked(client):
    event = EventFactory()
    form = client.get(sign_up_url(event)).context["form"]
    without_reason = [
        name
        for name, field in form.fields.items()
        if not field.help_text
        and not field.widget.is_hidden
        and name not in {"last_name", "interpreter_language", "website"}
    ]
    assert without_reason == []


def test_same_email_leads_to_the_existing_registration(client):
    event = EventFactory()
    existing = RegistrationFactory(event=event, applicant__email="Amal@Example.org")
    response = client.post(sign_up_url(event), form_data(email="amal@example.org"))
    assert Registration.objects.filter(event=event).count() == 1
    assert response.status_code == 200
    assert registration_token(existing) not in response.content.decode()
    message = Message.objects.get(kind="registration_confirmed")
    assert (message.recipient, message.applicant) == ("Amal@Example.org", existing.applicant)


def test_same_phone_in_another_spelling_leads_to_the_existing_registration(client):
    event = EventFactory()
    RegistrationFactory(event=event, applicant__email="", applicant__phone="+4915123456789")
    client.post(sign_up_url(event), form_data(email="", phone="01512 345 6789"))
    assert Registration.objects.filter(event=event).count() == 1
    assert Applicant.objects.count() == 1


def test_same_email_at_another_event_signs_up_anew(client):
    RegistrationFactory(applicant__email="amal@example.org")
    event = EventFactory()
    client.post(sign_up_url(event), form_data())
    assert Registration.objects.filter(event=event).count() == 1


def test_filled_honeypot_signs_nobody_up(client):
    event = EventFactory()
    response = client.post(sign_up_url(event), form_data(website="https://spam.example"))
    assert response.status_code == 200
    assert Registration.objects.count() == 0
    assert '<div class="form-honeypot" aria-hidden="true">' in response.content.decode()


@pytest.mark.parametrize("status", [Event.Status.CLOSED, Event.Status.CANCELLED])
def test_sign_up_is_refused_when_the_event_does_not_take_guests(client, status):
    event = EventFactory(status=status)
    response = client.post(sign_up_url(event), form_data())
    assert response.status_code == 200
    assert "form" not in response.context
    assert Registration.objects.count() == 0


def test_sign_up_is_refused_after_the_registration_window(client):
    from datetime import timedelta

    from django.utils import timezone

    event = EventFactory(
        registration_opens_at=timezone.now() - timedelta(days=9),
        registration_closes_at=timezone.now() - timedelta(days=1),
    )
    client.post(sign_up_url(event), form_data())
    assert Registration.objects.count() == 0


def test_draft_event_has_no_sign_up(client):
    event = EventFactory(status=Event.Status.DRAFT)
    assert client.get(sign_up_url(event)).status_code == 404


def test_language_for_messages_defaults_to_the_language_in_use(client):
    event = EventFactory()
    client.post(reverse("set_language"), {"language": "uk", "next": sign_up_url(event)})
    response = client.get(sign_up_url(event))
    assert response.context["form"]["language"].value() == "uk"
    assert '<html lang="uk" dir="ltr">' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "direction"),
    [("de", "ltr"), ("en", "ltr"), ("ar", "rtl"), ("uk", "ltr"), ("fa", "rtl")],
)
def test_sign_up_page_speaks_every_language(client, language, direction):
    event = EventFactory(title_de="Bewerbertag", title_ar="يوم المتقدمين")
    client.cookies["django_language"] = language
    content = client.get(sign_up_url(event)).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in content
    assert ("bootstrap.rtl.min.css" in content) == (direction == "rtl")


def _page_queries(client, event) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(sign_up_url(event))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_sign_up_page_queries_are_the_same_at_10_and_1000_registrations(client):
    client.cookies["django_language"] = "en"
    event = EventFactory(capacity=5000)
    slots = [SlotFactory(session__event=event, capacity=200)]
    bench_registrations_create(event=event, count=10, slots=slots)
    at_10, _content = _page_queries(client, event)

    slots += [SlotFactory(session__event=event, capacity=200) for _ in range(9)]
    TradeFactory.create_batch(20)
    bench_registrations_create(event=event, start=10, count=990, slots=slots)
    at_1000, content = _page_queries(client, event)

    assert at_1000 == at_10 <= 8
    assert content.count('name="slots"') == 10
    assert "91 places left" in content
    assert content.count("101 places left") == 9


def _sign_up_queries(client, event, *, email, slots, trades) -> int:
    """How many SQL queries one sign-up through the form runs."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            sign_up_url(event),
            form_data(
                email=email,
                slots=[slot.pk for slot in slots],
                trades=[trade.pk for trade in trades],
                share="on",
            ),
        )
    assert response.status_code == 302
    return len(queries)


def test_sign_up_queries_are_the_same_at_10_and_1000_registrations(client):
    event = EventFactory(capacity=5000)
    morning = SlotFactory(session__event=event, capacity=2000)
    afternoon = SlotFactory(session__event=event, capacity=2000, starts_at=morning.ends_at)
    slots, trades = [morning, afternoon], TradeFactory.create_batch(2)
    bench_registrations_create(event=event, count=10, slots=slots, trades=trades)
    at_10 = _sign_up_queries(client, event, email="amal@example.org", slots=slots, trades=trades)
    bench_registrations_create(event=event, start=10, count=990, slots=slots, trades=trades)
    at_1000 = _sign_up_queries(client, event, email="olena@example.org", slots=slots, trades=trades)
    assert at_1000 == at_10
    booked = Booking.objects.filter(
        registration__applicant__email__in=["amal@example.org", "olena@example.org"],
        status=Booking.Status.CONFIRMED,
    )
    assert booked.count() == 4


def _invited(event, **applicant):
    return RegistrationFactory(
        event=event,
        status=Registration.Status.INVITED,
        applicant__first_name="Olena",
        applicant__last_name="Kovalenko",
        applicant__email="olena@example.org",
        applicant__language="uk",
        applicant__consent_at=None,
        **{f"applicant__{key}": value for key, value in applicant.items()},
    )


def test_invitation_link_opens_the_sign_up_with_name_and_contact_filled_in(client):
    event = EventFactory()
    invited = _invited(event)
    response = client.get(
        reverse("applicants:personal", kwargs={"token": registration_token(invited)}),
        follow=True,
    )
    form = response.context["form"]
    assert response.redirect_chain[-1][0].startswith(sign_up_url(event))
    assert (form["first_name"].value(), form["email"].value(), form["language"].value()) == (
        "Olena",
        "olena@example.org",
        "uk",
    )
    assert f'name="invitation" value="{registration_token(invited)}"' in (response.content.decode())


def test_signing_up_from_an_invitation_completes_the_invited_registration(client):
    slot = SlotFactory()
    event = slot.session.event
    invited = _invited(event)
    data = form_data(
        first_name="Olena",
        last_name="Kovalenko",
        email="olena@example.org",
        language="uk",
        slots=[slot.pk],
        invitation=registration_token(invited),
    )
    response = client.post(sign_up_url(event), data)
    assert response.status_code == 302
    assert Registration.objects.filter(event=event).count() == 1
    invited.refresh_from_db()
    invited.applicant.refresh_from_db()
    assert invited.status == Registration.Status.REGISTERED
    assert invited.applicant.consent_at is not None
    assert invited.bookings.get().status == Booking.Status.CONFIRMED


def test_used_invitation_leads_to_the_personal_page(client):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    token = registration_token(registration)
    response = client.get(f"{sign_up_url(event)}?invitation={token}")
    assert response.status_code == 302
    assert response["Location"] == reverse("applicants:personal", kwargs={"token": token})


def test_forged_invitation_is_ignored(client):
    event = EventFactory()
    response = client.get(f"{sign_up_url(event)}?invitation=forged:token")
    assert response.status_code == 200
    assert response.context["form"]["first_name"].value() is None


def test_someone_invited_again_after_cancelling_signs_up_from_the_new_invitation(client):
    slot = SlotFactory()
    event = slot.session.event
    RegistrationFactory(
        event=event,
        status=Registration.Status.CANCELLED,
        applicant__email="olena@example.org",
    )
    invited = _invited(event)
    data = form_data(
        first_name="Olena",
        last_name="Kovalenko",
        email="olena@example.org",
        language="uk",
        slots=[slot.pk],
        invitation=registration_token(invited),
    )

    response = client.post(sign_up_url(event), data)

    assert response["Location"] == reverse(
        "applicants:personal", kwargs={"token": registration_token(invited)}
    )
    invited.refresh_from_db()
    assert invited.status == Registration.Status.REGISTERED
    assert invited.bookings.get().status == Booking.Status.CONFIRMED


def test_someone_who_cancelled_may_sign_up_again(client):
    event = EventFactory()
    earlier = RegistrationFactory(
        event=event, status=Registration.Status.CANCELLED, applicant__email="amal@example.org"
    )

    client.post(sign_up_url(event), form_data(email="AMAL@example.org"))

    again = Registration.objects.exclude(pk=earlier.pk).get(event=event)
    assert again.status == Registration.Status.REGISTERED


def test_the_same_form_sent_twice_shows_the_personal_page_and_sends_one_message(client):
    slot = SlotFactory()
    event = slot.session.event
    once = client.get(sign_up_url(event)).context["form"]["once"].value()
    data = form_data(slots=[slot.pk], once=once)
    first = client.post(sign_up_url(event), data)
    second = client.post(sign_up_url(event), data, follow=True)
    assert second.redirect_chain[0][0] == first.url
    assert second.context["registration"].applicant.first_name == "Amal"
    assert Registration.objects.count() == 1
    assert Message.objects.filter(kind="registration_confirmed").count() == 1


def test_two_forms_with_the_same_address_still_find_the_earlier_sign_up(client):
    slot = SlotFactory()
    event = slot.session.event
    for once in ["first-form", "second-form"]:
        response = client.post(sign_up_url(event), form_data(slots=[slot.pk], once=once))
    assert "applicants/already_registered.html" in [t.name for t in response.templates]
    assert Registration.objects.count() == 1


def test_sign_up_asks_which_languages_the_person_speaks(client):
    slot = SlotFactory()
    event = slot.session.event
    assert 'name="spoken_languages"' in client.get(sign_up_url(event)).content.decode()
    client.post(sign_up_url(event), form_data(slots=[slot.pk], spoken_languages=["ar", "ku"]))
    assert Applicant.objects.get().spoken_languages == ["ar", "ku"]


def test_arabic_confirmation_marks_the_german_names_in_it(client):
    slot = SlotFactory(session__title_de="Lehrkabinett Maurer", session__title_ar="ورشة البناء")
    event = slot.session.event
    client.post(sign_up_url(event), form_data(slots=[slot.pk], language="ar"))
    html = worded_get(kind="registration_confirmed").body_html
    assert f'<span lang="de" dir="ltr">{event.venue.name}</span>' in html
    assert "<strong>ورشة البناء</strong>" in html


def test_a_form_sent_back_with_errors_keeps_the_choice_and_says_the_places_left(client):
    client.cookies["django_language"] = "en"
    slot = SlotFactory(capacity=5)
    BookingFactory(slot=slot, registration__event=slot.session.event)
    response = client.post(sign_up_url(slot.session.event), form_data(slots=[slot.pk], consent=""))
    content = response.content.decode()
    assert response.status_code == 200
    assert "4 places left" in content
    assert f'value="{slot.pk}" id="slot-{slot.pk}" checked' in content
