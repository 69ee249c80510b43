"""Celery tasks: each loads its rows and calls the service of its name."""

from celery import shared_task
from django.utils.translation import gettext as _

from events.models import Event
from meetings import services


@shared_task(ignore_result=True)
def talks_schedule_make(*, event_id: int) -> None:
    """Make an event's schedule of talks (a few seconds for the largest fairs).
    An unexpected error is recorded on the plan, so its page stops waiting."""
    event = Event.objects.get(pk=event_id)
    try:
        services.schedule_make(event=event)
    except Exception:
        services.schedule_failed(event=event, problems=[_("An unexpected error occurred.")])
        raise


@shared_task(ignore_result=True)
def talks_publish_notify(*, event_id: int) -> int:
    """Tell everyone their talks once the schedule is published."""
    return services.talks_notify(event=Event.objects.get(pk=event_id))
