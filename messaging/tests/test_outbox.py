import pytest
from django.db import transaction

from applicants.services.notices import message_to_applicant
from applicants.tests.factories import ApplicantFactory
from employers.services import message_to_employer
from employers.tests.factories import EmployerFactory
from events.tests.factories import EventFactory, SlotFactory
from messaging.models import Channel, Message

pytestmark = pytest.mark.django_db


def _promoted_context(event):
    from applicants.tests.factories import BookingFactory

    booking = BookingFactory(slot=SlotFactory(session__event=event), registration__event=event)
    return {"booking": booking, "personal_url": "http://testserver/me/x/"}


def test_applicant_gets_email_and_sms_in_their_language():
    applicant = ApplicantFactory(language="ar", phone="+4915112345678")
    event = EventFactory(title_de="Bewerbertag", title_ar="يوم المتقدمين")
    messages = message_to_applicant(
        kind="waitlist_promoted",
        applicant=applicant,
        event=event,
        context=_promoted_context(event),
    )
    assert sorted(m.channel for m in messages) == [Channel.EMAIL, Channel.SMS]
    email = next(m for m in messages if m.channel == Channel.EMAIL)
    assert email.recipient == applicant.email
    assert email.language == "ar"
    assert "يوم المتقدمين" in email.subject
    assert 'dir="rtl"' in email.body_html
    assert all(m.status == Message.Status.PENDING for m in messages)


def test_applicant_without_consent_gets_nothing():
    event = EventFactory()
    messages = message_to_applicant(
        kind="waitlist_promoted",
        applicant=ApplicantFactory(consent_at=None),
        event=event,
        context=_promoted_context(event),
    )
    assert messages == []
    assert Message.objects.count() == 0


def test_same_key_is_written_once():
    applicant = ApplicantFactory(phone="")
    event = EventFactory()
    context = _promoted_context(event)
    for _ in range(3):
        message_to_applicant(
            kind="waitlist_promoted",
            applicant=applicant,
            event=event,
            context=context,
            dedupe_key="promotion:1",
        )
    assert Message.objects.filter(dedupe_key="promotion:1:email").count() == 1


def test_rolled_back_change_leaves_nothing_to_send(django_capture_on_commit_callbacks):
    applicant = ApplicantFactory()
    event = EventFactory()
    context = _promoted_context(event)

    def failing_sign_up():
        with transaction.atomic():
            message_to_applicant(
                kind="waitlist_promoted", applicant=applicant, event=event, context=context
            )
            raise RuntimeError("the sign-up failed")

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        failing_sign_up()
    assert Message.objects.count() == 0
    assert callbacks == []


def test_employer_is_written_to_in_german():
    employer = EmployerFactory(name="Dachdeckerei Krause")
    messages = message_to_employer(
        kind="employer_registered",
        employer=employer,
        context={"company_url": "http://x/company/", "sign_in_url": "http://x/sign-in/"},
    )
    assert [(m.recipient, m.language, m.channel) for m in messages] == [
        (employer.email, "de", Channel.EMAIL)
    ]
    assert "Dachdeckerei Krause" in messages[0].subject
