"""The SMS gateway backend against a local fake gateway: the real gateway is a
commercial service outside this project."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from applicants.services.notices import message_to_applicant
from applicants.services.reminders import DAY_BEFORE, reminder_context
from applicants.tests.factories import ApplicantFactory, BookingFactory
from messaging.channels import FileSmsBackend
from messaging.delivery import messages_deliver
from messaging.models import Channel, Message
from messaging.tests.factories import MessageFactory


class FakeGateway(BaseHTTPRequestHandler):
    received = []
    answer = 200
    headers_out = {}

    def do_POST(self):  # noqa: N802
        length = int(self.headers["Content-Length"])
        FakeGateway.received.append(
            {"auth": self.headers["Authorization"], "body": json.loads(self.rfile.read(length))}
        )
        self.send_response(FakeGateway.answer)
        for name, value in FakeGateway.headers_out.items():
            self.send_header(name, value)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    FakeGateway.received = []
    FakeGateway.answer = 200
    FakeGateway.headers_out = {}
    server = HTTPServer(("127.0.0.1", 0), FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "messaging.channels.HttpGatewaySmsBackend"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/messages"
    settings.SMS_GATEWAY_TOKEN = "token-123"
    yield FakeGateway
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_sms_goes_to_the_gateway_with_the_token(gateway):
    message = MessageFactory(channel=Channel.SMS, recipient="+4915112345678", body_text="Morgen!")
    messages_deliver(message_ids=[message.pk])
    assert gateway.received == [
        {
            "auth": "Bearer token-123",
            "body": {"to": "+4915112345678", "text": "Morgen!", "sender": "Jobmesse"},
        }
    ]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


@pytest.mark.django_db
def test_number_refused_by_the_gateway_is_invalid(gateway):
    gateway.answer = 400
    message = MessageFactory(channel=Channel.SMS, recipient="+4915100000000")
    assert messages_deliver(message_ids=[message.pk]) is None
    message.refresh_from_db()
    assert (message.status, message.last_error) == (Message.Status.INVALID, "HTTP 400")


@pytest.mark.django_db
def test_gateway_outage_is_tried_again(gateway):
    gateway.answer = 503
    message = MessageFactory(channel=Channel.SMS, recipient="+4915100000000")
    due = messages_deliver(message_ids=[message.pk])
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert due == message.next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_too_many_requests_is_tried_again_after_the_gateways_pause(gateway):
    gateway.answer = 429
    gateway.headers_out = {"Retry-After": "120"}
    message = MessageFactory(channel=Channel.SMS, recipient="+4915100000000")

    before = timezone.now()
    messages_deliver(message_ids=[message.pk])
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert before + timedelta(seconds=119) <= message.next_attempt_at
    assert message.next_attempt_at <= timezone.now() + timedelta(seconds=121)

    gateway.answer, gateway.headers_out = 200, {}
    messages_deliver(message_ids=[message.pk])
    message.refresh_from_db()
    assert (message.status, len(gateway.received)) == (Message.Status.PENDING, 1)
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    messages_deliver(message_ids=[message.pk])
    message.refresh_from_db()
    assert (message.status, len(gateway.received)) == (Message.Status.SENT, 2)


def test_file_backend_writes_a_readable_file(settings, tmp_path):
    settings.SMS_FILE_PATH = str(tmp_path)
    FileSmsBackend().send("+4915112345678", "Ihr Platz ist frei")
    (written,) = tmp_path.iterdir()
    assert written.read_text(encoding="utf-8") == "To: +4915112345678\n\nIhr Platz ist frei\n"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en", "ar", "uk", "fa"])
def test_reminder_sms_fits_two_segments(language):
    applicant = ApplicantFactory(language=language, phone="+4915112345678")
    booking = BookingFactory(registration__applicant=applicant)
    message_to_applicant(
        kind=DAY_BEFORE,
        applicant=applicant,
        event=booking.registration.event,
        context=reminder_context(registration=booking.registration),
    )
    sms = Message.objects.get(channel=Channel.SMS)
    # Two concatenated segments: 2 × 153 GSM-7 characters, 2 × 67 in Unicode.
    limit = 306 if sms.body_text.isascii() else 134
    assert len(sms.body_text) <= limit
    assert "/applicants/reply/" in sms.body_text
