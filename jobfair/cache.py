"""The cache (Redis in production) is a help, never a condition: when it is
unreachable the pages work without it. Callers catch ``CACHE_ERRORS``; the
``page_*`` helpers do so themselves."""

import contextlib

from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

CACHE_ERRORS = (RedisConnectionError, RedisTimeoutError)


# What a cached page holds in place of the CSRF token of the request that
# made it: each visitor's own is filled in when the page is served.
_CSRF_MARK = "csrf-token-of-the-request"


def page_cached(key: str) -> bytes | None:
    """A page kept with ``page_keep``, or None (also when the cache is down)."""
    try:
        return cache.get(key)
    except CACHE_ERRORS:
        return None


def page_keep(key: str, body: bytes, seconds: int) -> None:
    with contextlib.suppress(*CACHE_ERRORS):
        cache.set(key, body, seconds)


def page_forget(keys: list[str]) -> None:
    with contextlib.suppress(*CACHE_ERRORS):
        cache.delete_many(keys)


def page_context(context: dict) -> dict:
    """The context for a page that may be kept: its forms carry a mark for
    the CSRF token instead of this request's."""
    return {**context, "csrf_token": _CSRF_MARK}


def page_response(request, body: bytes) -> HttpResponse:
    """A page made with ``page_context``, with the token of this request."""
    return HttpResponse(body.replace(_CSRF_MARK.encode(), get_token(request).encode()))
