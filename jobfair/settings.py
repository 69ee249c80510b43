"""Settings for the job-fair platform, read from the environment (12-factor).

With no environment set the project runs embedded: SQLite, a Celery broker on
the file system and e-mails written to ``var/mail``. Setting ``DATABASE_URL``
and ``REDIS_URL`` gives the production shape on PostgreSQL and Redis.
Every value is parsed strictly: a bad one raises ``ImproperlyConfigured``
naming the variable.
"""

import warnings
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()


def _env_value(name, cast, default):
    try:
        return cast(name, default=default)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"{name} has an invalid value: {exc}") from None


def _env_bool(name, default):
    value = env.str(name, default="").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} has an invalid value: {value!r} is not true or false")


def _database_from_env():
    url = env.str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            config = environ.Env.db_url_config(url)
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from None
    if config.get("ENGINE") not in {
        "django.db.backends.sqlite3",
        "django.db.backends.postgresql",
    }:
        raise ImproperlyConfigured(
            "DATABASE_URL is malformed: expected sqlite:///path or postgres://user@host:port/name"
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL names no database")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Web, worker and beat share the embedded database: write-ahead log,
        # immediate write locks and patience instead of "database is locked".
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    config["ATOMIC_REQUESTS"] = False
    config["CONN_MAX_AGE"] = _env_value("CONN_MAX_AGE", env.int, 0)
    return config


DEBUG = _env_bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105

ALLOWED_HOSTS = _env_value("ALLOWED_HOSTS", env.list, ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = _env_value("CSRF_TRUSTED_ORIGINS", env.list, [])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "events",
    "employers",
    "applicants",
    "meetings",
    "messaging",
    "organise",
    "phonenumber_field",
    "axes",
]
# Demo data and benchmarks: for development (make run), the tests and the
# benchmarks, never in production.
DEVTOOLS = _env_bool("DEVTOOLS", DEBUG)
if DEVTOOLS:
    INSTALLED_APPS.append("devtools")
PHONENUMBER_DEFAULT_REGION = "DE"
PHONENUMBER_DEFAULT_FORMAT = "E164"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as its documentation asks: it turns lockouts into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jobfair.urls"
WSGI_APPLICATION = "jobfair.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "organise:dashboard"

# Password guessing: after 5 failures for one user name from one address,
# that pair is locked for 15 minutes (organisers' and the admin's logins).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Languages of the public side. Arabic and Farsi are written right to left.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("fa", _("Farsi")),
]
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
LOCALE_PATHS = [BASE_DIR / "locale"]
# Every language's own dates with 24-hour times, as on the fair's letters.
FORMAT_MODULE_PATH = ["jobfair.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Redis serves as cache, Celery broker and result store in production.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that is down or hangs must not hold a request up: the
            # pages work without the cache (``jobfair.cache``).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Without Redis, worker and beat talk through a folder: no server needed.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_RESULT_BACKEND = env.str(
    "CELERY_RESULT_BACKEND",
    default=REDIS_URL or f"file://{VAR_DIR / 'celery' / 'results'}",
)
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = str(VAR_DIR / "celery" / "queue")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _queue_dir,
        "data_folder_out": _queue_dir,
        # Where the broadcast exchanges are kept: by default a folder in
        # the working directory.
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Socket timeouts above the worker's 1 s polling of the queue, below a
    # request's patience; a broker that is down is tried twice, not for seconds.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 1,
        "socket_timeout": 3,
        "max_retries": 1,
        "interval_start": 0,
    }
# Queueing a task after a commit must never hold a web request up: one try,
# a short timeout; what could not be queued waits in the outbox for the sweep.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
CELERY_BEAT_SCHEDULE = {
    "reminders-due": {"task": "applicants.tasks.reminders_write_due", "schedule": 60.0},
    "follow-ups-due": {"task": "applicants.tasks.follow_ups_write_due", "schedule": 600.0},
    "outbox-sweep": {"task": "messaging.tasks.messages_pending_dispatch", "schedule": 120.0},
    "bulk-sendings-unfinished": {
        "task": "applicants.tasks.free_messages_expand_unfinished",
        "schedule": 120.0,
    },
    "retention": {
        "task": "applicants.tasks.applicants_anonymise_expired",
        "schedule": crontab(hour=3, minute=15),
    },
}

# E-mail: by default every message is written as a file a person can open;
# EMAIL_URL (smtp://user:password@host:587) sends for real.
if env.str("EMAIL_URL", default=""):
    _email = _env_value("EMAIL_URL", env.email_url, None)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
    EMAIL_PORT = _email.get("EMAIL_PORT") or 25
    EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
    EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
    EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = _env_value("EMAIL_TIMEOUT", env.int, 10)
# Mail from an address nobody reads is refused or filed as spam: outside
# DEBUG the sender must be named, as the secret key must.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="")
if not DEFAULT_FROM_EMAIL:
    if not DEBUG:
        raise ImproperlyConfigured("DEFAULT_FROM_EMAIL must be set when DEBUG is off")
    DEFAULT_FROM_EMAIL = "jobfair@localhost"
if "@" not in parseaddr(DEFAULT_FROM_EMAIL)[1]:
    raise ImproperlyConfigured(
        f"DEFAULT_FROM_EMAIL has an invalid value: {DEFAULT_FROM_EMAIL!r} is no e-mail address"
    )
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# HTTPS unless DEBUG is on: plain http is redirected. Behind a proxy that ends
# TLS, SECURE_PROXY_SSL_HEADER=true trusts its X-Forwarded-Proto (without it
# every request would look like plain http and be redirected for ever); a
# proxy that redirects by itself may turn ours off (SECURE_SSL_REDIRECT=false).
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers ask the server itself over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if _env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = _env_value("SECURE_HSTS_SECONDS", env.int, 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Everything is served from this site: no inline script, no third party.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The QR scanner of the employers' tables decodes in a worker it
        # makes from its own script file (static/vendor/qr-scanner-*).
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # aiosmtpd (the SMTP server of the tests and benchmarks) logs every command.
    "loggers": {"mail.log": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Anonymous visitors get an event's public page from the cache for this many
# seconds: places left may lag that long; the sign-up itself always counts live.
# What other apps hold about an applicant, added to their data download
# (GDPR Art. 15): name in the download → function of the applicant.
APPLICANT_DATA_PARTS = {
    "talks": "meetings.exports.applicant_talks_data",
    "contacts": "meetings.exports.applicant_contacts_data",
}
# What other apps clear of an applicant whose data is deleted or expires:
# functions of the applicant, called before their name and contact go.
APPLICANT_ANONYMISE_PARTS = ["meetings.services.applicant_contacts_anonymise"]
# Messages written with their facts while places are locked, and the function
# that turns the facts into their templates' context (messaging/rendering.py).
MESSAGE_FACTS_CONTEXTS = {
    "registration_confirmed": "applicants.services.notices.registration_confirmation_context",
}
PUBLIC_PAGE_CACHE_SECONDS = _env_value("PUBLIC_PAGE_CACHE_SECONDS", env.int, 10)
# The personal page of someone without a login; their own changes show at once.
PERSONAL_PAGE_CACHE_SECONDS = _env_value("PERSONAL_PAGE_CACHE_SECONDS", env.int, 10)

# Limits on public forms (per contact, per address); only a load test on one
# machine turns them off.
RATE_LIMIT_ENABLED = _env_bool("RATE_LIMIT_ENABLED", True)

# Applicants' personal data is anonymised this many days after their event.
RETENTION_DAYS = _env_value("RETENTION_DAYS", env.int, 180)

# SMS: written to files by default; a real gateway behind SMS_BACKEND.
SMS_BACKEND = env.str("SMS_BACKEND", default="messaging.channels.FileSmsBackend")
SMS_FILE_PATH = env.str("SMS_FILE_PATH", default=str(VAR_DIR / "sms"))
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
SMS_SENDER = env.str("SMS_SENDER", default="Jobmesse")
