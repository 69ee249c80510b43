"""Protection of the public forms against spam bots and floods.

What is limited is what a bot or a flood costs, not how many people share a
network: a class in a computer room, a shelter's Wi-Fi and phones behind a
mobile carrier's NAT all arrive from one address and must get through.

- A honeypot field that people never see (bots fill it in).
- Attempts per contact (``contacts_limit_spend``): the e-mail address or
  mobile number a form sends messages to is counted, whichever address the
  requests come from, so nobody's inbox can be filled with our messages.
- Failed submissions per address (``failure_count``): beyond
  ``FAILURES_FREE`` the address waits, twice as long with each further
  failure. A successful submission takes one failure off, so a group whose
  people make the odd mistake between their sign-ups is never held up.
- POST requests per address (``rate_limited``): a high ceiling against a
  flood from one machine, far above what a group sends.

The counts live in the cache (Redis in production, so they hold across
gunicorn workers). When the cache is unreachable they are kept in the process
instead: a Redis outage must not stop a sign-up rush, and a flood is still
stopped (each gunicorn worker counts on its own until Redis is back, so the
limits are looser by that factor for the time of the outage).
"""

import contextlib
import functools
import logging
import math
import time
from collections.abc import Mapping

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from jobfair.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)
_in_process = LocMemCache(
    "rate-limits-while-the-cache-is-down", {"OPTIONS": {"MAX_ENTRIES": 10000}}
)

HONEYPOT_FIELD = "website"

# Failed submissions an address may make in FAILURES_PERIOD before it waits
# (successful ones take failures off): more than the mistakes a group makes
# between its sign-ups, soon reached by a bot that only ever fails.
FAILURES_FREE = 10
FAILURES_PERIOD = 3600
# The first wait, doubled with every further failure up to the longest: a
# person who mistypes again waits seconds, a bot soon a quarter of an hour.
FAILURE_WAIT_FIRST = 15
FAILURE_WAIT_LONGEST = 900


class HoneypotFormMixin(forms.Form):
    """Adds a field hidden from people; a bot that fills it in gets a form error."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(_("This request looks automated. Please try again."))
        return ""


def client_ip(request) -> str:
    # REMOTE_ADDR is the proxy's address behind a reverse proxy; with
    # SECURE_PROXY_SSL_HEADER on we trust the proxy's X-Forwarded-For.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _in_cache(action, *args):
    """``action(cache, *args)``, or on the in-process cache while the cache is down."""
    try:
        return action(cache, *args)
    except CACHE_ERRORS:
        logger.warning("Cache unreachable: counting in this process")
        return action(_in_process, *args)


def _count(counter, key: str, period: int, attempts: int = 1) -> int:
    """Count ``attempts`` more in the window of ``period`` seconds."""
    counter.add(key, 0, timeout=period)
    try:
        return counter.incr(key, attempts)
    except ValueError:
        # The key expired between add and incr: start a new window.
        counter.set(key, attempts, timeout=period)
        return attempts


def rate_limit_spend(
    request, *, scope: str, limit: int, period: int, per_account: bool = False, count: int = 1
) -> bool:
    """Count ``count`` attempts of this client in ``scope``; whether it is
    over ``limit`` per ``period`` seconds now (see ``rate_limited``)."""
    if not settings.RATE_LIMIT_ENABLED:
        return False
    who = client_ip(request)
    if per_account and request.user.is_authenticated:
        who = f"user-{request.user.pk}"
    spent = _in_cache(_count, f"ratelimit:{scope}:{who}", period, max(count, 1))
    return spent > limit


def contacts_limit_spend(
    *, scope: str, contacts: Mapping[str, str], limit: int, period: int
) -> list[str]:
    """Count one attempt against each contact (an e-mail address or a mobile
    number, by the name of its field); the names of those over ``limit`` per
    ``period`` seconds now.

    E-mail addresses are counted in any case. The cache holds a keyed hash of
    each contact, never the contact itself."""
    if not settings.RATE_LIMIT_ENABLED:
        return []
    over = []
    for name, contact in contacts.items():
        contact = contact.strip().lower()
        if not contact:
            continue
        digest = salted_hmac("jobfair.spam.contact", contact).hexdigest()
        if _in_cache(_count, f"ratelimit:{scope}:contact-{digest}", period) > limit:
            over.append(name)
    return over


def _failures_key(request, scope: str) -> str:
    return f"failures:{scope}:{client_ip(request)}"


def _wait_key(request, scope: str) -> str:
    return f"failures-wait:{scope}:{client_ip(request)}"


def failure_wait(request, *, scope: str) -> int:
    """How many seconds this client's address still has to wait after its
    failed submissions in ``scope`` (0: none)."""
    if not settings.RATE_LIMIT_ENABLED:
        return 0
    until = _in_cache(lambda counter: counter.get(_wait_key(request, scope)))
    return max(0, math.ceil(until - time.time())) if until else 0


def failure_count(request, *, scope: str) -> int:
    """Count a failed submission (form errors, the honeypot) of this client's
    address in ``scope``. Beyond ``FAILURES_FREE`` it starts a wait that
    doubles with every further failure; returns the wait in seconds (0: none)."""
    if not settings.RATE_LIMIT_ENABLED:
        return 0
    failures = _in_cache(_count, _failures_key(request, scope), FAILURES_PERIOD)
    beyond = failures - FAILURES_FREE
    if beyond <= 0:
        return 0
    wait = min(FAILURE_WAIT_FIRST * 2 ** (beyond - 1), FAILURE_WAIT_LONGEST)
    _in_cache(
        lambda counter: counter.set(_wait_key(request, scope), time.time() + wait, timeout=wait)
    )
    return wait


def failure_forgive(request, *, scope: str) -> None:
    """A successful submission of this client's address in ``scope`` takes
    one of its failures off: an address that brings people through is a
    group, not a bot."""
    if not settings.RATE_LIMIT_ENABLED:
        return

    def forgive(counter):
        key = _failures_key(request, scope)
        # A key that expired in between has nothing left to forgive.
        with contextlib.suppress(ValueError):
            if counter.get(key):
                counter.decr(key)

    _in_cache(forgive)


def too_many(request, period: int, *, reason: str = ""):
    """The readable 429 page; ``reason`` says what was too many when it is not
    the forms from the person's connection."""
    response = render(request, "429.html", {"period": period, "reason": reason}, status=429)
    response["Retry-After"] = str(period)
    return response


def rate_limited(
    *,
    scope: str,
    limit: int,
    period: int,
    per_account: bool = False,
    failures: bool = False,
):
    """Answer POST requests beyond ``limit`` per ``period`` seconds and client IP
    with 429 and a readable page. GET requests are never counted. With
    ``per_account``, a signed-in user is counted by their account instead:
    people who share the venue's network do not share one budget. With
    ``failures``, an address that has to wait after its failed submissions
    (``failure_count`` in the same ``scope``) is answered so until the wait
    is over, before the form is looked at."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                if rate_limit_spend(
                    request, scope=scope, limit=limit, period=period, per_account=per_account
                ):
                    return too_many(request, period)
                if failures and (wait := failure_wait(request, scope=scope)):
                    return too_many(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
