from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.tests.factories import RegistrationFactory
from applicants.tokens import registration_token
from events.tests.factories import EventFactory
from messaging.models import Message

pytestmark = pytest.mark.django_db

URL = reverse("applicants:link_request")


def _main(response):
    content = response.content.decode()
    return content[content.index("<main") : content.index("</main>")]


def test_navigation_leads_to_the_lost_link_page(client):
    assert URL in client.get(reverse("events:home")).content.decode()


def test_lost_link_is_sent_again_to_the_contact_on_record(client):
    registration = RegistrationFactory(applicant__email="Amal@Example.org")
    response = client.post(URL, {"email": "amal@example.org", "phone": ""})
    assert response.status_code == 200
    message = Message.objects.get(kind="registration_confirmed")
    assert (message.recipient, message.applicant) == ("Amal@Example.org", registration.applicant)
    assert registration_token(registration) not in response.content.decode()


def test_lost_link_by_phone_in_any_spelling(client):
    RegistrationFactory(applicant__email="", applicant__phone="+4915123456789")
    client.post(URL, {"email": "", "phone": "01512 3456789"})
    assert Message.objects.get(kind="registration_confirmed", channel="sms").recipient == (
        "+4915123456789"
    )


def test_unknown_address_gets_the_same_answer_and_no_message(client):
    RegistrationFactory(applicant__email="amal@example.org")
    known = _main(client.post(URL, {"email": "amal@example.org"}))
    unknown = _main(client.post(URL, {"email": "nobody@example.org"}))
    assert known == unknown
    assert Message.objects.filter(recipient="nobody@example.org").count() == 0


def test_past_events_send_no_link(client):
    event = EventFactory(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2)
    )
    RegistrationFactory(event=event, applicant__email="amal@example.org")
    client.post(URL, {"email": "amal@example.org"})
    assert Message.objects.count() == 0


def test_lost_link_needs_an_address(client):
    response = client.post(URL, {"email": "", "phone": ""})
    assert "email" in response.context["form"].errors
    assert Message.objects.count() == 0


def test_lost_link_requests_are_limited_per_contact_from_any_address(client):
    RegistrationFactory(applicant__email="amal@example.org")
    statuses = [
        client.post(URL, {"email": "amal@example.org"}, REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n in range(1, 6)
    ]
    assert statuses == [200] * 3 + [429] * 2
    assert Message.objects.filter(recipient="amal@example.org").count() == 3


def test_many_people_ask_for_their_link_from_one_address(client):
    statuses = [client.post(URL, {"email": f"p{n}@example.org"}).status_code for n in range(50)]
    assert statuses == [200] * 50


@pytest.mark.parametrize(
    ("language", "direction"),
    [("de", "ltr"), ("en", "ltr"), ("ar", "rtl"), ("uk", "ltr"), ("fa", "rtl")],
)
def test_lost_link_page_speaks_every_language(client, language, direction):
    client.cookies["django_language"] = language
    content = client.get(URL).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in content
