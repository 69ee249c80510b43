"""Faults an operator meets, with real processes: a Celery worker killed
with SIGKILL in the middle of its work, then a new one. The outbox must lose
nothing and send at most the one message that was in flight twice."""

import os
import shutil
import signal
import socket
import subprocess
import sys
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from applicants.models import Registration
from applicants.services.notices import free_message_send, free_messages_expand_unfinished
from applicants.tests.sign_up import sign_up
from devtools.builders import bench_registrations_create
from events.tests.factories import SlotFactory
from jobfair.tests.redis_elsewhere import redis_at
from messaging.delivery import LEASE
from messaging.models import Batch, Message
from messaging.tasks import SWEEP_AFTER, messages_dispatch, messages_pending_dispatch
from messaging.tests.factories import MessageFactory
from messaging.tests.waiting import wait_for


@pytest.fixture
def start_worker(smtp_sink, transactional_db):
    """Start a Celery worker as a process of its own, on this test's
    database, broker and SMTP server; every one started is ended after the
    test."""
    started = []
    database = settings.DATABASES["default"]
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_sink.port}",
    }

    def start(redis_url=None):
        env = {**environment, **({"REDIS_URL": redis_url} if redis_url else {})}
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "jobfair",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_a_worker_killed_mid_chunk_loses_nothing_and_repeats_at_most_one(smtp_sink, start_worker):
    smtp_sink.delay = 0.02
    # Two chunks of the dispatch (100 and 50); the worker dies in the first.
    messages = [MessageFactory() for _ in range(150)]
    first = start_worker()
    messages_dispatch(message_ids=[m.pk for m in messages])

    assert wait_for(lambda: len(smtp_sink.received) >= 40, timeout=60)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert Message.objects.filter(status=Message.Status.SENDING).exists()

    start_worker()
    # Minutes later the dead worker's lease has run out (the claim was made
    # for ``LEASE``); beat's sweep hands its messages out again.
    in_flight = Message.objects.filter(status=Message.Status.SENDING)
    assert in_flight.filter(claimed_until__gt=timezone.now() + LEASE / 2).exists()
    in_flight.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert messages_pending_dispatch() > 0
    assert wait_for(
        lambda: Message.objects.filter(status=Message.Status.SENT).count() == 150, timeout=90
    )

    assert Message.objects.exclude(status=Message.Status.SENT).count() == 0
    received = Counter(str(email["To"]) for email in smtp_sink.received)
    assert set(received) == {m.recipient for m in messages}
    assert sum(received.values()) - len(received) <= 1


def test_a_worker_killed_while_writing_a_bulk_sending_resumes_without_duplicates(
    start_worker, organiser, event
):
    """The messages of an organiser's message to 2,000 people are written a
    chunk (of 500) at a time; the worker writing them dies after the first;
    another takes over and everybody gets the message once."""
    bench_registrations_create(event=event, count=2000, languages=["de", "ar", "uk"])
    first = start_worker()
    batch = free_message_send(
        event=event,
        statuses=[Registration.Status.REGISTERED],
        subject="Beginn",
        body="Wir beginnen um 10 Uhr.",
        created_by=organiser,
    )
    assert batch.total == 2000

    assert wait_for(lambda: batch.messages.count() >= 500, timeout=60)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    batch.refresh_from_db()
    assert batch.expanded_at is None

    start_worker()
    assert free_messages_expand_unfinished(older_than=timedelta(0)) == 1
    assert wait_for(
        lambda: Batch.objects.filter(pk=batch.pk, expanded_at__isnull=False).exists(), timeout=90
    )
    written = Counter(batch.messages.values_list("applicant_id", flat=True))
    assert (len(written), set(written.values())) == (2000, {1})


class OwnRedis:
    """A redis-server of the test's own on a free port, to stop and start."""

    def __init__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        assert wait_for(self._answers, timeout=10)

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def own_redis(settings):
    redis = OwnRedis()
    redis.start()
    with redis_at(settings, redis.url):
        yield redis
    if redis.process.poll() is None:
        redis.stop()


def test_redis_stopped_during_sign_ups_and_a_bulk_send_loses_nothing(
    client, own_redis, start_worker, smtp_sink, organiser, event
):
    slot = SlotFactory(session__event=event, capacity=50)
    start_worker(redis_url=own_redis.url)
    answers = [sign_up(client, event, slot, number).status_code for number in range(3)]
    # A message whose retry falls into the outage: its task is lost with Redis.
    retrying = MessageFactory(
        recipient="retry@example.org",
        subject="Erinnerung",
        attempts=2,
        next_attempt_at=timezone.now(),
    )

    own_redis.stop()
    answers += [sign_up(client, event, slot, number).status_code for number in range(3, 6)]
    client.force_login(organiser)
    sent_form = client.post(
        reverse("organise:message_write", args=[event.pk]),
        {"once": "form-1", "group": "registered", "subject": "Beginn", "body": "Um 10 Uhr."},
    )
    answers.append(client.get(event.get_absolute_url()).status_code)
    own_redis.start()

    assert answers == [302] * 6 + [200]
    assert sent_form.status_code == 302
    # Beat, two minutes later: what waited is queued, the sending written.
    messages_pending_dispatch(now=timezone.now() + SWEEP_AFTER)
    assert free_messages_expand_unfinished(older_than=timedelta(0)) == 1
    everyone = {f"person{number}@example.org" for number in range(6)}
    assert wait_for(
        lambda: (
            _delivered(smtp_sink, "Beginn") == everyone
            and _delivered(smtp_sink, "Erinnerung") == {"retry@example.org"}
            and not Message.objects.exclude(status=Message.Status.SENT).exists()
        ),
        timeout=60,
    )
    confirmations = Counter(
        str(email["To"]) for email in smtp_sink.received if str(email["Subject"]) != "Beginn"
    )
    assert confirmations.pop(retrying.recipient) == 1
    assert (set(confirmations), set(confirmations.values())) == (everyone, {1})
    assert Message.objects.exclude(status=Message.Status.SENT).count() == 0


def _delivered(sink, subject):
    return {str(email["To"]) for email in sink.received if str(email["Subject"]) == subject}
