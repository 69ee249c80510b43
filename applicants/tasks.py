from celery import shared_task

from applicants.retention import applicants_anonymise_expired
from applicants.services.reminders import reminders_write_due as _reminders_write_due
from applicants.services.waiting_lists import (
    event_waiting_list_advance as _event_waiting_list_advance,
)
from applicants.services.waiting_lists import (
    slot_waiting_list_advance as _slot_waiting_list_advance,
)
from events.models import Event, Slot


@shared_task
def slot_waiting_list_advance(*, slot_id: int) -> list[int]:
    """Fill the free places of a slot from its waiting list. Returns the ids
    of the bookings moved up."""
    slot = Slot.objects.get(pk=slot_id)
    return [booking.pk for booking in _slot_waiting_list_advance(slot=slot)]


@shared_task
def event_waiting_list_advance(*, event_id: int) -> list[int]:
    """Fill free guest places of an event from its waiting list. Returns the
    ids of the registrations let in."""
    event = Event.objects.get(pk=event_id)
    return [registration.pk for registration in _event_waiting_list_advance(event=event)]


@shared_task
def reminders_write_due() -> int:
    """Run by beat every minute: write the reminders that are due to the
    outbox (delivery follows after the commit); returns how many people."""
    return _reminders_write_due()


@shared_task
def applicants_anonymise_expired_run() -> int:
    """Run daily by beat: anonymise expired applicants; returns how many."""
    return applicants_anonymise_expired().applicants_anonymised
