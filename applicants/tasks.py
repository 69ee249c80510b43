from celery import shared_task

from applicants.services import slot_waiting_list_advance
from events.models import Slot


@shared_task
def waiting_list_advance(*, slot_id: int) -> list[int]:
    """Fill the free places of a slot from its waiting list (e.g. after an
    organiser raised its capacity). Returns the ids of the bookings moved up."""
    slot = Slot.objects.get(pk=slot_id)
    return [booking.pk for booking in slot_waiting_list_advance(slot=slot)]
