"""Writes for events: what organisers do to their events and programmes.

What such a change does to people's places (waiting lists moving on,
cancellations told) is the applicants app's: ``applicants.services.programme``
calls these functions and looks after the people."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events import selectors
from events.models import Event, Organisation, Session, Slot, Venue

GERMAN_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _unique_slug(title: str) -> str:
    base = slugify(title.lower().translate(GERMAN_TRANSLITERATION))[:80] or "event"
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def venue_get_or_create(
    *, name: str, street: str, postcode: str, city: str, directions: str = ""
) -> Venue:
    """The venue of that name in that city; created with the address (and
    how to get there) if new."""
    venue, _created = Venue.objects.get_or_create(
        name=name,
        city=city,
        defaults={"street": street, "postcode": postcode, "directions": directions},
    )
    return venue


@transaction.atomic
def event_create(
    *, organisations: list[Organisation], slug: str | None = None, **fields: Any
) -> Event:
    """Create an event as a draft: invisible to the public until published.
    ``slug`` is a chosen address; otherwise one made from the title.
    ``fields`` are model fields (``title_de``, ``venue``, ``starts_at`` …)."""
    event = Event(**fields, status=Event.Status.DRAFT)
    if slug is None:
        slug = _unique_slug(fields.get("title_de") or fields.get("title", ""))
    event.slug = slug
    event.full_clean(exclude=["organisations"])
    event.save()
    event.organisations.set(organisations)
    return event


@transaction.atomic
def event_update(*, event: Event, organisations: list[Organisation], **fields: Any) -> Event:
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


def room_check_free(
    *,
    session: Session,
    intervals: Sequence[tuple[datetime, datetime]],
    exclude_ids: Iterable[int] = (),
) -> None:
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
                "start": date_format(timezone.localtime(clash.starts_at), "SHORT_DATETIME_FORMAT"),
                "end": time_format(timezone.localtime(clash.ends_at), "TIME_FORMAT"),
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
    """Move or resize a slot; refused when it would overlap another slot in
    the same room."""
    room_check_free(session=slot.session, intervals=[(starts_at, ends_at)], exclude_ids=[slot.pk])
    slot.starts_at, slot.ends_at, slot.capacity = starts_at, ends_at, capacity
    slot.full_clean()
    slot.save()
    return slot
