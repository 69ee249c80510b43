import pytest
from django.core.cache import cache

from employers.tests.factories import EmployerFactory


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    # The rate limits count in Redis, which outlives a test's transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client(client):
    """Pages in English, the source language, so tests read the strings the
    templates hold."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def employer():
    return EmployerFactory()


@pytest.fixture
def employer_client(client, employer):
    client.force_login(employer.user)
    return client
