import pytest
from django.urls import reverse

from events.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _attempt(client, password):
    return client.post(
        reverse("admin:login"), {"username": "simone", "password": password, "next": "/admin/"}
    )


def test_password_guessing_is_locked_after_five_failures(client):
    UserFactory(username="simone", is_staff=True)
    for _ in range(4):
        assert _attempt(client, "wrong").status_code == 200
    assert _attempt(client, "wrong").status_code == 429
    # Locked: even the right password does not get in now.
    locked = _attempt(client, "secret-password")
    assert locked.status_code == 429
    assert "15" in locked.content.decode()


def test_a_correct_password_resets_the_count(client):
    UserFactory(username="simone", is_staff=True)
    for _ in range(4):
        _attempt(client, "wrong")
    assert _attempt(client, "secret-password").status_code == 302
    client.logout()
    assert _attempt(client, "wrong").status_code == 200
