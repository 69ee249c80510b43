from applicants.models import Booking, Registration
from applicants.tasks import event_waiting_list_advance, slot_waiting_list_advance
from applicants.tests.factories import BookingFactory, RegistrationFactory
from jobfair.celery import app


def test_celery_runs_on_redis():
    assert app.conf.broker_url.startswith("redis://")


def test_worker_moves_waiting_list_on_after_capacity_raise(celery_worker_on_redis):
    holder = BookingFactory(slot__capacity=1)
    slot = holder.slot
    waiting = BookingFactory(
        registration=RegistrationFactory(event=slot.session.event),
        slot=slot,
        status=Booking.Status.WAITLISTED,
    )
    slot.capacity = 2
    slot.save()

    result = slot_waiting_list_advance.delay(slot_id=slot.pk)

    assert result.get(timeout=20) == [waiting.pk]
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED


def test_worker_lets_the_event_waiting_list_in_after_capacity_raise(celery_worker_on_redis):
    holder = RegistrationFactory(event__capacity=1)
    event = holder.event
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    event.capacity = 2
    event.save()

    result = event_waiting_list_advance.delay(event_id=event.pk)

    assert result.get(timeout=20) == [waiting.pk]
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED
