"""Writes for events: what organisers do to their events, programmes, the
employers who attend and the people at the door."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from applicants.models import Booking, Registration
from applicants.tokens import registration_personal_url
from events import selectors
from events.models import Event, Organisation, Session, Slot, Venue
from messaging.services import message_to_applicant

GERMAN_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _unique_slug(title: str) -> str:
    base = slugify(title.lower().translate(GERMAN_TRANSLITERATION))[:80] or "event"
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def venue_get_or_create(*, name: str, street: str, postcode: str, city: str) -> Venue:
    """The venue of that name in that city; created with the address if new."""
    venue, _created = Venue.objects.get_or_create(
        name=name, city=city, defaults={"street": street, "postcode": postcode}
    )
    return venue


@transaction.atomic
def event_create(*, organisations: list[Organisation], **fields) -> Event:
    """Create an event as a draft: invisible to the public until published.
    ``fields`` are model fields (``title_de``, ``venue``, ``starts_at`` …)."""
    event = Event(**fields, status=Event.Status.DRAFT)
    event.slug = _unique_slug(fields.get("title_de") or fields.get("title", ""))
    event.full_clean(exclude=["organisations"])
    event.save()
    event.organisations.set(organisations)
    return event


@transaction.atomic
def event_update(*, event: Event, organisations: list[Organisation], **fields) -> Event:
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean(exclude=["organisations"])
    event.save()
    event.organisations.set(organisations)
    return event


def _event_set_status(*, event: Event, allowed_from: set[str], status: str) -> Event:
    if event.status not in allowed_from:
        raise ValidationError(
            _("This is not possible while the event is “%(status)s”.")
            % {"status": event.get_status_display()}
        )
    event.status = status
    event.save(update_fields=["status"])
    return event


def event_publish(*, event: Event) -> Event:
    """Make a draft (or a closed event) public and open for registration."""
    return _event_set_status(
        event=event,
        allowed_from={Event.Status.DRAFT, Event.Status.CLOSED},
        status=Event.Status.PUBLISHED,
    )


def event_close_registration(*, event: Event) -> Event:
    """Stop new registrations; the public page stays."""
    return _event_set_status(
        event=event, allowed_from={Event.Status.PUBLISHED}, status=Event.Status.CLOSED
    )


@transaction.atomic
def event_cancel(*, event: Event, message: str) -> int:
    """Cancel an event, keep the organisers' message on record and tell every
    applicant still registered, waiting or invited, in their language.
    Returns the number of applicants notified."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("The event is cancelled already."))
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.cancellation_message = message
    event.save(update_fields=["status", "cancelled_at", "cancellation_message"])
    notified = 0
    registrations = event.registrations.exclude(
        status=Registration.Status.CANCELLED
    ).select_related("applicant")
    for registration in registrations:
        sent = message_to_applicant(
            kind="event_cancelled",
            applicant=registration.applicant,
            event=event,
            context={"cancellation_message": message},
            dedupe_key=f"event_cancelled:{event.pk}:{registration.applicant_id}",
        )
        notified += bool(sent)
    return notified


@transaction.atomic
def session_cancel(*, session: Session, message: str) -> int:
    """Cancel a session that cannot take place: its bookings end, it leaves
    the public programme, and everyone who had a place or waited for one is
    told, in their language. Returns the number of applicants notified."""
    session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
    if session.cancelled_at is not None:
        raise ValidationError(_("The session is cancelled already."))
    session.cancelled_at = timezone.now()
    session.cancellation_message = message
    session.save(update_fields=["cancelled_at", "cancellation_message"])
    bookings = Booking.objects.filter(slot__session=session).exclude(
        status=Booking.Status.CANCELLED
    )
    registrations = (
        Registration.objects.filter(bookings__in=bookings)
        .distinct()
        .select_related("applicant", "event__venue")
    )
    affected = list(registrations)
    bookings.update(status=Booking.Status.CANCELLED)
    notified = 0
    for registration in affected:
        sent = message_to_applicant(
            kind="session_cancelled",
            applicant=registration.applicant,
            event=session.event,
            context={
                "session": session,
                "cancellation_message": message,
                "personal_url": registration_personal_url(registration),
            },
            dedupe_key=f"session_cancelled:{session.pk}:{registration.pk}",
        )
        notified += bool(sent)
    return notified


@transaction.atomic
def session_save(*, session: Session) -> Session:
    """Create or change a session. Moving it to another room is refused when
    its slots would overlap others there."""
    if session.pk:
        slots = list(session.slots.values_list("pk", "starts_at", "ends_at"))
        room_check_free(
            session=session,
            intervals=[(start, end) for _pk, start, end in slots],
            exclude_ids=[pk for pk, _start, _end in slots],
        )
    session.full_clean()
    session.save()
    return session


@dataclass(frozen=True)
class SlotSeries:
    """ "3 slots of 45 min from 10:00 with 12 places", with an optional break."""

    day: date
    first_start: time
    count: int
    duration_minutes: int
    capacity: int
    break_minutes: int = 0

    def intervals(self) -> list[tuple[datetime, datetime]]:
        start = timezone.make_aware(datetime.combine(self.day, self.first_start))
        length = timedelta(minutes=self.duration_minutes)
        step = length + timedelta(minutes=self.break_minutes)
        return [(start + step * i, start + step * i + length) for i in range(self.count)]


def room_check_free(*, session: Session, intervals, exclude_ids=()) -> None:
    """Raise a ValidationError naming the clash if a slot of the same event
    and room overlaps one of the intervals."""
    clash = selectors.slot_room_clash(session=session, intervals=intervals, exclude_ids=exclude_ids)
    if clash is not None:
        raise ValidationError(
            _(
                "Room “%(room)s” is already in use from %(start)s to %(end)s "
                "by “%(session)s”. Choose another time or room."
            )
            % {
                "room": session.room,
                "start": timezone.localtime(clash.starts_at).strftime("%d.%m.%Y %H:%M"),
                "end": timezone.localtime(clash.ends_at).strftime("%H:%M"),
                "session": clash.session.title,
            }
        )


@transaction.atomic
def slots_create(*, session: Session, series: SlotSeries) -> list[Slot]:
    """Create a series of slots at once. None is created if one of them would
    overlap another slot in the same room of the event."""
    intervals = series.intervals()
    room_check_free(session=session, intervals=intervals)
    slots = [
        Slot(session=session, starts_at=start, ends_at=end, capacity=series.capacity)
        for start, end in intervals
    ]
    for slot in slots:
        slot.full_clean(validate_unique=False)
    return Slot.objects.bulk_create(slots)


@transaction.atomic
def slot_update(*, slot: Slot, starts_at: datetime, ends_at: datetime, capacity: int) -> Slot:
    """Move or resize a slot. Raising the capacity gives the new places to the
    waiting list at once."""
    from applicants.services import slot_waiting_list_advance

    room_check_free(session=slot.session, intervals=[(starts_at, ends_at)], exclude_ids=[slot.pk])
    slot.starts_at, slot.ends_at, slot.capacity = starts_at, ends_at, capacity
    slot.full_clean()
    slot.save()
    slot_waiting_list_advance(slot=slot)
    return slot


def registration_check_in(*, registration: Registration) -> Registration:
    """Mark an applicant present. Marking twice changes nothing: the first
    time of arrival stays."""
    now = timezone.now()
    Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=True).update(
        checked_in_at=now, status=Registration.Status.ATTENDED, updated_at=now
    )
    registration.refresh_from_db()
    return registration


def _has_active_bookings(slots) -> bool:
    from applicants.models import Booking

    return Booking.objects.filter(slot__in=slots).exclude(status=Booking.Status.CANCELLED).exists()


@transaction.atomic
def slot_delete(*, slot: Slot) -> None:
    """Remove a slot entered by mistake; one with bookings stays, so nobody
    loses a place without being told."""
    if _has_active_bookings([slot]):
        raise ValidationError(_("People have booked this slot: move or cancel them first."))
    slot.delete()


@transaction.atomic
def session_delete(*, session: Session) -> None:
    """Remove a session and its slots, unless someone booked one of them."""
    if _has_active_bookings(session.slots.all()):
        raise ValidationError(_("People have booked this session: move or cancel them first."))
    session.delete()


@transaction.atomic
def booking_move(*, booking, slot: Slot):
    """Move a booking to another slot of the same event: a place there if one
    is free, otherwise the end of its waiting list. The old place goes to the
    old slot's waiting list. Returns the new booking."""
    from applicants.services import booking_cancel, booking_create

    if slot.pk == booking.slot_id:
        return booking
    if slot.session.event_id != booking.slot.session.event_id:
        raise ValidationError(_("The slot belongs to another event."))
    new_booking = booking_create(registration=booking.registration, slot=slot)
    booking_cancel(booking=booking)
    return new_booking


@transaction.atomic
def applicant_register_on_behalf(
    *, event: Event, entered_by, trades, present: bool = False, **applicant_fields
) -> Registration:
    """Register someone who came to the Jobcenter or the door without e-mail
    or smartphone. Staff confirm the person's consent; the registration
    records who entered it. ``present`` checks a walk-in in at once."""
    from applicants.models import Applicant
    from applicants.services import registration_create

    applicant = Applicant(consent_at=timezone.now(), **applicant_fields)
    applicant.full_clean()
    applicant.save()
    applicant.trades.set(trades)
    registration = registration_create(applicant=applicant, event=event, entered_by=entered_by)
    if present:
        registration = registration_check_in(registration=registration)
    return registration


@transaction.atomic
def applicants_invite(*, event: Event, rows, invited_by):
    """Invite the people of a checked import: all of them or, if one row has
    an error, none. Each gets an invitation in their language after the
    commit. ``invited_by`` confirmed that they agreed to be contacted.
    Returns the bulk sending, whose progress organisers can follow."""
    from applicants.models import Applicant
    from applicants.tokens import registration_personal_url
    from messaging.models import Batch

    if any(row.errors for row in rows):
        raise ValidationError(_("Correct the rows with errors first; nothing was imported."))
    batch = Batch.objects.create(
        event=event, kind="event_invitation", total=len(rows), created_by=invited_by
    )
    now, skipped = timezone.now(), 0
    for row in rows:
        applicant = Applicant(
            first_name=row.first_name,
            last_name=row.last_name,
            email=row.email,
            phone=row.phone,
            language=row.language,
            consent_at=now,
        )
        applicant.full_clean()
        applicant.save()
        registration = Registration.objects.create(
            applicant=applicant,
            event=event,
            status=Registration.Status.INVITED,
            entered_by=invited_by,
        )
        # The personal link of an invitation opens the sign-up, filled in.
        sent = message_to_applicant(
            kind="event_invitation",
            applicant=applicant,
            event=event,
            context={"personal_url": registration_personal_url(registration)},
            batch=batch,
            dedupe_key=f"event_invitation:{event.pk}:{applicant.pk}",
        )
        skipped += not sent
    if skipped:
        batch.skipped = skipped
        batch.save(update_fields=["skipped"])
    return batch
