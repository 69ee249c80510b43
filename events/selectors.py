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


def event_public_programme(*, event: Event) -> list[Session]:
    """The sessions of an event with their slots and the places left in each,
    in a fixed number of queries whatever the number of bookings."""
    sessions = list(
        event.sessions.select_related("trade", "venue")
        .prefetch_related(Prefetch("slots", queryset=slots_with_places()))
        .order_by("kind", "title")
    )
    for session in sessions:
        for slot in session.slots.all():
            slot.places_left = max(slot.capacity - slot.confirmed_count, 0)
    return sessions
