import pytest
from django.urls import reverse

from applicants.models import Registration
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from events.models import Event
from events.tests.factories import EventFactory
from messaging.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(organisation):
    return EventFactory(organisations=[organisation], status=Event.Status.DRAFT)


def test_publishing_a_draft_makes_its_public_page_appear(organiser_client, client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404
    organiser_client.post(reverse("organise:event_publish", kwargs={"pk": draft.pk}))
    draft.refresh_from_db()
    assert draft.status == Event.Status.PUBLISHED
    assert organiser_client.get(draft.get_absolute_url()).status_code == 200


def test_close_registration_and_reopen(organiser_client, event):
    organiser_client.post(reverse("organise:event_close", kwargs={"pk": event.pk}))
    event.refresh_from_db()
    assert event.status == Event.Status.CLOSED
    organiser_client.post(reverse("organise:event_publish", kwargs={"pk": event.pk}))
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_a_draft_cannot_be_closed(organiser_client, draft):
    response = organiser_client.post(
        reverse("organise:event_close", kwargs={"pk": draft.pk}), follow=True
    )
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT
    assert 'class="alert alert-danger"' in response.content.decode()


def test_publish_and_close_only_by_post(organiser_client, event):
    assert (
        organiser_client.get(reverse("organise:event_close", kwargs={"pk": event.pk})).status_code
        == 405
    )


def test_cancel_records_the_message_and_notifies_everyone_registered(organiser_client, event):
    layla = RegistrationFactory(
        event=event, applicant=ApplicantFactory(first_name="Layla", language="ar")
    )
    olena = RegistrationFactory(
        event=event,
        status=Registration.Status.WAITLISTED,
        applicant=ApplicantFactory(
            first_name="Olena", language="uk", email="", phone="+4915112345678"
        ),
    )
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=event, applicant=ApplicantFactory(consent_at=None))

    response = organiser_client.post(
        reverse("organise:event_cancel", kwargs={"pk": event.pk}),
        {"message": "Wegen Sturmwarnung fällt der Bewerbertag aus."},
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert event.cancellation_message == "Wegen Sturmwarnung fällt der Bewerbertag aus."
    assert event.cancelled_at is not None
    messages = Message.objects.filter(kind="event_cancelled").order_by("recipient")
    assert [(m.recipient, m.channel, m.language) for m in messages] == [
        ("+4915112345678", "sms", "uk"),
        (layla.applicant.email, "email", "ar"),
    ]
    email = messages.get(channel="email")
    assert "Wegen Sturmwarnung fällt der Bewerbertag aus." in email.body_text
    assert "Layla" in email.body_text
    assert event.title_de in email.subject
    assert olena.applicant.messages.count() == 1


def test_cancel_needs_a_message(organiser_client, event):
    RegistrationFactory(event=event)
    response = organiser_client.post(
        reverse("organise:event_cancel", kwargs={"pk": event.pk}), {"message": ""}
    )
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert Message.objects.count() == 0
    assert 'id="error_1_id_message"' in response.content.decode()


def test_cancelled_event_page_says_so(organiser_client, client, event):
    organiser_client.post(
        reverse("organise:event_cancel", kwargs={"pk": event.pk}), {"message": "Fällt aus."}
    )
    content = client.get(event.get_absolute_url()).content.decode()
    assert 'class="alert alert-danger"' in content


def test_cancelling_twice_sends_nothing_more(organiser_client, event):
    RegistrationFactory(event=event)
    url = reverse("organise:event_cancel", kwargs={"pk": event.pk})
    organiser_client.post(url, {"message": "Fällt aus."})
    organiser_client.post(url, {"message": "Fällt wirklich aus."})
    assert Message.objects.count() == 1
    event.refresh_from_db()
    assert event.cancellation_message == "Fällt aus."
