"""Load benchmark: gunicorn (2 workers) on PostgreSQL with a fair day of 5,000
registrations, driven by wrk from a second process. Prints requests/s and
p50/p99 per page, and each page's throughput as a ratio of a trivial view
measured in the same run.

Point it at a database of its own (``make bench-web`` does): it adds its data.
"""

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

from applicants.models import Booking
from applicants.tokens import registration_token
from devtools.builders import bench_event_create, bench_registrations_create
from events.models import Session, Slot, Trade

PORT = 8021
SIGN_UP_LUA = """
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  thread_id = id
end
request = function()
  counter = counter + 1
  local email = "load-" .. thread_id .. "-" .. counter .. "-" .. os.time() .. "@bench.example.org"
  local body = "csrfmiddlewaretoken=%(token)s&first_name=Load&last_name=Test&email=" .. email
    .. "&language=de&german_level=A2&experience_years=1&slots=%(slot)s&consent=on&website="
  return wrk.format("POST", "%(path)s", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=%(cookie)s",
    ["Referer"] = "http://127.0.0.1:%(port)s%(path)s",
  }, body)
end
"""


class Command(BaseCommand):
    help = "Load-test the public pages with gunicorn and wrk."

    def add_arguments(self, parser):
        parser.add_argument("--registrations", type=int, default=5000)
        parser.add_argument("--seconds", type=int, default=10)
        parser.add_argument("--connections", type=int, default=16)

    def handle(self, *args, registrations, seconds, connections, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is missing: apt-get install wrk")
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        event, slot, registration = self._prepare(registrations)
        self.stdout.write(
            f"{event.registrations.count()} registrations on {event.slug}; "
            f"gunicorn with 2 workers; wrk {connections} connections, {seconds} s per page"
        )
        server = self._start_gunicorn()
        try:
            base = f"http://127.0.0.1:{PORT}"
            cookie, token = self._csrf(f"{base}/applicants/events/{event.slug}/sign-up/")
            pages = [
                ("trivial view (baseline)", "/healthz", None),
                ("public event page", event.get_absolute_url(), None),
                (
                    "personal page",
                    f"/applicants/me/{registration_token(registration)}/",
                    None,
                ),
                (
                    "sign-up POST (fresh applicants)",
                    f"/applicants/events/{event.slug}/sign-up/",
                    SIGN_UP_LUA
                    % {
                        "token": token,
                        "cookie": cookie,
                        "slot": slot.pk,
                        "path": f"/applicants/events/{event.slug}/sign-up/",
                        "port": PORT,
                    },
                ),
            ]
            results = [
                (label, self._wrk(base + path, lua, seconds, connections))
                for label, path, lua in pages
            ]
        finally:
            server.terminate()
            server.wait(timeout=30)
        self._report(results, event)

    def _prepare(self, count):
        """A fair day with ``count`` registrations spread over 12 slots, and a
        small slot (50 places) that the sign-up load fills up."""
        start = timezone.now() + timedelta(days=14)
        event = bench_event_create(
            slug="bench-web", title="Bewerbertag Lasttest", starts_at=start, capacity=count * 10
        )
        slots = []
        for number in range(4):
            trade, _ = Trade.objects.get_or_create(
                slug=f"bench-{number}", defaults={"name_de": f"Handwerk {number}"}
            )
            session = Session.objects.create(
                event=event, kind=Session.Kind.WORKSHOP, trade=trade, title=f"Lehrkabinett {number}"
            )
            for hour in range(3):
                slots.append(
                    Slot.objects.create(
                        session=session,
                        starts_at=start + timedelta(hours=hour),
                        ends_at=start + timedelta(hours=hour, minutes=45),
                        capacity=count,
                    )
                )
        small = Slot.objects.create(
            session=session,
            starts_at=start + timedelta(hours=5),
            ends_at=start + timedelta(hours=6),
            capacity=50,
        )
        registrations = bench_registrations_create(event=event, slots=slots, count=count)
        return event, small, registrations[0]

    def _start_gunicorn(self):
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
                "2",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)  # noqa: S310
                return server
            except OSError:
                time.sleep(0.3)
        server.terminate()
        raise CommandError("gunicorn did not start")

    def _csrf(self, url):
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        html = opener.open(url, timeout=10).read().decode()  # noqa: S310
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        cookie = next(c.value for c in jar if c.name == "csrftoken")
        return cookie, token

    def _wrk(self, url, lua, seconds, connections):
        args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
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

    def _report(self, results, event):
        baseline = results[0][1]["rps"]
        self.stdout.write(
            f"{'page':<34} {'req/s':>8} {'p50':>9} {'p99':>9} {'ratio':>6} non-2xx/3xx"
        )
        for label, r in results:
            self.stdout.write(
                f"{label:<34} {r['rps']:8.0f} {r['p50']:>9} {r['p99']:>9} "
                f"{r['rps'] / baseline:6.2f} {r['errors']}"
            )
        overbooked = (
            Slot.objects.filter(session__event=event)
            .annotate(
                confirmed=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED))
            )
            .filter(confirmed__gt=F("capacity"))
        )
        signed_up = event.registrations.filter(applicant__email__startswith="load-").count()
        self.stdout.write(
            f"sign-ups stored: {signed_up}; slots over capacity: {overbooked.count()}"
        )
