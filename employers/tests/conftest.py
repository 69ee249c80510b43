import pytest
from django.core.cache import cache

from employers.tests.factories import EmployerFactory


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    # The rate limits count in Redis, which outlives a test's transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _in_english(pages_in_english):
    """Every employer test reads the pages in English."""


@pytest.fixture
def employer():
    return EmployerFactory()


@pytest.fixture
def employer_client(client, employer):
    client.force_login(employer.user)
    return client
