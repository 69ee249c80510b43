"""Benchmark: reminders through one Celery worker to a local SMTP sink,
against plain smtplib sending the same messages over one connection.

Needs PostgreSQL and Redis (``make bench-mail`` sets them up); it fills the
database it runs on with benchmark data, so point it at a database of its own.
"""

import os
import smtplib
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from applicants.models import Registration
from applicants.services.reminders import reminders_write_due
from devtools.builders import bench_event_create, bench_registrations_create
from events.models import Session, Slot
from jobfair.celery import app as celery_app
from messaging.models import Message
from messaging.tasks import messages_dispatch


class CountingSink:
    """An aiosmtpd handler that only counts what it receives."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self.lock:
            self.count += 1
        return "250 OK"


class Command(BaseCommand):
    help = "Send N reminders through one Celery worker and compare with plain smtplib."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000)

    def handle(self, *args, count, **options):
        from aiosmtpd.controller import Controller

        if not settings.CELERY_BROKER_URL.startswith("redis://"):
            raise CommandError("The benchmark needs REDIS_URL (a real broker).")
        sink = CountingSink()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            self._prepare(count)
            started = time.perf_counter()
            reminders_write_due(now=timezone.now())
            written = time.perf_counter() - started
            # Beat's path queued the delivery already; the clock for the worker
            # starts below, so those tasks are dropped here.
            celery_app.control.purge()
            ids = list(Message.objects.order_by("pk").values_list("pk", flat=True))
            self.stdout.write(f"reminders written to the outbox: {len(ids)} in {written:.1f} s")

            baseline = self._smtplib_rate(ids, port, build_in_loop=False)
            building = self._smtplib_rate(ids, port, build_in_loop=True)
            sink.count = 0
            Message.objects.update(status=Message.Status.PENDING, attempts=0, sent_at=None)
            worker_rate = self._worker_rate(ids, port, sink)
        finally:
            controller.stop()
        lines = [
            ("plain smtplib, one connection, prebuilt MIME", baseline),
            ("plain smtplib, one connection, building MIME", building),
            ("one Celery worker (2 processes) via the outbox", worker_rate),
        ]
        for label, rate in lines:
            self.stdout.write(f"{label:<48} {rate:8.0f} messages/s")
        self.stdout.write(f"{'ratio worker / smtplib prebuilt':<48} {worker_rate / baseline:8.2f}")
        self.stdout.write(f"{'ratio worker / smtplib building':<48} {worker_rate / building:8.2f}")

    def _prepare(self, count):
        """An event starting in an hour with ``count`` people booked, signed up
        days ago: every one of them is due for the hours-before reminder."""
        Message.objects.all().delete()
        start = timezone.now() + timedelta(hours=1)
        event = bench_event_create(
            slug="bench-mail", title="Bewerbertag Bench", starts_at=start, capacity=count
        )
        session = Session.objects.create(
            event=event, kind=Session.Kind.INFO, title="Infoveranstaltung"
        )
        slot = Slot.objects.create(
            session=session, starts_at=start, ends_at=start + timedelta(hours=1), capacity=count
        )
        bench_registrations_create(
            event=event, slots=[slot], count=count, languages=["de", "en", "ar", "uk", "fa"]
        )
        # Signed up days ago: due for the reminder now.
        Registration.objects.filter(event=event).update(created_at=start - timedelta(days=3))

    def _smtplib_rate(self, ids, port, *, build_in_loop):
        """Plain smtplib over one connection. With ``build_in_loop`` the MIME
        message is built inside the timed loop, as the worker must."""
        messages = list(Message.objects.filter(pk__in=ids).order_by("pk"))

        def payload(message):
            email = EmailMultiAlternatives(
                message.subject, message.body_text, settings.DEFAULT_FROM_EMAIL, [message.recipient]
            )
            if message.body_html:
                email.attach_alternative(message.body_html, "text/html")
            return email.message().as_bytes(linesep="\r\n")

        prebuilt = None if build_in_loop else [payload(m) for m in messages]
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as connection:
            for index, message in enumerate(messages):
                data = payload(message) if build_in_loop else prebuilt[index]
                connection.sendmail(settings.DEFAULT_FROM_EMAIL, [message.recipient], data)
        return len(messages) / (time.perf_counter() - started)

    def _worker_rate(self, ids, port, sink):
        env = {
            **os.environ,
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "LOG_LEVEL": "WARNING",
        }
        worker = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "jobfair",
                "worker",
                "--concurrency=2",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env=env,
        )
        try:
            time.sleep(3)  # let the worker connect before the clock starts
            started = time.perf_counter()
            messages_dispatch(message_ids=ids)
            deadline = started + 600
            while time.perf_counter() < deadline:
                if not Message.objects.filter(status__in=["pending", "sending"]).exists():
                    break
                time.sleep(0.2)
            elapsed = time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        sent = Message.objects.filter(status=Message.Status.SENT).count()
        if sent != len(ids) or sink.count != len(ids):
            raise CommandError(f"only {sent} of {len(ids)} sent, {sink.count} received")
        self.stdout.write(f"worker delivered {sent} messages, the sink received {sink.count}")
        return sent / elapsed
