"""Load benchmark: gunicorn on PostgreSQL with a fair day of 5,000
registrations and a large one of 50,000 with 300 employers, driven by wrk
from a second process. Prints requests/s and p50/p99 per page (gunicorn with
2 workers), each page's throughput as a ratio of a trivial view measured in
the same run, and the sign-up spread over 20 events with 1, 2 and 4 workers;
then the peak memory of the downloads at 5,000 and 50,000 people
(``devtools.memory``, as ``make bench-exports``).

Point it at a database of its own (``make bench-web`` does): it adds its data.
"""

import contextlib
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, F, Q
from django.utils import timezone

from applicants.models import Booking, Registration
from applicants.tokens import registration_token
from devtools.builders import (
    bench_employers_create,
    bench_event_create,
    bench_registrations_create,
)
from devtools.memory import exports_benchmark
from events.models import Session, Slot, Trade

PORT = 8021
# Every request signs a new person up for one of the targets in turn.
SIGN_UP_LUA = """
local counter = 0
local thread_id = 0
local threads = {}
local targets = {%(targets)s}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  thread_id = id
end
request = function()
  counter = counter + 1
  local target = targets[(counter + thread_id) %% #targets + 1]
  local email = "load-" .. thread_id .. "-" .. counter .. "-" .. os.time() .. "@bench.example.org"
  local body = "csrfmiddlewaretoken=%(token)s&first_name=Load&last_name=Test&email=" .. email
    .. "&language=de&german_level=A2&experience_years=1&slots=" .. target[2]
    .. "&consent=on&website="
  return wrk.format("POST", target[1], {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=%(cookie)s",
    ["Referer"] = "http://127.0.0.1:%(port)s" .. target[1],
  }, body)
end
"""


class Command(BaseCommand):
    help = "Load-test the public pages and the sign-up with gunicorn and wrk."

    def add_arguments(self, parser):
        parser.add_argument("--registrations", type=int, default=5000)
        parser.add_argument("--large", type=int, default=50000)
        parser.add_argument("--employers", type=int, default=300)
        parser.add_argument("--events", type=int, default=20)
        parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
        parser.add_argument("--seconds", type=int, default=10)
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument(
            "--memory",
            type=int,
            nargs=2,
            default=[5_000, 50_000],
            metavar=("SMALL", "LARGE"),
            help="the sizes of the exports' peak-memory measurement (make bench-exports)",
        )

    def handle(self, *args, registrations, large, employers, events, workers, memory, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is missing: apt-get install wrk")
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        self.seconds, self.connections = options["seconds"], options["connections"]
        started = time.monotonic()
        fair, small, registration, big, spread = self._prepare(
            registrations=registrations, large=large, employers=employers, events=events
        )
        self.stdout.write(
            f"Prepared in {time.monotonic() - started:.0f} s: {fair.slug} with "
            f"{registrations:,} registrations; {big.slug} with {large:,} registrations and "
            f"{employers} employers; {events} more events. wrk {self.connections} connections, "
            f"{self.seconds} s per line."
        )
        with self._gunicorn(2) as base:
            cookie, token = self._csrf(f"{base}/applicants/events/{fair.slug}/sign-up/")
            lua = functools.partial(self._sign_up_lua, cookie=cookie, token=token)
            pages = [
                ("trivial view (baseline)", "/healthz", None),
                ("public event page (cached 10 s)", fair.get_absolute_url(), None),
                (f"public page, {large:,} + {employers} employers", big.get_absolute_url(), None),
                ("personal page", f"/applicants/me/{registration_token(registration)}/", None),
                ("sign-up POST, one event", self._sign_up_path(fair), lua([(fair, small)])),
            ]
            results = [(label, self._wrk(base + path, script)) for label, path, script in pages]
        self._report(results)
        self.stdout.write(f"\nSign-up POST spread over {events} events, by gunicorn workers:")
        spread_results = []
        for count in workers:
            with self._gunicorn(count) as base:
                url = base + self._sign_up_path(spread[0][0])
                spread_results.append((count, self._wrk(url, lua(spread))))
        self._report_workers(spread_results, baseline=results[0][1]["rps"])
        self._check([fair, *(event for event, _slot in spread)], small)
        # Last: its fairs replace the benchmark's people.
        self.stdout.write("\nPeak memory of the downloads and a bulk sending (tracemalloc):")
        exports_benchmark(sizes=tuple(memory), out=self.stdout)

    def _sign_up_path(self, event):
        return f"/applicants/events/{event.slug}/sign-up/"

    def _sign_up_lua(self, targets, *, cookie, token):
        listed = ", ".join(f'{{"{self._sign_up_path(e)}", "{slot.pk}"}}' for e, slot in targets)
        return SIGN_UP_LUA % {"targets": listed, "token": token, "cookie": cookie, "port": PORT}

    def _prepare(self, *, registrations, large, employers, events):
        """The fair day (``registrations`` spread over 12 workshop slots, and a
        small slot of 50 places that the sign-up load fills), a large fair
        with ``employers``, and ``events`` small ones for the spread sign-up.
        All events are made first: making one removes the benchmark's people."""
        start = timezone.now() + timedelta(days=14)
        fair = bench_event_create(
            slug="bench-web", title="Bewerbertag Lasttest", starts_at=start, capacity=10**6
        )
        big = bench_event_create(
            slug="bench-web-large", title="Großer Bewerbertag", starts_at=start, capacity=10**6
        )
        spread = [
            bench_event_create(
                slug=f"bench-web-{n:02d}", title=f"Bewerbertag {n}", starts_at=start, capacity=10**6
            )
            for n in range(events)
        ]
        trades = [
            Trade.objects.get_or_create(
                slug=f"bench-{number}", defaults={"name_de": f"Handwerk {number}"}
            )[0]
            for number in range(4)
        ]
        slots = self._workshops(fair, trades, capacity=registrations, start=start)
        small = slots.pop()
        people = bench_registrations_create(event=fair, slots=slots, count=registrations)
        big_slots = self._workshops(big, trades, capacity=large, start=start)
        bench_registrations_create(event=big, slots=big_slots, count=large, start=registrations)
        bench_employers_create(event=big, count=employers, trades=trades)
        spread_slots = [
            self._workshops(event, trades[:1], capacity=10**6, start=start)[0] for event in spread
        ]
        return fair, small, people[0], big, list(zip(spread, spread_slots, strict=True))

    def _workshops(self, event, trades, *, capacity, start):
        """Three slots of a workshop per trade, and a last slot of 50 places."""
        slots = []
        for trade in trades:
            session = Session.objects.create(
                event=event, kind=Session.Kind.WORKSHOP, trade=trade, title=f"Lehrkabinett {trade}"
            )
            slots += [
                Slot.objects.create(
                    session=session,
                    starts_at=start + timedelta(hours=hour),
                    ends_at=start + timedelta(hours=hour, minutes=45),
                    capacity=capacity,
                )
                for hour in range(3)
            ]
        slots.append(
            Slot.objects.create(
                session=session,
                starts_at=start + timedelta(hours=5),
                ends_at=start + timedelta(hours=6),
                capacity=50,
            )
        )
        return slots

    @contextlib.contextmanager
    def _gunicorn(self, workers):
        env = {
            **os.environ,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            # wrk speaks plain http to gunicorn, as a proxy in front of it would.
            "SECURE_SSL_REDIRECT": "false",
            "RATE_LIMIT_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
            "CONN_MAX_AGE": "60",
        }
        server = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "jobfair.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        try:
            self._wait_up(server)
            yield f"http://127.0.0.1:{PORT}"
        finally:
            server.terminate()
            server.wait(timeout=30)

    def _wait_up(self, server):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)  # noqa: S310
                return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not start")

    def _csrf(self, url):
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        html = opener.open(url, timeout=10).read().decode()  # noqa: S310
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        cookie = next(c.value for c in jar if c.name == "csrftoken")
        return cookie, token

    def _wrk(self, url, lua):
        args = ["wrk", "-t2", f"-c{self.connections}", f"-d{self.seconds}s", "--latency"]
        with tempfile.TemporaryDirectory() as folder:
            if lua:
                script = Path(folder) / "script.lua"
                script.write_text(lua)
                args += ["-s", str(script)]
            output = subprocess.run(  # noqa: S603
                [*args, url], capture_output=True, text=True, check=True
            ).stdout
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        return {
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
            "p50": re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)[1],
            "p99": re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)[1],
            "errors": int(non_2xx[1]) if non_2xx else 0,
        }

    def _report(self, results):
        baseline = results[0][1]["rps"]
        self.stdout.write(
            f"{'page':<42} {'req/s':>8} {'p50':>9} {'p99':>9} {'ratio':>6} non-2xx/3xx"
        )
        for label, r in results:
            self.stdout.write(
                f"{label:<42} {r['rps']:8.0f} {r['p50']:>9} {r['p99']:>9} "
                f"{r['rps'] / baseline:6.2f} {r['errors']}"
            )

    def _report_workers(self, results, *, baseline):
        first = results[0][1]["rps"]
        self.stdout.write(
            f"{'workers':>7} {'req/s':>8} {'p50':>9} {'p99':>9} {'vs 1 worker':>12} "
            f"{'ratio':>6} non-2xx/3xx"
        )
        for workers, r in results:
            self.stdout.write(
                f"{workers:>7} {r['rps']:8.0f} {r['p50']:>9} {r['p99']:>9} "
                f"{r['rps'] / first:12.2f} {r['rps'] / baseline:6.2f} {r['errors']}"
            )

    def _check(self, events, small):
        """No slot over its capacity, and the small slot's places went to the
        first who came: every confirmed booking was made before every waiting
        one, and the list's order (time, then id) is the order of arrival."""
        overbooked = (
            Slot.objects.filter(session__event__in=events)
            .annotate(
                confirmed=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED))
            )
            .filter(confirmed__gt=F("capacity"))
        )
        signed_up = Registration.objects.filter(
            event__in=events, applicant__email__startswith="load-"
        ).count()
        bookings = list(
            small.bookings.exclude(status=Booking.Status.CANCELLED)
            .order_by("created_at", "id")
            .values_list("id", "status")
        )
        statuses = [status for _pk, status in bookings]
        in_order = [pk for pk, _status in bookings] == sorted(pk for pk, _status in bookings)
        confirmed_first = statuses == sorted(statuses, key=lambda s: s != Booking.Status.CONFIRMED)
        self.stdout.write(
            f"\nsign-ups stored: {signed_up:,}; slots over capacity: {overbooked.count()}; "
            f"the 50-place slot: {statuses.count(Booking.Status.CONFIRMED)} places, "
            f"{statuses.count(Booking.Status.WAITLISTED)} waiting, "
            f"waiting list in arrival order: {'yes' if in_order and confirmed_first else 'NO'}"
        )
