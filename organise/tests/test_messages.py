import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Registration
from applicants.services.notices import free_message_expand
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from events.tests.factories import EventFactory, OrganisationFactory, UserFactory
from messaging.models import Batch, Message
from messaging.tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return UserFactory(username="simone")


@pytest.fixture
def event(organiser):
    organisation = OrganisationFactory()
    organisation.members.add(organiser)
    return EventFactory(organisations=[organisation])


def _urls(event):
    message = MessageFactory(event=event, status=Message.Status.FAILED)
    batch = Batch.objects.create(event=event, kind="free_message")
    return [
        ("get", reverse("organise:message_log", args=[event.pk])),
        ("get", reverse("organise:message_write", args=[event.pk])),
        ("get", reverse("organise:batch", args=[event.pk, batch.pk])),
        ("post", reverse("organise:message_retry", args=[event.pk, message.pk])),
    ]


def test_anonymous_is_sent_to_login(client, event):
    for method, url in _urls(event):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_organiser_of_another_organisation_gets_404(client, event):
    stranger = UserFactory(username="stranger")
    OrganisationFactory().members.add(stranger)
    client.force_login(stranger)
    for method, url in _urls(event):
        assert getattr(client, method)(url).status_code == 404


def test_owner_sees_the_pages(client, event, organiser):
    client.force_login(organiser)
    for method, url in _urls(event):
        assert getattr(client, method)(url).status_code in {200, 302}


def test_log_shows_failed_message_with_its_error_and_retry(client, event, organiser):
    message = MessageFactory(
        event=event, status=Message.Status.FAILED, recipient="ali@example.org", last_error="timeout"
    )
    client.force_login(organiser)
    content = client.get(reverse("organise:message_log", args=[event.pk])).content.decode()
    assert "ali@example.org" in content
    assert "timeout" in content
    client.post(reverse("organise:message_retry", args=[event.pk, message.pk]))
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.PENDING, 0)


def test_free_message_goes_to_the_group_and_counts_the_skipped(client, event, organiser):
    RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, applicant=ApplicantFactory(consent_at=None))
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    client.force_login(organiser)

    response = client.post(
        reverse("organise:message_write", args=[event.pk]),
        {
            "once": "form-1",
            "group": "registered",
            "subject": "Raumänderung",
            "body": "Wir sind in Halle 2.",
        },
    )

    batch = Batch.objects.get()
    assert response.status_code == 302
    assert (batch.total, batch.messages.count()) == (4, 0)
    free_message_expand(batch=batch)
    batch.refresh_from_db()
    assert (batch.total, batch.skipped) == (4, 1)
    assert list(batch.messages.values_list("subject", flat=True)) == ["Raumänderung"] * 3
    client.cookies["django_language"] = "en"
    progress = client.get(
        reverse("organise:batch", args=[event.pk, batch.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "hx-trigger" in progress
    assert "Skipped (no consent or no contact): 1" in progress


def test_free_message_form_shows_errors_and_keeps_the_text(client, event, organiser):
    client.force_login(organiser)
    response = client.post(
        reverse("organise:message_write", args=[event.pk]),
        {"group": "registered", "body": "Mein Text"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mein Text" in content
    assert "invalid-feedback" in content
    assert Batch.objects.count() == 0


def _write(client, event, once):
    return client.post(
        reverse("organise:message_write", args=[event.pk]),
        {"once": once, "group": "registered", "subject": "Beginn", "body": "Wir beginnen um 10."},
    )


def test_sending_the_form_twice_sends_once(client, event, organiser):
    RegistrationFactory.create_batch(2, event=event)
    client.force_login(organiser)

    first = _write(client, event, "form-7")
    again = _write(client, event, "form-7")

    batch = Batch.objects.get()
    assert (
        first["Location"]
        == again["Location"]
        == reverse("organise:batch", args=[event.pk, batch.pk])
    )
    free_message_expand(batch=batch)
    free_message_expand(batch=batch)
    assert batch.messages.count() == 2


def test_progress_counts_everyone_from_the_start(client, event, organiser):
    RegistrationFactory.create_batch(3, event=event)
    client.force_login(organiser)
    client.cookies["django_language"] = "en"

    batch_url = _write(client, event, "form-8")["Location"]

    content = client.get(batch_url, headers={"HX-Request": "true"}).content.decode()
    assert "Messages: 3" in content
    assert "Finished." not in content


def test_all_failed_messages_of_a_sending_go_out_again(client, event, organiser):
    batch = Batch.objects.create(event=event, kind="free_message", expanded_at=timezone.now())
    failed = MessageFactory.create_batch(2, event=event, batch=batch, status=Message.Status.FAILED)
    sent = MessageFactory(event=event, batch=batch, status=Message.Status.SENT)
    client.force_login(organiser)

    client.post(reverse("organise:batch_retry", args=[event.pk, batch.pk]))

    assert sorted(Message.objects.filter(batch=batch).values_list("pk", "status")) == sorted(
        [(m.pk, Message.Status.PENDING) for m in failed] + [(sent.pk, Message.Status.SENT)]
    )
