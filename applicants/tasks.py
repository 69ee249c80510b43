"""Celery tasks: each loads its rows and calls the service of its name."""

from celery import shared_task

from applicants import retention
from applicants.services import follow_ups, notices, reminders, waiting_lists
from events.models import Event, Slot
from messaging.models import Batch


@shared_task
def slot_waiting_list_advance(*, slot_id: int) -> list[int]:
    """Fill the free places of a slot from its waiting list. Returns the ids
    of the bookings moved up."""
    slot = Slot.objects.get(pk=slot_id)
    return [booking.pk for booking in waiting_lists.slot_waiting_list_advance(slot=slot)]


@shared_task
def event_waiting_list_advance(*, event_id: int) -> list[int]:
    """Fill free guest places of an event from its waiting list. Returns the
    ids of the registrations let in."""
    event = Event.objects.get(pk=event_id)
    return [r.pk for r in waiting_lists.event_waiting_list_advance(event=event)]


@shared_task
def reminders_write_due() -> int:
    """Run by beat every minute: write the reminders that are due to the
    outbox (delivery follows after the commit); returns how many people."""
    return reminders.reminders_write_due()


@shared_task
def follow_ups_write_due() -> int:
    """Run by beat every ten minutes: ask the follow-up questions that are
    due (delivery follows after the commit); returns how many people."""
    return follow_ups.follow_ups_write_due()


@shared_task
def applicants_anonymise_expired() -> int:
    """Run daily by beat: anonymise expired applicants; returns how many."""
    return retention.applicants_anonymise_expired().applicants_anonymised


@shared_task(ignore_result=True, name=notices.EXPAND_TASK)
def free_message_expand(*, batch_id: int) -> None:
    """Write the messages of an organiser's message to many."""
    notices.free_message_expand(batch=Batch.objects.get(pk=batch_id))


@shared_task
def free_messages_expand_unfinished() -> int:
    """Run by beat: queue again the bulk sendings left unfinished."""
    return notices.free_messages_expand_unfinished()
