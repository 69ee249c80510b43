from celery import shared_task

from applicants import services
from events.models import Event, Slot


@shared_task
def waiting_list_advance(*, slot_id: int) -> list[int]:
    """Fill the free places of a slot from its waiting list (e.g. after an
    organiser raised its capacity). Returns the ids of the bookings moved up."""
    slot = Slot.objects.get(pk=slot_id)
    return [booking.pk for booking in services.slot_waiting_list_advance(slot=slot)]


@shared_task
def event_waiting_list_advance(*, event_id: int) -> list[int]:
    """Fill free guest places of an event from its waiting list (e.g. after an
    organiser raised its capacity). Returns the ids of the registrations let in."""
    event = Event.objects.get(pk=event_id)
    return [registration.pk for registration in services.event_waiting_list_advance(event=event)]


@shared_task
def applicants_retention_run() -> int:
    """Run daily by beat: anonymise expired applicants; returns how many."""
    from applicants.retention import applicants_anonymise_expired

    return applicants_anonymise_expired().applicants_anonymised
