"""Point the Celery app's producers at another broker for a while: a Redis
of a test's own, or a port where nothing listens (Redis down)."""

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
