"""Waiting for what a Celery worker in another thread does."""

import time


def wait_for(condition, timeout=30):
    """Poll ``condition`` until it holds or ``timeout`` seconds pass; returns
    whether it held, so tests can assert on it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
