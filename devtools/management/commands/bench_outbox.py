"""Benchmark: the peak memory of the outbox's sweep and of writing an
organiser's message to many, at two sizes. Both work through ids in chunks,
so their peak should stay flat however many messages or people there are.

Needs PostgreSQL and Redis (``make bench-outbox`` sets them up); it fills the
database it runs on with benchmark data, so point it at a database of its own.
Queued tasks are removed again: no worker runs.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from devtools.memory import bulk_sending_peak, peak_memory
from jobfair.celery import app as celery_app
from messaging.models import Channel, Message
from messaging.tasks import SWEEP_AFTER, messages_pending_dispatch


class Command(BaseCommand):
    help = "Peak memory of the outbox sweep and of a bulk sending at two sizes."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 50_000])

    def handle(self, *args, sizes, **options):
        # A small round first: what the first call imports and caches is not
        # what the sizes are compared by.
        self._sweep(100)
        bulk_sending_peak(100)
        rows = []
        for size in sizes:
            rows.append((size, *self._sweep(size), *bulk_sending_peak(size)))
            self.stdout.write(f"measured {size}")
        self.stdout.write(
            f"{'messages / people':>18} {'sweep peak':>11} {'sweep time':>11} "
            f"{'bulk peak':>10} {'bulk time':>10}"
        )
        for size, sweep_peak, sweep_time, bulk_peak, bulk_time in rows:
            self.stdout.write(
                f"{size:>18,} {sweep_peak:>8.1f} MiB {sweep_time:>9.1f} s "
                f"{bulk_peak:>6.1f} MiB {bulk_time:>8.1f} s"
            )
        (small, small_sweep, _, small_bulk, _), (large, large_sweep, _, large_bulk, _) = rows
        self.stdout.write(
            f"peak at {large:,} / peak at {small:,}: sweep {large_sweep / small_sweep:.2f}, "
            f"bulk sending {large_bulk / small_bulk:.2f} (1.00 is flat; "
            f"{large / small:.0f}.00 would grow with the count)"
        )

    def _sweep(self, size):
        """``size`` messages whose task was lost, queued by one sweep."""
        Message.objects.all().delete()
        due = timezone.now() - SWEEP_AFTER - timedelta(minutes=1)
        Message.objects.bulk_create(
            (
                Message(
                    kind="free_message",
                    channel=Channel.EMAIL,
                    recipient=f"person{n}@bench.example.org",
                    language="de",
                    subject="Bench",
                    body_text="Hallo!",
                    next_attempt_at=due,
                )
                for n in range(size)
            ),
            batch_size=5000,
        )
        celery_app.control.purge()
        queued, peak, seconds = peak_memory(messages_pending_dispatch)
        celery_app.control.purge()
        assert queued == size, (queued, size)
        Message.objects.all().delete()
        return peak, seconds
