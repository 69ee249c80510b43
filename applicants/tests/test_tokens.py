from datetime import timedelta

import pytest
from django.core import signing
from django.test import override_settings
from django.utils import timezone
from django.utils.http import int_to_base36

from applicants.tests.factories import RegistrationFactory
from applicants.tokens import (
    registration_from_token,
    registration_personal_url,
    registration_token,
)
from events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_token_leads_back_to_its_registration():
    registration = RegistrationFactory()
    assert registration_from_token(registration_token(registration)) == registration


def test_token_does_not_show_the_id_unsigned():
    registration = RegistrationFactory()
    token = registration_token(registration)
    other = RegistrationFactory()
    forged = token.replace(f"{int_to_base36(registration.pk)}-", f"{int_to_base36(other.pk)}-", 1)
    assert forged != token
    assert registration_from_token(forged) is None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token[:-5],
        lambda token: token.rsplit("-", 1)[0],
        lambda token: token.replace("-p-", "-y-"),
        lambda token: "",
        lambda token: "not-a-token",
        lambda token: signing.dumps("1", salt="applicants.registration.personal-link"),
        lambda token: signing.dumps(1, salt="another-purpose"),
    ],
)
def test_tampered_token_finds_nothing(mangle):
    registration = RegistrationFactory()
    assert registration_from_token(mangle(registration_token(registration))) is None


def test_personal_link_of_the_earlier_format_still_opens_the_page():
    registration = RegistrationFactory()
    earlier = signing.dumps(registration.pk, salt="applicants.registration.personal-link")
    assert registration_from_token(earlier) == registration


def test_token_of_deleted_data_finds_nothing():
    registration = RegistrationFactory(applicant__email="", applicant__anonymised_at=timezone.now())
    assert registration_from_token(registration_token(registration)) is None


@override_settings(SITE_URL="https://jobmesse.example")
def test_personal_url_is_absolute():
    registration = RegistrationFactory()
    url = registration_personal_url(registration)
    assert url == f"https://jobmesse.example/applicants/me/{registration_token(registration)}/"


def test_personal_link_expires_with_the_retention_period(settings):
    settings.RETENTION_DAYS = 30
    ended = timezone.now() - timedelta(days=31)
    old = RegistrationFactory(
        event=EventFactory(starts_at=ended - timedelta(hours=6), ends_at=ended)
    )
    recent = RegistrationFactory()
    assert registration_from_token(registration_token(old)) is None
    assert registration_from_token(registration_token(recent)) == recent
