"""Delivery through a real Celery worker on Redis to a real SMTP server."""

from datetime import timedelta

import pytest
from django.utils import timezone

from messaging import delivery
from messaging.models import Message
from messaging.services import batch_retry_failed
from messaging.tasks import messages_dispatch, messages_pending_dispatch
from messaging.tests.factories import BatchFactory, MessageFactory
from messaging.tests.waiting import wait_for, worker_idle


def _statuses(messages):
    return sorted(Message.objects.get(pk=m.pk).status for m in messages)


@pytest.fixture
def fast_retries(monkeypatch):
    """Pauses between attempts from 0.2 s instead of 10 s: the same doubling
    and jitter, in the time of a test."""
    monkeypatch.setattr(delivery, "FIRST_PAUSE", timedelta(seconds=0.2))
    monkeypatch.setattr(delivery, "LONGEST_PAUSE", timedelta(seconds=1))


def test_message_arrives_as_multipart_with_attachment(smtp_sink, celery_worker_on_redis):
    message = MessageFactory(
        recipient="layla@example.org",
        subject="Ihre Anmeldung",
        body_text="Hallo Layla",
        body_html='<p dir="rtl">مرحبا</p>',
        attachments=[
            {"filename": "termin.ics", "content": "BEGIN:VCALENDAR", "mimetype": "text/calendar"}
        ],
    )
    messages_dispatch(message_ids=[message.pk])

    assert wait_for(lambda: len(smtp_sink.received) == 1)
    received = smtp_sink.received[0]
    assert received["To"] == "layla@example.org"
    assert received["Subject"] == "Ihre Anmeldung"
    parts = {part.get_content_type(): part for part in received.walk()}
    assert parts["text/plain"].get_content().strip() == "Hallo Layla"
    assert "مرحبا" in parts["text/html"].get_content()
    assert parts["text/calendar"].get_filename() == "termin.ics"
    assert wait_for(lambda: _statuses([message]) == ["sent"])


def test_smtp_outage_then_recovery_delivers_each_message_once(
    smtp_sink, celery_worker_on_redis, fast_retries
):
    smtp_sink.stop()
    messages = [MessageFactory() for _ in range(3)]
    messages_dispatch(message_ids=[m.pk for m in messages])

    assert wait_for(lambda: all(m.attempts >= 1 for m in Message.objects.all()))
    assert _statuses(messages) == ["pending"] * 3
    assert "connection" in Message.objects.first().last_error

    smtp_sink.start()
    assert wait_for(lambda: _statuses(messages) == ["sent"] * 3)
    assert wait_for(worker_idle)
    assert smtp_sink.subjects() == sorted(m.subject for m in messages)


def test_refused_address_is_marked_invalid_and_not_retried(
    smtp_sink, celery_worker_on_redis, fast_retries
):
    smtp_sink.refuse.add("nobody@example.org")
    bad = MessageFactory(recipient="nobody@example.org")
    good = MessageFactory(recipient="somebody@example.org")
    messages_dispatch(message_ids=[bad.pk, good.pk])

    assert wait_for(lambda: _statuses([bad, good]) == ["invalid", "sent"])
    bad.refresh_from_db()
    assert bad.attempts == 1
    assert "nobody@example.org" in bad.last_error
    assert [m["To"] for m in smtp_sink.received] == ["somebody@example.org"]


def test_refusal_for_longer_than_five_attempts_still_delivers_each_once(
    smtp_sink, celery_worker_on_redis, fast_retries
):
    """451 to everything for longer than the five attempts that once were
    all a message got: retries go on by time, until its deadline."""
    smtp_sink.busy = True
    messages = [MessageFactory() for _ in range(4)]
    messages_dispatch(message_ids=[m.pk for m in messages])

    assert wait_for(lambda: all(m.attempts >= 7 for m in Message.objects.all()), timeout=60)
    # Not given up: waiting for the next attempt, or in the middle of one.
    assert set(_statuses(messages)) <= {"pending", "sending"}
    smtp_sink.busy = False
    assert wait_for(lambda: _statuses(messages) == ["sent"] * 4, timeout=30)
    assert wait_for(worker_idle)
    assert smtp_sink.subjects() == sorted(m.subject for m in messages)


def test_message_failing_at_its_deadline_fails_and_can_be_sent_again(
    smtp_sink, celery_worker_on_redis, fast_retries, django_capture_on_commit_callbacks
):
    smtp_sink.busy = True
    message = MessageFactory(
        batch=BatchFactory(), deliver_until=timezone.now() + timedelta(seconds=3)
    )
    messages_dispatch(message_ids=[message.pk])

    assert wait_for(lambda: _statuses([message]) == ["failed"], timeout=30)
    message.refresh_from_db()
    assert message.attempts >= 2
    assert "451" in message.last_error

    smtp_sink.busy = False
    with django_capture_on_commit_callbacks(execute=True):
        assert batch_retry_failed(batch=message.batch) == 1
    assert wait_for(lambda: _statuses([message]) == ["sent"])
    assert [m["To"] for m in smtp_sink.received] == [message.recipient]


def test_greylisting_is_tried_again_and_delivered(smtp_sink, celery_worker_on_redis, fast_retries):
    smtp_sink.greylist.add("new@example.org")
    message = MessageFactory(recipient="new@example.org")
    messages_dispatch(message_ids=[message.pk])

    # The first attempt is over when the message leaves "sending".
    assert wait_for(
        lambda: (
            Message.objects.filter(pk=message.pk, attempts__gte=1)
            .exclude(status=Message.Status.SENDING)
            .exists()
        )
    )
    assert _statuses([message]) == ["pending"]
    smtp_sink.greylist.clear()
    assert wait_for(lambda: _statuses([message]) == ["sent"])
    assert [m["To"] for m in smtp_sink.received] == ["new@example.org"]


@pytest.mark.django_db(transaction=True)
def test_sweep_queues_messages_whose_task_was_lost(smtp_sink, celery_worker_on_redis):
    lost = MessageFactory()
    Message.objects.filter(pk=lost.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=10)
    )
    fresh = MessageFactory()

    assert messages_pending_dispatch() == 1
    assert wait_for(lambda: _statuses([lost]) == ["sent"])
    assert Message.objects.get(pk=fresh.pk).status == "pending"
