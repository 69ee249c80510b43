import re
import threading
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from applicants.models import Consent, FollowUp, Registration
from applicants.services.consents import consents_set
from applicants.services.follow_ups import (
    KIND,
    follow_ups_due,
    follow_ups_write_due,
)
from applicants.services.registrations import applicant_anonymise
from applicants.tasks import follow_ups_write_due as follow_ups_write_due_task
from applicants.tests.factories import RegistrationFactory
from applicants.tokens import follow_up_url, registration_token
from events.models import Event
from events.tests.factories import EventFactory
from messaging.models import Message
from messaging.tests.waiting import wait_for, worker_idle

BERLIN = ZoneInfo("Europe/Berlin")
FAIR_ENDS = datetime(2026, 11, 12, 16, 0, tzinfo=BERLIN)
DAY_AFTER = datetime(2026, 11, 13, 10, 0, tzinfo=BERLIN)
MINUTE = timedelta(minutes=1)


def _attended(
    ends_at=FAIR_ENDS, *, follow_up=True, status=Registration.Status.ATTENDED, **applicant
):
    """Someone who came to a fair that ended at ``ends_at``, and agreed to
    be asked afterwards (unless ``follow_up`` is false)."""
    event = EventFactory(starts_at=ends_at - timedelta(hours=6), ends_at=ends_at)
    registration = RegistrationFactory(
        event=event,
        status=status,
        **{f"applicant__{key}": value for key, value in applicant.items()},
    )
    purposes = [Consent.Purpose.SIGN_UP] + ([Consent.Purpose.FOLLOW_UP] if follow_up else [])
    consents_set(applicant=registration.applicant, purposes=purposes)
    return registration


def _due(now):
    return sorted((r.pk, r.follow_up_point) for r in follow_ups_due(now=now))


@pytest.mark.django_db
def test_the_first_question_is_due_at_10_berlin_time_the_day_after():
    registration = _attended()
    assert _due(DAY_AFTER - MINUTE) == []
    assert _due(DAY_AFTER) == [(registration.pk, "exit")]


@pytest.mark.django_db
def test_nothing_is_asked_after_the_last_question_closed_nor_between_the_questions():
    registration = _attended()
    six_months = datetime(2027, 5, 13, 10, 0, tzinfo=BERLIN)  # summer time by then
    closes = six_months + timedelta(days=FollowUp.OPEN_DAYS)
    assert _due(DAY_AFTER + timedelta(days=100)) == []
    assert _due(six_months - MINUTE) == []
    assert _due(six_months) == [(registration.pk, "months_6")]
    assert _due(closes - MINUTE) == [(registration.pk, "months_6")]
    assert _due(closes) == []


@pytest.mark.django_db
def test_only_people_who_came_and_agree_to_be_asked_are_asked():
    asked = _attended()
    _attended(status=Registration.Status.REGISTERED)
    _attended(status=Registration.Status.NO_SHOW)
    _attended(follow_up=False)
    withdrawn = _attended()
    consents_set(applicant=withdrawn.applicant, purposes=[Consent.Purpose.FOLLOW_UP], given=False)
    deleted = _attended()
    applicant_anonymise(applicant=deleted.applicant)
    cancelled = _attended()
    Event.objects.filter(pk=cancelled.event_id).update(status=Event.Status.CANCELLED)

    assert _due(DAY_AFTER) == [(asked.pk, "exit")]


@pytest.mark.django_db
def test_when_two_questions_are_open_only_the_later_is_asked():
    """Four weeks after the fair, the first question (open four weeks) is
    still open for someone not asked yet: they get one message, not two."""
    registration = _attended()
    four_weeks = DAY_AFTER + timedelta(days=27)

    assert follow_ups_write_due(now=four_weeks) == 1

    assert list(registration.follow_ups.values_list("point", flat=True)) == ["weeks_4"]
    assert Message.objects.filter(applicant=registration.applicant).count() == 1


@pytest.mark.django_db
def test_each_question_is_written_once_however_often_beat_runs():
    registration = _attended(phone="+4915112345678", language="uk")
    now = DAY_AFTER + timedelta(minutes=5)

    assert follow_ups_write_due(now=now) == 1
    assert follow_ups_write_due(now=now) == 0

    follow_up = registration.follow_ups.get()
    assert (follow_up.point, follow_up.asked_at, follow_up.answer) == ("exit", now, "")
    messages = Message.objects.filter(applicant=registration.applicant)
    assert sorted(messages.values_list("channel", "kind", "language")) == [
        ("email", KIND, "uk"),
        ("sms", KIND, "uk"),
    ]
    email = messages.get(channel="email")
    for answer in FollowUp.Answer.values:
        assert follow_up_url(registration, "exit", answer) in email.body_text
        assert follow_up_url(registration, "exit", answer) in email.body_html
    assert follow_up_url(registration, "exit") in messages.get(channel="sms").body_text


@pytest.mark.django_db
def test_the_next_question_follows_four_weeks_later():
    registration = _attended()
    follow_ups_write_due(now=DAY_AFTER)

    assert follow_ups_write_due(now=DAY_AFTER + timedelta(days=27, minutes=10)) == 1

    assert sorted(registration.follow_ups.values_list("point", flat=True)) == ["exit", "weeks_4"]


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_ask_each_person_once():
    for _ in range(10):
        _attended()
    barrier = threading.Barrier(4)
    errors = []

    def beat():
        try:
            barrier.wait()
            follow_ups_write_due(now=DAY_AFTER)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert FollowUp.objects.count() == 10
    assert Message.objects.filter(kind=KIND).count() == 10
    assert Message.objects.values("applicant").distinct().count() == 10


def _scan_queries(people):
    for _ in range(people):
        _attended()
    with CaptureQueriesContext(connection) as queries:
        assert len(_due(DAY_AFTER)) == people
    return len(queries)


@pytest.mark.django_db
def test_the_scan_reads_as_many_queries_for_many_people_as_for_few():
    few = _scan_queries(2)
    FollowUp.objects.all().delete()
    Registration.objects.all().delete()
    assert _scan_queries(20) == few == 2


# The page of the question.


@pytest.fixture
def question(db):
    """A question asked the day after a fair that ended yesterday (now)."""
    ends = timezone.now() - timedelta(days=2)
    registration = _attended(ends_at=ends, language="en")
    follow_ups_write_due()
    return registration.follow_ups.get()


def _path(follow_up, answer=""):
    url = follow_up_url(follow_up.registration, follow_up.point, answer)
    split = urlsplit(url)
    return split.path + (f"?{split.query}" if split.query else "")


def _send_buttons(content):
    """The values of the buttons that send the answer chosen in the link."""
    return re.findall(
        r'<button type="submit" name="answer" value="([a-z_]*)" class="btn btn-primary', content
    )


def test_opening_the_link_chooses_the_answer_and_changes_nothing(client, question):
    response = client.get(_path(question, "job"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "What are you doing now?" in content
    assert "You chose: <strong>I have a job</strong>" in content
    assert _send_buttons(content) == ["job"]
    question.refresh_from_db()
    assert (question.answer, question.answered_at) == ("", None)


def test_an_unknown_answer_in_the_link_is_ignored(client, question):
    response = client.get(_path(question, "astronaut"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "You chose" not in content
    assert _send_buttons(content) == []


def test_pressing_the_button_records_the_answer_with_its_date(client, question):
    response = client.post(_path(question), {"answer": "apprenticeship"}, follow=True)

    question.refresh_from_db()
    assert question.answer == "apprenticeship"
    assert timezone.now() - question.answered_at < timedelta(seconds=10)
    content = response.content.decode()
    assert "Thank you! Your answer is saved." in content
    assert "<strong>I am doing an apprenticeship</strong>" in content


def test_a_second_answer_replaces_the_first_and_says_so(client, question):
    client.post(_path(question), {"answer": "looking"})
    response = client.post(_path(question), {"answer": "job"}, follow=True)

    question.refresh_from_db()
    assert question.answer == "job"
    assert FollowUp.objects.filter(registration=question.registration).count() == 1
    assert (
        "Your answer was changed from “I am still looking” to “I have a job”."
        in response.content.decode()
    )


def test_the_same_answer_again_keeps_its_date(client, question):
    client.post(_path(question), {"answer": "course"})
    question.refresh_from_db()
    first = question.answered_at

    client.post(_path(question), {"answer": "course"})

    question.refresh_from_db()
    assert (question.answer, question.answered_at) == ("course", first)


def test_an_answer_can_be_withdrawn(client, question):
    client.post(_path(question), {"answer": "internship"})
    response = client.post(_path(question), {"answer": ""}, follow=True)

    question.refresh_from_db()
    assert (question.answer, question.answered_at) == ("", None)
    assert "Your answer is withdrawn." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"answer": "astronaut"}, "This answer is not one of the choices. Please press a button."),
        ({}, "Please press a button to answer."),
    ],
)
def test_a_bad_answer_is_refused_with_a_clear_message_and_changes_nothing(
    client, question, data, message
):
    client.post(_path(question), {"answer": "looking"})

    response = client.post(_path(question), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    question.refresh_from_db()
    assert question.answer == "looking"


@pytest.mark.parametrize("token", ["garbage", "1-fe-abc-0123456789abcdef0123"])
def test_a_broken_link_shows_the_invalid_link_page(client, token):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("applicants:follow_up", args=[token]))
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_a_link_cannot_be_forged_from_another(client, question):
    forged = registration_token(question.registration, "follow_up_exit").replace("-fe-", "-f6-")

    response = client.post(reverse("applicants:follow_up", args=[forged]), {"answer": "job"})

    assert response.status_code == 404
    question.refresh_from_db()
    assert question.answer == ""


def test_a_question_not_asked_is_not_open(client, question):
    later = follow_up_url(question.registration, "weeks_4")

    response = client.post(urlsplit(later).path, {"answer": "job"})

    assert response.status_code == 404
    assert "This question is not open" in response.content.decode()
    assert FollowUp.objects.filter(registration=question.registration).count() == 1


def test_the_question_closes_for_someone_who_no_longer_agrees(client, question):
    consents_set(
        applicant=question.registration.applicant,
        purposes=[Consent.Purpose.FOLLOW_UP],
        given=False,
    )

    response = client.post(_path(question), {"answer": "job"})

    assert response.status_code == 404
    assert "This question is not open" in response.content.decode()
    question.refresh_from_db()
    assert question.answer == ""


@pytest.mark.django_db
def test_the_six_months_link_outlives_the_retention_period_until_its_question_closes(client):
    registration = _attended(ends_at=timezone.now() - timedelta(days=200), language="en")
    FollowUp.objects.create(registration=registration, point="months_6", asked_at=timezone.now())
    path = urlsplit(follow_up_url(registration, "months_6")).path

    assert client.get(path).status_code == 200

    Event.objects.filter(pk=registration.event_id).update(
        starts_at=F("starts_at") - timedelta(days=12), ends_at=F("ends_at") - timedelta(days=12)
    )
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_the_first_link_expires_when_its_question_is_long_closed(client):
    registration = _attended(ends_at=timezone.now() - timedelta(days=31), language="en")
    FollowUp.objects.create(registration=registration, point="exit", asked_at=timezone.now())
    client.cookies["django_language"] = "en"

    response = client.get(urlsplit(follow_up_url(registration, "exit")).path)

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_the_page_speaks_the_applicants_language(client, question):
    applicant = question.registration.applicant
    applicant.language = "ar"
    applicant.save()

    content = client.get(_path(question)).content.decode()

    assert '<html lang="ar" dir="rtl">' in content


# All of it, for real.


def test_the_question_arrives_by_mail_and_one_tap_answers_it(
    client, smtp_sink, celery_worker_on_redis
):
    """The fair ended two days ago (its dates moved into the past): beat's
    task on a real worker writes the question, the SMTP server receives it
    in the applicant's language, and the link of an answer records it."""
    registration = _attended(
        ends_at=timezone.now() - timedelta(days=2), language="uk", email="olena@example.org"
    )

    follow_ups_write_due_task.delay().get(timeout=20)
    follow_ups_write_due_task.delay().get(timeout=20)

    assert wait_for(lambda: len(smtp_sink.received) >= 1, timeout=20)
    assert wait_for(worker_idle)
    (mail,) = smtp_sink.received
    with translation.override("uk"):
        title = Event.objects.get(pk=registration.event_id).title
        subject = gettext("%(title)s: What are you doing now?") % {"title": title}
        hello = gettext("Hello %(name)s,") % {"name": registration.applicant.first_name}
    # A long encoded subject is folded onto its own line: unfolded, it starts
    # with the fold's space, which mail programs drop.
    assert (mail["To"], mail["Subject"].strip()) == ("olena@example.org", subject)
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert hello in text
    assert '<html lang="uk"' in html
    job_link = follow_up_url(registration, "exit", "job")
    assert job_link in text
    assert f'href="{job_link}"' in html

    split = urlsplit(job_link)
    page = client.get(f"{split.path}?{split.query}")
    assert _send_buttons(page.content.decode()) == ["job"]
    client.post(split.path, {"answer": "job"})

    follow_up = FollowUp.objects.get(registration=registration)
    assert (follow_up.point, follow_up.answer) == ("exit", "job")
    assert follow_up.answered_at is not None
