import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in Redis and would outlast a test."""
    cache.clear()
    yield
    cache.clear()
