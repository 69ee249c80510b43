"""Waiting for what a Celery worker in another thread does."""

import time

from celery.worker import state as worker_state

from jobfair.celery import app


def wait_for(condition, timeout=30):
    """Poll ``condition`` until it holds or ``timeout`` seconds pass; returns
    whether it held, so tests can assert on it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def worker_idle() -> bool:
    """The Celery worker in this process has nothing left to do: no task
    running, none held for later (a retry's countdown) and none waiting in
    the broker. Nothing more is sent until something new is queued."""
    if worker_state.active_requests or worker_state.reserved_requests:
        return False
    with app.connection_for_read() as connection:
        return connection.default_channel.client.llen(app.conf.task_default_queue) == 0
