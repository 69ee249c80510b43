from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from applicants.models import Applicant, RetentionLog
from applicants.retention import applicants_anonymise_expired
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _registered(days_since_event_end):
    end = timezone.now() - timedelta(days=days_since_event_end)
    event = EventFactory(starts_at=end - timedelta(hours=6), ends_at=end)
    return RegistrationFactory(event=event, applicant=ApplicantFactory(phone="+4915112345678"))


def test_personal_data_is_removed_after_the_retention_period():
    old = _registered(181)
    recent = _registered(179)

    log = applicants_anonymise_expired(days=180)

    old.applicant.refresh_from_db()
    recent.applicant.refresh_from_db()
    assert (old.applicant.first_name, old.applicant.email, old.applicant.phone) == ("", "", "")
    assert old.applicant.anonymised_at is not None
    assert recent.applicant.email != ""
    assert log.applicants_anonymised == 1
    # The registration stays for the statistics, without a person behind it.
    assert old.applicant.registrations.count() == 1


def test_a_later_event_keeps_the_data():
    old = _registered(400)
    future = EventFactory()
    RegistrationFactory(event=future, applicant=old.applicant)
    applicants_anonymise_expired(days=180)
    old.applicant.refresh_from_db()
    assert old.applicant.anonymised_at is None


def test_running_twice_anonymises_once_and_logs_both_runs():
    _registered(200)
    applicants_anonymise_expired(days=180)
    applicants_anonymise_expired(days=180)
    assert list(RetentionLog.objects.values_list("applicants_anonymised", flat=True)) == [0, 1]


def test_command_uses_the_configured_period(settings):
    settings.RETENTION_DAYS = 30
    _registered(31)
    call_command("anonymise_expired", stdout=None)
    assert Applicant.objects.filter(anonymised_at__isnull=False).count() == 1
    assert RetentionLog.objects.get().retention_days == 30


def test_retention_runs_daily_by_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["retention"]
    assert schedule["task"] == "applicants.tasks.applicants_anonymise_expired"


def test_what_the_person_showed_employers_is_removed_too():
    old = _registered(181)
    old.applicant.talk_line = "Fünf Jahre Maurer in Aleppo"
    old.applicant.talk_pool = True
    old.applicant.save()
    applicants_anonymise_expired(days=180)
    old.applicant.refresh_from_db()
    assert (old.applicant.talk_line, old.applicant.talk_pool) == ("", False)
