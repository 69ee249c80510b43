"""The settings read the environment: checked in fresh interpreters, since
settings are loaded once per process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PRINT_ENGINE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL)"
)
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 40 + "production-like-secret",
    "ALLOWED_HOSTS": "jobmesse.example.org",
    "DEFAULT_FROM_EMAIL": "Jobmesse <jobmesse@example.org>",
}
# A plain-http request through the whole middleware stack, outside the test
# environment (which would switch the redirect off).
PLAIN_HTTP_ANSWERS = (
    "import django; django.setup(); from django.test import Client; "
    "client = Client(HTTP_HOST='jobmesse.example.org'); "
    "answers = [client.get(path) for path in ('/', '/healthz')]; "
    "print(*[(a.status_code, a.get('Location', '-')) for a in answers])"
)
PRINT_SSL_REDIRECT = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.SECURE_SSL_REDIRECT)"
)
# What the tests' own process was given (pytest.ini) or set itself (the
# browser tests relax Django's async guard) is not passed on.
SET_BY_PYTEST = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "CELERY_BROKER_URL",
    "DEFAULT_FROM_EMAIL",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _run(code_or_args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in SET_BY_PYTEST}
    clean.update(env, DJANGO_SETTINGS_MODULE="jobfair.settings")
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def test_no_environment_runs_embedded_on_sqlite_and_a_folder_broker():
    result = _run(PRINT_ENGINE, DEBUG="true")
    assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://"]


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    result = _run(
        PRINT_ENGINE,
        SECRET_KEY="x" * 50,
        DEFAULT_FROM_EMAIL="jobmesse@example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/jobfair",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "redis://127.0.0.1:6379/0"]


def test_malformed_database_url_stops_with_one_line():
    result = _run(["manage.py", "check"], DEBUG="true", DATABASE_URL="not-a-url")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Configuration error: DATABASE_URL is malformed: expected sqlite:///path or "
        "postgres://user@host:port/name"
    ]


def test_missing_secret_key_with_debug_off_stops_with_one_line():
    result = _run(["manage.py", "check"], DEBUG="false")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Configuration error: SECRET_KEY must be set when DEBUG is off"
    ]


def test_missing_sender_with_debug_off_stops_with_one_line():
    result = _run(["manage.py", "check"], DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Configuration error: DEFAULT_FROM_EMAIL must be set when DEBUG is off"
    ]


def test_sender_that_is_no_address_stops_with_one_line():
    result = _run(["manage.py", "check"], **PRODUCTION | {"DEFAULT_FROM_EMAIL": "Jobmesse"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Configuration error: DEFAULT_FROM_EMAIL has an invalid value: 'Jobmesse' is no e-mail "
        "address"
    ]


def test_debug_mode_sends_from_a_development_address():
    result = _run(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEFAULT_FROM_EMAIL, settings.SERVER_EMAIL)",
        DEBUG="true",
    )
    assert result.stdout.split() == ["jobfair@localhost", "jobfair@localhost"]


def test_deploy_check_is_clean_with_only_the_required_variables():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_plain_http_is_redirected_to_https_by_default_except_the_health_check():
    result = _run(PLAIN_HTTP_ANSWERS, **PRODUCTION)
    assert result.stdout.strip() == "(301, 'https://jobmesse.example.org/') (200, '-')", (
        result.stderr
    )


def test_redirect_to_https_can_be_left_to_the_proxy():
    result = _run(PRINT_SSL_REDIRECT, **PRODUCTION, SECURE_SSL_REDIRECT="false")
    assert result.stdout.strip() == "False", result.stderr


def test_debug_mode_serves_plain_http():
    result = _run(PRINT_SSL_REDIRECT, DEBUG="true")
    assert result.stdout.strip() == "False", result.stderr


def test_invalid_boolean_names_the_variable():
    result = _run(["manage.py", "check"], DEBUG="maybe")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Configuration error: DEBUG has an invalid value")
