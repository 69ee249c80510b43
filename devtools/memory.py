"""Peak memory benchmarks: what the outbox, a bulk sending and the back
office's downloads take at two sizes (``make bench-outbox``, ``make
bench-exports``, and ``make bench-web`` through ``exports_benchmark``).

Each measures the peak of memory Python allocates (tracemalloc) while the
work runs to its end; work that reads in chunks stays flat however many
people or messages there are. They fill the database they run on with
benchmark data: point them at a database of their own. Queued tasks are
removed again: no worker runs.
"""

import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from typing import TextIO

from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from applicants.models import Registration
from applicants.services.notices import free_message_expand, free_message_send
from devtools.builders import (
    bench_employers_create,
    bench_event_create,
    bench_outcomes_create,
    bench_registrations_create,
)
from events.models import Session, Slot, Trade
from jobfair.celery import app as celery_app
from messaging.models import Batch, Message

MIB = 1024 * 1024
# A peak at the larger size below this many times the one at the smaller
# counts as flat (the bound).
FLAT = 2.0
ORGANISER = "bench-organiser"


def peak_memory(work: Callable):
    """Run ``work`` and return (its result, the peak of memory it allocated
    in MiB, seconds)."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = work()
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak / MIB, time.perf_counter() - started


def bulk_sending_peak(size: int) -> tuple[float, float]:
    """An organiser's message to ``size`` people, written by the task's
    service: (peak MiB, seconds)."""
    event = bench_event_create(
        slug="bench-outbox",
        title="Bewerbertag Bench",
        starts_at=timezone.now() + timedelta(days=14),
        capacity=size,
    )
    bench_registrations_create(event=event, count=size, languages=["de", "ar", "uk", "fa"])
    batch = free_message_send(
        event=event,
        statuses=[Registration.Status.REGISTERED],
        subject="Raumänderung",
        body="Wir sind in Halle 2.",
        created_by=None,
    )
    _result, peak, seconds = peak_memory(lambda: free_message_expand(batch=batch))
    celery_app.control.purge()
    assert Batch.objects.get(pk=batch.pk).messages.count() == size
    Message.objects.all().delete()
    return peak, seconds


# The organiser's downloads and pages on an event's people: URL name and
# its arguments after the event's id.
DOWNLOADS = {
    "participants CSV": ("organise:export", ["participants", "csv"]),
    "participants XLSX": ("organise:export", ["participants", "xlsx"]),
    "employers CSV": ("organise:export", ["employers", "csv"]),
    "employers XLSX": ("organise:export", ["employers", "xlsx"]),
    "pseudonymised CSV": ("organise:outcomes_pseudonymised", []),
    "report page": ("organise:report", []),
    "outcomes page": ("organise:outcomes", []),
    "outcomes XLSX": ("organise:outcomes_xlsx", []),
}


def _fair_create(size: int):
    """A fair day that took place, with ``size`` people (five languages,
    two trades, a workshop each, every other one checked in), 30 employers,
    a talk for everyone and follow-up answers. Making it removes the
    benchmark's people and employers made before (``bench_event_create``)."""
    event = bench_event_create(
        slug="bench-exports",
        title="Bewerbertag Bench",
        starts_at=timezone.now() - timedelta(days=1),
        capacity=size,
    )
    trades = [
        Trade.objects.get_or_create(slug=slug, defaults={"name_de": name})[0]
        for slug, name in [("bench-maurer", "Maurer/in"), ("bench-dachdecker", "Dachdecker/in")]
    ]
    session = Session.objects.create(
        event=event, kind=Session.Kind.WORKSHOP, trade=trades[0], title="Lehrkabinett Maurer"
    )
    slots = [
        Slot.objects.create(
            session=session,
            starts_at=event.starts_at + timedelta(hours=hour),
            ends_at=event.starts_at + timedelta(hours=hour, minutes=45),
            capacity=size,
        )
        for hour in (1, 2)
    ]
    registrations = bench_registrations_create(
        event=event,
        count=size,
        slots=slots,
        languages=["de", "ar", "uk", "fa", "en"],
        trades=trades,
        check_in_every_other=True,
    )
    bench_employers_create(event=event, count=30, trades=trades)
    bench_outcomes_create(event=event, registrations=registrations)
    return event


def _organiser(event):
    """A member of the organisation running ``event``."""
    user, _created = get_user_model().objects.get_or_create(username=ORGANISER)
    event.organisations.get().members.add(user)
    return user


def _download(client: Client, url: str) -> int:
    """GET ``url`` and read the response to its end, as a browser would:
    the bytes it sent."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    sent = 0
    for chunk in response.streaming_content if response.streaming else [response.content]:
        sent += len(chunk)
    return sent


def exports_measure(size: int) -> dict[str, tuple[float, float, int]]:
    """Each download of ``DOWNLOADS`` on a fair of ``size`` people, through
    the real views with an organiser signed in: {name: (peak MiB, seconds,
    bytes)}."""
    event = _fair_create(size)
    client = Client()
    client.force_login(_organiser(event))
    measured = {}
    for name, (url_name, args) in DOWNLOADS.items():
        url = reverse(url_name, args=[event.pk, *args])
        sent, peak, seconds = peak_memory(lambda url=url: _download(client, url))
        measured[name] = (peak, seconds, sent)
    return measured


def exports_benchmark(*, sizes: tuple[int, int] = (5_000, 50_000), out: TextIO) -> bool:
    """Measure the downloads and a bulk sending at the two ``sizes`` and
    write a table to ``out``: whether each peak stays within ``FLAT`` times
    the smaller one's. True if all do."""
    small, large = sizes
    # The test client's host, where no ALLOWED_HOSTS of a real site names it.
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        # A small round first: what the first call imports and caches is not
        # what the sizes are compared by.
        exports_measure(100)
        bulk_sending_peak(100)
        rows = {}
        for size in sizes:
            measured = exports_measure(size)
            measured["bulk sending"] = (*bulk_sending_peak(size), 0)
            rows[size] = measured
            out.write(f"measured {size:,} people\n")
    out.write(
        f"{'export':<20} {f'peak at {small:,}':>16} {f'peak at {large:,}':>16} "
        f"{'ratio':>6}  {f'time at {large:,}':>16}\n"
    )
    flat = True
    for name in rows[small]:
        small_peak, large_peak = rows[small][name][0], rows[large][name][0]
        ratio = large_peak / small_peak
        flat &= ratio < FLAT
        verdict = f"< {FLAT:.0f}" if ratio < FLAT else f"NOT < {FLAT:.0f}"
        out.write(
            f"{name:<20} {small_peak:>12.1f} MiB {large_peak:>12.1f} MiB {ratio:>6.2f}  "
            f"{rows[large][name][1]:>14.1f} s  {verdict}\n"
        )
    out.write(
        f"{'all flat' if flat else 'NOT all flat'}: peak at {large:,} / peak at {small:,} "
        f"(1.00 is flat; {large / small:.0f}.00 would grow with the people)\n"
    )
    return flat
