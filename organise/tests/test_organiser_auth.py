import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_organiser_logs_in_and_lands_on_the_dashboard(client, organiser, event):
    response = client.post(
        reverse("login"), {"username": "simone", "password": "secret-password"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("organise:dashboard")
    assert "Bewerbertag Bauberufe" in response.content.decode()


def test_wrong_password_shows_an_error_at_the_top(client, organiser):
    response = client.post(reverse("login"), {"username": "simone", "password": "wrong"})
    assert response.status_code == 200
    assert 'id="form-errors"' in response.content.decode()


def test_login_page_links_to_password_reset(client):
    content = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in content


def test_password_reset_sends_a_link_that_sets_a_new_password(client, organiser, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(reverse("password_reset"), {"email": "simone@example.org"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["simone@example.org"]
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "Ziegel-Mauer-2026", "new_password2": "Ziegel-Mauer-2026"}
    )
    response = client.post(
        reverse("login"), {"username": "simone", "password": "Ziegel-Mauer-2026"}
    )
    assert response["Location"] == reverse("organise:dashboard")


def test_navigation_shows_log_in_to_visitors_and_log_out_form_to_organisers(client, organiser):
    anonymous = client.get(reverse("events:home")).content.decode()
    assert f'href="{reverse("login")}"' in anonymous
    client.force_login(organiser)
    logged_in = client.get(reverse("events:home")).content.decode()
    assert f'href="{reverse("organise:dashboard")}"' in logged_in
    assert f'<form method="post" action="{reverse("logout")}"' in logged_in


def test_log_out_by_post(organiser_client):
    response = organiser_client.post(reverse("logout"))
    assert response.status_code == 200
    assert organiser_client.get(reverse("organise:dashboard")).status_code == 302
