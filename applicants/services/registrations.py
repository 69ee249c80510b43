"""Registrations: sign-up, on someone's behalf, cancelling, and a person's
own data."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from applicants.codes import checkin_code_random
from applicants.models import Applicant, Booking, Consent, DoorCheckIn, Registration, Reply
from applicants.selectors import (
    bookings_places_ahead,
    registration_bookings,
    registration_same_contact,
    registrations_current_for_contact,
)
from applicants.services.attendance import registration_check_in
from applicants.services.bookings import booking_place, booking_release
from applicants.services.consents import consents_record_new, consents_set
from applicants.services.notices import message_to_applicant, registration_confirmation_send
from applicants.services.places import guest_status, places_lock, slots_check
from applicants.services.waiting_lists import event_waiting_list_advance
from events.models import Event, Slot, Trade
from messaging.models import Message


def registration_codes_new(*, event: Event, count: int = 1) -> list[str]:
    """``count`` codes for the entrance that no registration of the event has
    yet; a code that is taken is drawn again (one query, but for the rare
    collision). The caller holds the event's row lock (``places_lock``), so
    nobody takes one of them before the caller saves them."""
    codes: set[str] = set()
    while len(codes) < count:
        drawn = {checkin_code_random() for _ in range(count - len(codes))} - codes
        taken = set(event.registrations.filter(code__in=drawn).values_list("code", flat=True))
        codes |= drawn - taken
    return list(codes)


@transaction.atomic
def registration_create(*, applicant: Applicant, event: Event, entered_by=None) -> Registration:
    """Register an applicant for an event, or put them on its waiting list when
    the guest capacity is reached; either way with a code for the entrance.
    An existing registration is returned as is."""
    event, _slots = places_lock(event=event)
    existing = Registration.objects.filter(applicant=applicant, event=event).first()
    if existing is not None:
        return existing
    return _registration_insert(applicant=applicant, event=event, entered_by=entered_by)


def _registration_insert(*, applicant: Applicant, event: Event, **fields: Any) -> Registration:
    """A new registration, with a guest place while there is one and a code
    for the entrance. The caller holds the event's row lock."""
    return Registration.objects.create(
        applicant=applicant,
        event=event,
        status=guest_status(event=event),
        code=registration_codes_new(event=event)[0],
        **fields,
    )


@dataclass(frozen=True)
class SignUp:
    registration: Registration
    created: bool
    # The same form sent again: answered with the first result, no message.
    repeated: bool = False


@transaction.atomic
def registration_sign_up(
    *,
    event: Event,
    applicant_data: dict[str, Any],
    trades: Iterable[Trade] = (),
    slots: Sequence[Slot] = (),
    invitation: Registration | None = None,
    form_token: str = "",
    consents: Iterable[str] = (),
) -> SignUp:
    """Sign a person up for an event from the public form and book the chosen
    slots, in one transaction.

    ``consents`` are the purposes the person agreed to besides taking part
    (``Consent.Purpose``), recorded with the sign-up consent.

    ``form_token`` is made when the form is shown. The same form sent again
    returns the registration it made (``repeated``), and nothing is sent.

    ``applicant_data`` holds the applicant's fields (names, contact, language,
    German level, ...). When the e-mail address or phone number already holds
    a registration for this event (``registration_same_contact``), nothing
    changes: the existing registration is returned (``created`` is False) and
    its personal link is sent again to the contact on record, never shown to
    whoever typed the address.

    With ``invitation`` (a registration an organiser created with status
    'invited'), that registration and its applicant are completed instead of
    new ones created.
    """
    _sign_up_lock(
        event=event,
        keys=[form_token, applicant_data.get("email", "").lower(), applicant_data.get("phone", "")],
    )
    if form_token and (
        same_form := event.registrations.filter(form_token=form_token)
        .select_related("applicant")
        .first()
    ):
        return SignUp(registration=same_form, created=False, repeated=True)
    duplicate = (
        registration_same_contact(
            event=event,
            email=applicant_data.get("email", ""),
            phone=applicant_data.get("phone", ""),
            exclude=invitation,
        )
        .select_related("applicant")
        .first()
    )
    if duplicate is not None:
        registration_confirmation_send(registration=duplicate)
        return SignUp(registration=duplicate, created=False)
    purposes = {Consent.Purpose.SIGN_UP, *consents}
    if invitation is not None:
        registration = _invitation_accept(invitation, event=event, applicant_data=applicant_data)
        applicant = registration.applicant
        applicant.trades.set(trades)
        consents_set(applicant=applicant, purposes=purposes)
    else:
        applicant = Applicant.objects.create(consent_at=timezone.now(), **applicant_data)
        if trades:
            applicant.trades.add(*trades)
        consents_record_new(applicant=applicant, purposes=purposes)
    # What needs the event's places comes last: its lock is held from here
    # to the commit, and everyone signing up for the event waits for it.
    event, locked = places_lock(event=event, slots=slots)
    slots_check(event=event, slots=[_with_session(slot, slots) for slot in locked])
    if invitation is None:
        registration = _registration_insert(applicant=applicant, event=event, form_token=form_token)
    elif form_token:
        registration.form_token = form_token
        registration.save(update_fields=["form_token", "updated_at"])
    held = [
        booking_place(registration=registration, slot=slot, new=invitation is None)
        for slot in locked
    ]
    registration_confirmation_send(
        registration=registration,
        bookings=registration_bookings(registration=registration)
        if invitation
        else bookings_places_ahead(bookings=held),
    )
    return SignUp(registration=registration, created=True)


def _sign_up_lock(*, event: Event, keys: Iterable[str]) -> None:
    """Sign-ups with the same form, e-mail address or mobile number for the
    event wait for each other (a transaction-long advisory lock per key, in
    one order), so that the second finds the first; different people do not
    wait for each other here. Without PostgreSQL the database writes one
    transaction at a time anyway."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted({key for key in keys if key}):
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                [f"sign-up:{event.pk}:{key}"],
            )


def _with_session(slot: Slot, chosen: Sequence[Slot]) -> Slot:
    """The locked slot with the session the form read with it."""
    slot.session = next(c.session for c in chosen if c.pk == slot.pk)
    return slot


def _invitation_accept(
    invitation: Registration, *, event: Event, applicant_data: dict[str, Any]
) -> Registration:
    event, _slots = places_lock(event=event)
    registration = Registration.objects.select_related("applicant").get(
        pk=invitation.pk, event=event, status=Registration.Status.INVITED
    )
    applicant = registration.applicant
    for name, value in applicant_data.items():
        setattr(applicant, name, value)
    applicant.consent_at = timezone.now()
    applicant.save()
    registration.status = guest_status(event=event)
    registration.save(update_fields=["status", "updated_at"])
    return registration


@transaction.atomic
def applicant_register_on_behalf(
    *,
    event: Event,
    entered_by,
    trades: Iterable[Trade],
    present: bool = False,
    consents: Iterable[str] = (),
    **applicant_fields: Any,
) -> Registration:
    """Register someone who came to the Jobcenter or the door without e-mail
    or smartphone. Staff confirm the person's consent; the registration
    records who entered it. ``present`` checks a walk-in in at once."""
    applicant = Applicant(consent_at=timezone.now(), **applicant_fields)
    applicant.full_clean()
    applicant.save()
    applicant.trades.set(trades)
    consents_set(applicant=applicant, purposes={Consent.Purpose.SIGN_UP, *consents})
    registration = registration_create(applicant=applicant, event=event, entered_by=entered_by)
    if present:
        registration = registration_check_in(registration=registration)
    return registration


def _registration_release(registration: Registration) -> None:
    """Cancel a registration whose event the caller has locked, with all its
    bookings, and hand the places on."""
    was_holding = registration.status in Registration.HOLDS_PLACE
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    active = list(
        registration.bookings.exclude(status=Booking.Status.CANCELLED).order_by("slot_id")
    )
    places_lock(event=registration.event_id, slots=[booking.slot_id for booking in active])
    for booking in active:
        booking_release(booking=booking)
    if was_holding:
        event_waiting_list_advance(event=registration.event)


@transaction.atomic
def registration_cancel(*, registration: Registration) -> None:
    """Cancel a whole registration: the guest place and every slot place go
    to the first people waiting for them at once."""
    places_lock(event=registration.event_id)
    registration.refresh_from_db()
    if registration.status == Registration.Status.CANCELLED:
        return
    _registration_release(registration)
    message_to_applicant(
        kind="registration_cancelled",
        applicant=registration.applicant,
        event=registration.event,
        context={"registration": registration},
    )


@transaction.atomic
def applicant_contact_update(
    *,
    registration: Registration,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    language: str,
) -> Applicant:
    """Correct an applicant's name, contact and language for messages; they get
    a confirmation on the corrected contact."""
    applicant = registration.applicant
    applicant.first_name = first_name
    applicant.last_name = last_name
    applicant.email = email
    applicant.phone = phone
    applicant.language = language
    applicant.save()
    registration_confirmation_send(registration=registration)
    return applicant


@transaction.atomic
def applicant_anonymise(*, applicant: Applicant) -> None:
    """Delete an applicant's personal data at their request.

    Registrations for events still to come are cancelled first, so their
    places go to the waiting lists. What remains is anonymous and serves the
    statistics only: the registrations and bookings with their statuses, the
    German level, trades of interest, experience and interpreter need, the
    answers to follow-up questions and the next steps employers noted (as
    categories). Names, contact, free text, employers' notes and ratings
    (``APPLICANT_ANONYMISE_PARTS``: what other apps hold) and the messages
    sent to them are gone.
    """
    now = timezone.now()
    registrations = applicant.registrations.select_related("event").order_by("event_id")
    for registration in registrations:
        if registration.event.ends_at > now:
            places_lock(event=registration.event_id)
            registration.refresh_from_db()
            if registration.status != Registration.Status.CANCELLED:
                _registration_release(registration)
    Message.objects.filter(applicant=applicant).delete()
    # A walk-in's details as the door's device sent them.
    DoorCheckIn.objects.filter(registration__applicant=applicant).update(payload={})
    for path in settings.APPLICANT_ANONYMISE_PARTS:
        import_string(path)(applicant)
    applicant.first_name = ""
    applicant.last_name = ""
    applicant.email = ""
    applicant.phone = ""
    applicant.spoken_languages = []
    applicant.questions = ""
    applicant.talk_line = ""
    applicant.talk_pool = False
    applicant.anonymised_at = now
    applicant.save()


@transaction.atomic
def applicant_talk_profile_set(*, applicant: Applicant, talk_line: str, talk_pool: bool) -> None:
    """What the applicant shows employers about themselves for talks, and
    whether employers of their trades may invite them."""
    applicant.talk_line = talk_line.strip()
    applicant.talk_pool = talk_pool
    applicant.save(update_fields=["talk_line", "talk_pool"])


def registration_links_resend(*, email: str = "", phone: str = "") -> int:
    """Send the personal links of all current registrations made with this
    e-mail address or mobile number again, to the contact on record. Returns
    how many registrations were found (never shown to the person asking)."""
    registrations = list(registrations_current_for_contact(email=email, phone=phone))
    for registration in registrations:
        registration_confirmation_send(registration=registration)
    return len(registrations)


@transaction.atomic
def reply_record(*, registration: Registration, answer: str) -> Reply:
    """Record an answer to a reminder; "I cannot come" cancels the
    registration at once and its places go to the waiting lists."""
    reply, _created = Reply.objects.update_or_create(
        registration=registration, defaults={"answer": answer}
    )
    if answer == Reply.Answer.NOT_COMING:
        registration_cancel(registration=registration)
    return reply
