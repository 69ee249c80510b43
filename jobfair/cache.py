"""The cache (Redis in production) is a help, never a condition: when it is
unreachable the pages work without it. Callers catch ``CACHE_ERRORS``; the
``page_*`` helpers do so themselves."""

import contextlib
import time

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


def page_keep(key: str, body, seconds: int) -> None:
    with contextlib.suppress(*CACHE_ERRORS):
        cache.set(key, body, seconds)


# Public pages this process read from the cache lately, with the moment they
# were made: read again without asking Redis, never past their time.
_public_here: dict[str, tuple[float, bytes]] = {}
_PUBLIC_HERE_MOST = 500


def public_page_cached(key: str, seconds: int) -> bytes | None:
    """A public page kept with ``public_page_keep`` within ``seconds`` of its
    making: from this process when it read it lately, else from the cache.
    Only for pages the same for everyone, which nobody drops early."""
    now = time.time()
    made, body = _public_here.get(key, (0.0, None))
    if body is not None and now - made < seconds:
        return body
    kept = page_cached(key)
    if kept is None:
        return None
    made, body = kept
    if now - made >= seconds:
        return None
    if len(_public_here) >= _PUBLIC_HERE_MOST:
        _public_here.clear()
    _public_here[key] = (made, body)
    return body


def public_page_keep(key: str, body: bytes, seconds: int) -> None:
    page_keep(key, (time.time(), body), seconds)


def public_pages_forget_here() -> None:
    """Forget the public pages this process read (the cache keeps them)."""
    _public_here.clear()


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
