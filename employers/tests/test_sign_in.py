import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from employers.sign_in import SIGN_IN_LINK_MAX_AGE, sign_in_token_make
from employers.tests.factories import EmployerFactory
from employers.tests.mail_text import in_german
from events.tests.factories import UserFactory
from messaging.models import Message

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("employers:sign_in")


def _link(employer):
    return reverse(
        "employers:sign_in_link", kwargs={"token": sign_in_token_make(user=employer.user)}
    )


def _signed_in_user(client):
    return client.get(reverse("employers:sign_in")).wsgi_request.user


def test_asking_for_a_link_emails_one_that_signs_in(client, employer):
    response = client.post(SIGN_IN, {"email": employer.email.upper(), "website": ""})

    assert "we have sent a sign-in link" in response.content.decode()
    message = Message.objects.get()
    assert (message.kind, message.recipient, message.subject) == (
        "employer_sign_in",
        employer.email,
        in_german("Your sign-in link"),
    )
    link = re.search(r"http://\S+/employers/sign-in/\S+/", message.body_text).group(0)
    path = link.removeprefix("http://127.0.0.1:8000")

    assert "Sign in now" in client.get(path).content.decode()
    assert not _signed_in_user(client).is_authenticated
    response = client.post(path)

    assert response.url == reverse("employers:company")
    assert _signed_in_user(client) == employer.user


def test_sign_in_link_email_goes_out_after_commit(
    client, employer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True

    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGN_IN, {"email": employer.email, "website": ""})

    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([employer.email], in_german("Your sign-in link"))
    ]
    assert "/employers/sign-in/" in mail.outbox[0].body


def test_unknown_address_gets_the_same_answer_and_no_email(client):
    response = client.post(SIGN_IN, {"email": "nobody@example.org", "website": ""})

    assert "If a company is registered with nobody@example.org" in response.content.decode()
    assert Message.objects.count() == 0


def test_opening_the_link_does_not_use_it_up(client, employer):
    # Mail scanners open links; only the button signs in.
    link = _link(employer)
    client.get(link)
    client.get(link)
    client.post(link)
    assert _signed_in_user(client) == employer.user


def test_used_link_is_refused_with_a_way_to_get_a_new_one(client, employer):
    link = _link(employer)
    client.post(link)
    client.logout()

    response = client.post(link)

    content = response.content.decode()
    assert response.status_code == 400
    assert in_german("This sign-in link has been used already.") in content
    assert in_german("Send me a sign-in link") in content
    assert not _signed_in_user(client).is_authenticated


def test_expired_link_is_refused(client, employer, monkeypatch):
    link = _link(employer)
    later = time.time() + SIGN_IN_LINK_MAX_AGE + 1
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    response = client.post(link)

    assert response.status_code == 400
    assert "This sign-in link has expired." in response.content.decode()
    assert not _signed_in_user(client).is_authenticated


def test_link_still_valid_shortly_before_it_expires(client, employer, monkeypatch):
    link = _link(employer)
    later = time.time() + SIGN_IN_LINK_MAX_AGE - 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    client.post(link)
    assert _signed_in_user(client) == employer.user


def test_forged_link_is_refused(client, employer):
    other = EmployerFactory()
    token = sign_in_token_make(user=employer.user)
    # Same shape, someone else's user id, the original signature.
    payload, rest = token.split(":", 1)
    forged_payload = sign_in_token_make(user=other.user).split(":", 1)[0]

    for bad in [f"{forged_payload}:{rest}", token[:-3] + "abc", "not-a-token"]:
        response = client.post(reverse("employers:sign_in_link", kwargs={"token": bad}))
        assert response.status_code == 400
        assert "This sign-in link is not valid." in response.content.decode()
    assert not _signed_in_user(client).is_authenticated


def test_link_of_a_user_who_is_not_an_employer_is_refused(client):
    organiser = UserFactory()
    token = sign_in_token_make(user=organiser)
    response = client.post(reverse("employers:sign_in_link", kwargs={"token": token}))
    assert "This sign-in link is not valid." in response.content.decode()


def test_deactivated_login_cannot_ask_for_a_link(client, employer):
    get_user_model().objects.filter(pk=employer.user.pk).update(is_active=False)
    client.post(SIGN_IN, {"email": employer.email, "website": ""})
    assert Message.objects.count() == 0


def test_company_entered_by_organisers_gets_a_login_with_its_first_link(client):
    employer = EmployerFactory(user=None, email="krause@example.org")

    client.post(SIGN_IN, {"email": "krause@example.org", "website": ""})

    employer.refresh_from_db()
    assert employer.user is not None
    assert not employer.user.has_usable_password()
    client.post(_link(employer))
    assert _signed_in_user(client) == employer.user


def test_sign_in_requests_are_rate_limited(client, employer):
    for _ in range(5):
        client.post(SIGN_IN, {"email": employer.email, "website": ""})
    response = client.post(SIGN_IN, {"email": employer.email, "website": ""})
    assert response.status_code == 429
    assert Message.objects.count() == 5


def test_honeypot_on_the_sign_in_form_sends_nothing(client, employer):
    response = client.post(SIGN_IN, {"email": employer.email, "website": "x"})
    assert "This request looks automated." in response.content.decode()
    assert Message.objects.count() == 0


def test_signing_out(employer_client):
    response = employer_client.post(reverse("employers:sign_out"), follow=True)
    assert "You are signed out." in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
