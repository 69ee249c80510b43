"""Reads for events: what the public and organisers see."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from events.models import Event, Session, Slot


def events_public_upcoming() -> QuerySet[Event]:
    """Published (or closed) events that have not ended yet, soonest first."""
    return (
        Event.objects.filter(
            status__in=[Event.Status.PUBLISHED, Event.Status.CLOSED],
            ends_at__gte=timezone.now(),
        )
        .select_related("venue")
        .prefetch_related("organisations")
        .order_by("starts_at")
    )


def event_public_get(*, slug: str) -> Event:
    """A published, closed or cancelled event; drafts do not exist for the public."""
    return (
        Event.objects.exclude(status=Event.Status.DRAFT)
        .select_related("venue")
        .prefetch_related("organisations")
        .get(slug=slug)
    )


def slots_with_places() -> QuerySet[Slot]:
    """Slots annotated with ``confirmed_count``; ``places_left`` follows from it."""
    return Slot.objects.annotate(
        confirmed_count=Count("bookings", filter=Q(bookings__status="confirmed"))
    ).order_by("starts_at")


def event_public_programme(*, event: Event, places: bool = True) -> list[Session]:
    """The sessions of an event with their slots and the places left in each,
    in a fixed number of queries whatever the number of bookings. Without
    ``places`` the bookings are not counted (a form that is only checked)."""
    slots = slots_with_places() if places else Slot.objects.order_by("starts_at")
    sessions = list(
        event.sessions.filter(cancelled_at__isnull=True)
        .select_related("trade", "venue")
        .prefetch_related(Prefetch("slots", queryset=slots))
        .order_by("kind", "title")
    )
    if places:
        for session in sessions:
            for slot in session.slots.all():
                slot.places_left = max(slot.capacity - slot.confirmed_count, 0)
    return sessions


# Organisers' reads. Every query starts from the events of the user's
# organisations: an id from a URL never reaches a row of another organisation.


def events_for_organiser(*, user) -> QuerySet[Event]:
    """The events of all organisations the user is a member of."""
    if not user.is_authenticated:
        return Event.objects.none()
    own = Event.objects.filter(organisations__members=user).values("pk")
    return Event.objects.filter(pk__in=own)


def event_organiser_programme(*, event: Event) -> list[Session]:
    """Sessions with their slots and, per slot, confirmed and waiting bookings."""
    slots = Slot.objects.annotate(
        confirmed_count=Count("bookings", filter=Q(bookings__status="confirmed")),
        waitlisted_count=Count("bookings", filter=Q(bookings__status="waitlisted")),
    ).order_by("starts_at")
    return list(
        event.sessions.select_related("trade", "venue")
        .prefetch_related(Prefetch("slots", queryset=slots))
        .order_by("kind", "title_de")
    )


def slot_room_clash(*, session: Session, intervals, exclude_ids=()) -> Slot | None:
    """The first slot of the same event and room that overlaps one of the
    intervals, or None. Sessions without a room never clash."""
    room = session.room.strip()
    if not room or not intervals:
        return None
    overlapping = Q()
    for start, end in intervals:
        overlapping |= Q(starts_at__lt=end, ends_at__gt=start)
    return (
        Slot.objects.filter(session__event_id=session.event_id, session__room__iexact=room)
        .filter(overlapping)
        .exclude(pk__in=list(exclude_ids))
        .select_related("session")
        .order_by("starts_at")
        .first()
    )
