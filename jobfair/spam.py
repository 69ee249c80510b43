"""Protection of the public forms against spam bots and floods.

Two cheap defences every public form gets: a honeypot field that people never
see (bots fill it in) and a per-IP limit on POST requests counted in the cache
(Redis in production, so the count holds across gunicorn workers).

When the cache is unreachable the limit is counted in the process instead: a
Redis outage must not stop a sign-up rush, and a flood from one address is
still stopped (each gunicorn worker counts on its own until Redis is back, so
the limit is looser by that factor for the time of the outage).
"""

import functools
import logging

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from jobfair.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)
_in_process = LocMemCache(
    "rate-limits-while-the-cache-is-down", {"OPTIONS": {"MAX_ENTRIES": 10000}}
)

HONEYPOT_FIELD = "website"


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
    key = f"ratelimit:{scope}:{who}"
    try:
        spent = _count(cache, key, period, max(count, 1))
    except CACHE_ERRORS:
        logger.warning("Cache unreachable: counting %s in this process", scope)
        spent = _count(_in_process, key, period, max(count, 1))
    return spent > limit


def too_many(request, period: int):
    """The readable 429 page."""
    response = render(request, "429.html", {"period": period}, status=429)
    response["Retry-After"] = str(period)
    return response


def rate_limited(*, scope: str, limit: int, period: int, per_account: bool = False):
    """Answer POST requests beyond ``limit`` per ``period`` seconds and client IP
    with 429 and a readable page. GET requests are never counted. With
    ``per_account``, a signed-in user is counted by their account instead:
    people who share the venue's network do not share one budget."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and rate_limit_spend(
                request, scope=scope, limit=limit, period=period, per_account=per_account
            ):
                return too_many(request, period)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
