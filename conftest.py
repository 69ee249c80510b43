"""Checks run before any test: the real services must be there.

The suite runs against real PostgreSQL and Redis; when either is down it
stops with one line that says which and how to start it, instead of
skipping or failing test by test.
"""

import asyncio
import fcntl
import os
import shutil
import socket
import time
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from pytest_django.plugin import blocking_manager_key

from events.tests.factories import EventFactory, OrganisationFactory, UserFactory

HOW_TO_START = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no",
}


def _reachable(host, port):
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def pytest_configure(config):
    # Hashing every factory user's password with the production hasher takes
    # a noticeable part of a second each; passwords are not what tests test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_sessionstart(session):
    database = settings.DATABASES["default"]
    redis = urlsplit(settings.REDIS_URL)
    services = [
        ("PostgreSQL", database.get("HOST") or "127.0.0.1", int(database.get("PORT") or 5432)),
        ("Redis", redis.hostname or "127.0.0.1", redis.port or 6379),
    ]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit("The tests need PostgreSQL: set DATABASE_URL=postgres://…", returncode=3)
    for name, host, port in services:
        if not _reachable(host, port):
            pytest.exit(
                f"{name} is not reachable at {host}:{port}; start it with: {HOW_TO_START[name]}",
                returncode=3,
            )


# The migrated, empty test database: made once per run by the first process
# that gets here (the others wait), then copied by PostgreSQL for each
# process (CREATE DATABASE … TEMPLATE) instead of every process migrating.
TEMPLATE_LOCK = settings.BASE_DIR / "var" / "test-template.lock"


def _template_prefix() -> str:
    return f"test_{settings.DATABASES['default']['NAME']}_template_"


def _template_name(config) -> str:
    run = config.workerinput["testrunuid"] if hasattr(config, "workerinput") else os.getpid()
    return f"{_template_prefix()}{run}"[:63]


def _maintenance(sql: str) -> None:
    """Run a statement on the server's own database, outside a transaction
    (CREATE and DROP DATABASE need that)."""
    with connection._nodb_cursor() as cursor:
        cursor.execute(sql)


def _template_make(name: str) -> None:
    """Migrate the template unless another process of the run has; only
    the file lock's holder looks."""
    TEMPLATE_LOCK.parent.mkdir(parents=True, exist_ok=True)
    with open(TEMPLATE_LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                return
        test_settings = connection.settings_dict["TEST"]
        test_name, test_settings["NAME"] = test_settings.get("NAME"), name
        try:
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        finally:
            test_settings["NAME"] = test_name
            connection.close()


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """The test database of this process, a copy of the run's migrated
    template; dropped after the run (also while a thread of a live server
    still holds a connection)."""
    original = connection.settings_dict["NAME"]
    template = _template_name(request.config)
    test_name = connection.creation._get_test_db_name()
    with django_db_blocker.unblock():
        _template_make(template)
        _maintenance(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
        _maintenance(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = test_name
        connection.close()
    yield
    with django_db_blocker.unblock():
        connection.close()
        settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = original
        _maintenance(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')


def _templates_drop(config) -> None:
    """The run's template, and those of runs that ended without dropping
    theirs (a stopped run), after the run."""
    with config.stash[blocking_manager_key].unblock():
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{_template_prefix()}%"]
            )
            names = [row[0] for row in cursor.fetchall()]
        for name in names:
            _maintenance(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def celery_worker_on_redis(transactional_db):
    """A real Celery worker, in a thread of this process, consuming from Redis.

    Tasks run against the test database, so the test must commit what the
    worker reads: it uses ``transactional_db``.
    """
    from celery.contrib.testing.worker import start_worker

    from jobfair.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


class SmtpSink:
    """A real SMTP server in this process (aiosmtpd) that keeps what it receives.

    ``refuse`` holds addresses it answers with 550, as a server does for
    mailboxes that do not exist; ``greylist`` addresses it answers with 450
    (try again later); while ``busy`` it answers every recipient with 451. It
    can be stopped and started again on the same port to play an outage.
    """

    def __init__(self):
        self.received = []
        self.refuse = set()
        self.greylist = set()
        self.busy = False
        # Seconds each message takes to be accepted: a slow server.
        self.delay = 0.0
        self.port = _free_port()
        self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.busy:
            return "451 4.3.0 temporarily unable to accept mail"
        if address in self.greylist:
            return "450 4.2.0 greylisted, try again later"
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(self.delay)
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def subjects(self):
        return sorted(str(message["Subject"]) for message in self.received)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_sink(settings):
    """Django's SMTP backend pointed at a fresh in-process SMTP server."""
    sink = SmtpSink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield sink
    sink.stop()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and kept pages live in the cache (Redis), public
    pages in the process too: they would outlast a test."""
    from django.core.cache import cache

    from jobfair.cache import public_pages_forget_here

    cache.clear()
    public_pages_forget_here()
    yield
    cache.clear()
    public_pages_forget_here()


# An organisation, one of its organisers and an event of theirs: the world of
# most back-office and event tests.


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Jobcenter Leipzig")


@pytest.fixture
def organiser(organisation):
    user = UserFactory(username="simone", email="simone@example.org")
    organisation.members.add(user)
    return user


@pytest.fixture
def event(organisation):
    return EventFactory(organisations=[organisation], title_de="Bewerbertag Bauberufe")


@pytest.fixture
def pages_in_english(client):
    """Pages in English, the source language, so that tests read the strings
    the templates hold (``usefixtures`` for a whole module)."""
    client.cookies["django_language"] = "en"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


# The demo's rows as PostgreSQL's COPY wrote them, a file per table: loaded
# through the services once per test run (by the first process that needs
# them, the others wait), copied back for each module after that (a fraction
# of a second instead of seconds).
DEMO_COPY = settings.BASE_DIR / "var" / "test-demo"


def _demo_folder(config) -> Path:
    """The run's copy: shared by the processes of one parallel run."""
    if hasattr(config, "workerinput"):
        return DEMO_COPY / config.workerinput["testrunuid"]
    return DEMO_COPY / f"single-{os.getpid()}"


def pytest_sessionfinish(session):
    if not hasattr(session.config, "workerinput"):
        _templates_drop(session.config)
        # A parallel run's copy is left to the next run, which removes it:
        # the controller does not know when its processes are done with it.
        shutil.rmtree(_demo_folder(session.config), ignore_errors=True)
        for old in DEMO_COPY.glob("*"):
            if time.time() - old.stat().st_mtime > 3600:
                shutil.rmtree(old) if old.is_dir() else old.unlink()


def _demo_keep(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table == "django_migrations":
                continue
            with (folder / f"{table}.copy").open("wb") as rows:
                cursor.cursor.copy_expert(f'COPY "{table}" TO STDOUT', rows)
    (folder / "complete").touch()


def _demo_restore(folder: Path) -> None:
    copies = sorted(folder.glob("*.copy"))
    tables = ", ".join(f'"{copy.stem}"' for copy in copies)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} CASCADE")
        # The rows are whole as they were: no need to check each reference.
        cursor.execute("SET LOCAL session_replication_role = replica")
        for copy in copies:
            with copy.open("rb") as rows:
                cursor.cursor.copy_expert(f'COPY "{copy.stem}" FROM STDIN', rows)
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@pytest.fixture(scope="module")
def demo_data(request, django_db_setup, django_db_blocker):
    """The demo data, committed once for a module whose tests only read it,
    and flushed again after the module. Tests that use the ``db`` fixture
    still roll their own changes back."""
    folder = _demo_folder(request.config)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with django_db_blocker.unblock(), open(f"{folder}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (folder / "complete").exists():
            _demo_restore(folder)
        else:
            call_command("load_demo", stdout=None)
            _demo_keep(folder)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
