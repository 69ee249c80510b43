"""The one lock order for places.

Places are counted under row locks, so concurrent sign-ups on PostgreSQL
queue up behind each other instead of both taking the last place. Every
function that changes places takes the event's row first and then the rows
of the slots it touches, in id order, through ``places_lock``: two of them
never wait for each other. Locking a row twice in one transaction is free.

Only registrations that hold one of the event's guest places hold a place in
a slot: while a registration waits for the event, its bookings wait too.
"""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from applicants.models import Booking, Registration
from events.models import Event, Slot


def places_lock(
    *, event: Event | int, slots: Iterable[Slot | int] = ()
) -> tuple[Event, list[Slot]]:
    """Lock the event's row, then the slots' rows in id order; return them
    fresh from the database (capacities as they are now)."""
    event_id = event if isinstance(event, int) else event.pk
    locked_event = Event.objects.select_for_update().get(pk=event_id)
    ids = sorted({slot if isinstance(slot, int) else slot.pk for slot in slots})
    locked_slots = (
        list(Slot.objects.select_for_update().filter(pk__in=ids).order_by("pk")) if ids else []
    )
    return locked_event, locked_slots


def guest_places_free(*, event: Event) -> int:
    """The event's guest places nobody holds (negative when a capacity was
    lowered below them). The caller holds the event's row lock."""
    return event.capacity - event.registrations.filter(status__in=Registration.HOLDS_PLACE).count()


def slot_places_free(*, slot: Slot) -> int:
    """The slot's places without a confirmed booking. The caller holds the
    slot's row lock."""
    return slot.capacity - slot.bookings.filter(status=Booking.Status.CONFIRMED).count()


def guest_status(*, event: Event) -> str:
    """Registered while the event has guest places, else waiting. The caller
    holds the event's row lock."""
    if guest_places_free(event=event) > 0:
        return Registration.Status.REGISTERED
    return Registration.Status.WAITLISTED


def slots_check(*, event: Event, slots: Sequence[Slot]) -> None:
    """Raise ``ValidationError`` unless every slot belongs to the event, its
    session takes place, and no two of them overlap in time: a person can be
    in one workshop at a time."""
    if any(slot.session.event_id != event.pk for slot in slots):
        raise ValidationError(_("Please choose workshops of this event only."), code="foreign")
    if any(slot.session.is_cancelled for slot in slots):
        raise ValidationError(_("This session is cancelled."), code="cancelled")
    ordered = sorted(slots, key=lambda slot: slot.starts_at)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.overlaps(later):
            raise ValidationError(
                _("“%(first)s” and “%(second)s” take place at the same time. Please choose one.")
                % {"first": earlier.session.title, "second": later.session.title},
                code="overlap",
            )
