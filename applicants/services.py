"""Writes for applicants: sign-up, registrations, bookings and the waiting lists.

Places are counted under a row lock on the slot (or the event, for the guest
capacity), so concurrent sign-ups on PostgreSQL queue up behind each other
instead of both taking the last place. Functions that lock both take the
event first and then the slots, always in that order, so two of them never
wait for each other.

Only registrations that hold one of the event's guest places hold a place in
a slot: while a registration waits for the event, its bookings wait too.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applicants import exports
from applicants.models import Applicant, Booking, Registration
from applicants.selectors import registration_bookings, registrations_current_for_contact
from applicants.tokens import registration_personal_url
from events.models import Event, Slot, Trade
from messaging.models import Message
from messaging.services import message_to_applicant


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _lock_slot(slot: Slot) -> Slot:
    return Slot.objects.select_for_update().get(pk=slot.pk)


def slots_check(*, event: Event, slots: Sequence[Slot]) -> None:
    """Raise ``ValidationError`` unless every slot belongs to the event and no
    two of them overlap in time: a person can be in one workshop at a time."""
    if any(slot.session.event_id != event.pk for slot in slots):
        raise ValidationError(_("Please choose workshops of this event only."), code="foreign")
    ordered = sorted(slots, key=lambda slot: slot.starts_at)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.overlaps(later):
            raise ValidationError(
                _("“%(first)s” and “%(second)s” take place at the same time. Please choose one.")
                % {"first": earlier.session.title, "second": later.session.title},
                code="overlap",
            )


@transaction.atomic
def registration_create(*, applicant: Applicant, event: Event, entered_by=None) -> Registration:
    """Register an applicant for an event, or put them on its waiting list when
    the guest capacity is reached. An existing registration is returned as is."""
    event = _lock_event(event)
    existing = Registration.objects.filter(applicant=applicant, event=event).first()
    if existing is not None:
        return existing
    return Registration.objects.create(
        applicant=applicant, event=event, status=_guest_status(event), entered_by=entered_by
    )


def _guest_status(event: Event) -> str:
    """Registered while the event has guest places, else waiting. The caller
    holds the event's row lock."""
    taken = event.registrations.filter(status__in=Registration.HOLDS_PLACE).count()
    if taken < event.capacity:
        return Registration.Status.REGISTERED
    return Registration.Status.WAITLISTED


@dataclass(frozen=True)
class SignUp:
    registration: Registration
    created: bool


def registration_find_duplicate(
    *, event: Event, email: str, phone: str, exclude: Registration | None = None
) -> Registration | None:
    """The registration for this event made with the same e-mail address or
    mobile number, if there is one."""
    same_contact = Q()
    if email:
        same_contact |= Q(applicant__email__iexact=email)
    if phone:
        same_contact |= Q(applicant__phone=phone)
    if not same_contact:
        return None
    registrations = Registration.objects.filter(
        same_contact, event=event, applicant__anonymised_at__isnull=True
    )
    if exclude is not None:
        registrations = registrations.exclude(pk=exclude.pk)
    return registrations.select_related("applicant").order_by("created_at", "id").first()


@transaction.atomic
def registration_sign_up(
    *,
    event: Event,
    applicant_data: dict[str, Any],
    trades: Iterable[Trade] = (),
    slots: Sequence[Slot] = (),
    invitation: Registration | None = None,
) -> SignUp:
    """Sign a person up for an event from the public form and book the chosen
    slots, in one transaction.

    ``applicant_data`` holds the applicant's fields (names, contact, language,
    German level, ...). When the e-mail address or phone number already signed
    up for this event, nothing changes: the existing registration is returned
    (``created`` is False) and its personal link is sent again to the contact
    on record, never shown to whoever typed the address.

    With ``invitation`` (a registration an organiser created with status
    'invited'), that registration and its applicant are completed instead of
    new ones created.
    """
    event = _lock_event(event)
    slots_check(event=event, slots=slots)
    duplicate = registration_find_duplicate(
        event=event,
        email=applicant_data.get("email", ""),
        phone=applicant_data.get("phone", ""),
        exclude=invitation,
    )
    if duplicate is not None:
        registration_confirmation_send(registration=duplicate)
        return SignUp(registration=duplicate, created=False)
    if invitation is not None:
        registration = _invitation_accept(invitation, event=event, applicant_data=applicant_data)
        registration.applicant.trades.set(trades)
    else:
        applicant = Applicant.objects.create(consent_at=timezone.now(), **applicant_data)
        applicant.trades.set(trades)
        registration = registration_create(applicant=applicant, event=event)
    for slot in sorted(slots, key=lambda slot: slot.pk):
        booking_create(registration=registration, slot=slot)
    registration_confirmation_send(registration=registration)
    return SignUp(registration=registration, created=True)


def _invitation_accept(
    invitation: Registration, *, event: Event, applicant_data: dict[str, Any]
) -> Registration:
    registration = Registration.objects.select_related("applicant").get(
        pk=invitation.pk, event=event, status=Registration.Status.INVITED
    )
    applicant = registration.applicant
    for name, value in applicant_data.items():
        setattr(applicant, name, value)
    applicant.consent_at = timezone.now()
    applicant.save()
    registration.status = _guest_status(event)
    registration.save(update_fields=["status", "updated_at"])
    return registration


def _holds_place(registration: Registration) -> bool:
    return registration.status in Registration.HOLDS_PLACE


@transaction.atomic
def booking_create(*, registration: Registration, slot: Slot) -> Booking:
    """Book a slot for a registration: confirmed while places are left,
    otherwise at the end of the slot's waiting list. A registration that waits
    for a guest place of the event waits for the slot, too."""
    slot = _lock_slot(slot)
    active = Booking.objects.filter(registration=registration, slot=slot).exclude(
        status=Booking.Status.CANCELLED
    )
    existing = active.first()
    if existing is not None:
        return existing
    confirmed = slot.bookings.filter(status=Booking.Status.CONFIRMED).count()
    status = (
        Booking.Status.CONFIRMED
        if confirmed < slot.capacity and _holds_place(registration)
        else Booking.Status.WAITLISTED
    )
    return Booking.objects.create(registration=registration, slot=slot, status=status)


def _booking_cancel(booking: Booking) -> list[Booking]:
    slot = _lock_slot(booking.slot)
    booking.refresh_from_db()
    if booking.status == Booking.Status.CANCELLED:
        return []
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status"])
    return slot_waiting_list_advance(slot=slot)


@transaction.atomic
def booking_cancel(*, booking: Booking) -> list[Booking]:
    """Cancel a booking; a place it frees goes to the waiting list at once.
    The applicant gets their updated bookings. Returns the bookings that
    moved up."""
    promoted = _booking_cancel(booking)
    registration_confirmation_send(registration=booking.registration)
    return promoted


@transaction.atomic
def slot_waiting_list_advance(*, slot: Slot) -> list[Booking]:
    """Give every free place of a slot to the first in its waiting list, in
    order of arrival, and tell each of them. Safe to call at any time: with no
    free place, or no one waiting, nothing changes. Returns the bookings that
    moved up."""
    slot = _lock_slot(slot)
    confirmed = slot.bookings.filter(status=Booking.Status.CONFIRMED).count()
    free = slot.capacity - confirmed
    if free <= 0:
        return []
    waiting = list(
        slot.bookings.filter(
            status=Booking.Status.WAITLISTED,
            registration__status__in=Registration.HOLDS_PLACE,
        )
        .select_related("registration__applicant", "registration__event", "slot__session")
        .order_by("created_at", "id")[:free]
    )
    now = timezone.now()
    for booking in waiting:
        booking.status = Booking.Status.CONFIRMED
        booking.promoted_at = now
    Booking.objects.bulk_update(waiting, ["status", "promoted_at"])
    for booking in waiting:
        message_to_applicant(
            kind="waitlist_promoted",
            applicant=booking.registration.applicant,
            event=booking.registration.event,
            context={
                "booking": booking,
                "personal_url": registration_personal_url(booking.registration),
            },
            dedupe_key=f"waitlist_promoted:{booking.pk}",
        )
    return waiting


@transaction.atomic
def event_waiting_list_advance(*, event: Event) -> list[Registration]:
    """Give free guest places of an event to the first registrations on its
    waiting list, in order of arrival; their waiting bookings then take the
    free places of their slots. Returns the registrations that moved up."""
    event = _lock_event(event)
    taken = event.registrations.filter(status__in=Registration.HOLDS_PLACE).count()
    free = event.capacity - taken
    if free <= 0:
        return []
    waiting = list(
        event.registrations.filter(status=Registration.Status.WAITLISTED)
        .select_related("applicant")
        .order_by("created_at", "id")[:free]
    )
    for registration in waiting:
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        slots = Slot.objects.filter(
            bookings__registration=registration, bookings__status=Booking.Status.WAITLISTED
        ).order_by("pk")
        for slot in slots:
            slot_waiting_list_advance(slot=slot)
        registration_confirmation_send(registration=registration)
    return waiting


@transaction.atomic
def registration_bookings_change(*, registration: Registration, slots: Sequence[Slot]) -> None:
    """Make the registration's bookings the given slots: bookings of slots no
    longer chosen are cancelled (their places go to the waiting lists), new
    slots are booked; bookings kept keep their place or their position in the
    waiting list."""
    event = _lock_event(registration.event)
    slots_check(event=event, slots=slots)
    wanted = {slot.pk for slot in slots}
    active = list(registration.bookings.exclude(status=Booking.Status.CANCELLED))
    for booking in active:
        if booking.slot_id not in wanted:
            _booking_cancel(booking)
    kept = {booking.slot_id for booking in active}
    for slot in sorted(slots, key=lambda slot: slot.pk):
        if slot.pk not in kept:
            booking_create(registration=registration, slot=slot)
    registration_confirmation_send(registration=registration)


def _registration_release(registration: Registration) -> None:
    """Cancel a registration and all its bookings and hand the places on."""
    was_holding = _holds_place(registration)
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    for booking in registration.bookings.exclude(status=Booking.Status.CANCELLED).order_by(
        "slot_id"
    ):
        _booking_cancel(booking)
    if was_holding:
        event_waiting_list_advance(event=registration.event)


@transaction.atomic
def registration_cancel(*, registration: Registration) -> None:
    """Cancel a whole registration: the guest place and every slot place go
    to the first people waiting for them at once."""
    _lock_event(registration.event)
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
    German level, trades of interest, experience and interpreter need. Names,
    contact, free text and the messages sent to them are gone.
    """
    now = timezone.now()
    registrations = applicant.registrations.select_related("event").order_by("event_id")
    for registration in registrations:
        if registration.event.ends_at > now:
            _lock_event(registration.event)
            registration.refresh_from_db()
            if registration.status != Registration.Status.CANCELLED:
                _registration_release(registration)
    Message.objects.filter(applicant=applicant).delete()
    applicant.first_name = ""
    applicant.last_name = ""
    applicant.email = ""
    applicant.phone = ""
    applicant.spoken_languages = []
    applicant.questions = ""
    applicant.anonymised_at = now
    applicant.save()


def registration_confirmation_send(*, registration: Registration) -> list[Message]:
    """Send the applicant what they booked, when and where, with their personal
    link and a calendar file; after sign-up and after every change."""
    applicant = registration.applicant
    with translation.override(applicant.language):
        bookings = list(registration_bookings(registration=registration))
        calendar = exports.registration_calendar(registration=registration, bookings=bookings)
    return message_to_applicant(
        kind="registration_confirmed",
        applicant=applicant,
        event=registration.event,
        context={
            "registration": registration,
            "bookings": bookings,
            "personal_url": registration_personal_url(registration),
        },
        attachments=[{"filename": "jobfair.ics", "content": calendar, "mimetype": "text/calendar"}],
    )


@transaction.atomic
def registration_links_resend(*, email: str = "", phone: str = "") -> int:
    """Send the personal links of all current registrations made with this
    e-mail address or mobile number again, to the contact on record. Returns
    how many registrations were found (never shown to the person asking)."""
    registrations = list(registrations_current_for_contact(email=email, phone=phone))
    for registration in registrations:
        registration_confirmation_send(registration=registration)
    return len(registrations)
