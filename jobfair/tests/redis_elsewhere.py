"""Point the cache and the Celery app's producers at another Redis for a
while: one of a test's own, or a port where nothing listens (Redis down)."""

from contextlib import contextmanager

from jobfair.celery import app as celery_app


@contextmanager
def broker(url: str):
    saved = celery_app.conf.broker_url

    def switch(to):
        celery_app.conf.broker_url = to
        # The producers' connection pools are made for the broker they
        # first met; they are made anew for the other one.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    switch(url)
    try:
        yield
    finally:
        switch(saved)


@contextmanager
def redis_at(settings, url: str):
    """Cache and broker at ``url``; the cache keeps the project's options
    (its short timeouts). ``settings`` is pytest-django's fixture, which puts
    the cache back after the test."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}
    with broker(url):
        yield
