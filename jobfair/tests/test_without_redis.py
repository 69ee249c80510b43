"""Redis (cache, Celery broker) is down: the public pages and the sign-up
keep working, nothing is lost, and what could not be queued goes out when
Redis is back. "Down" is a port where nothing listens, as after a crash."""

import socket

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.views.defaults import server_error

from applicants.models import Registration
from applicants.tests.sign_up import sign_up
from events.tests.factories import SlotFactory
from jobfair.celery import app as celery_app
from jobfair.tests.redis_elsewhere import broker, redis_at
from messaging.models import Message
from messaging.tasks import SWEEP_AFTER, messages_pending_dispatch

pytestmark = pytest.mark.django_db


def _nothing_listens() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{sock.getsockname()[1]}/0"


@pytest.fixture
def redis_down(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 10
    with redis_at(settings, _nothing_listens()):
        yield


def test_sign_ups_work_and_their_confirmations_wait_for_redis(
    client, redis_down, django_capture_on_commit_callbacks
):
    slot = SlotFactory(capacity=3)
    event = slot.session.event

    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(event.get_absolute_url())
        answers = [sign_up(client, event, slot, number).status_code for number in range(5)]

    assert (page.status_code, answers) == (200, [302] * 5)
    assert Registration.objects.filter(event=event).count() == 5
    waiting = Message.objects.filter(kind="registration_confirmed", status=Message.Status.PENDING)
    assert (waiting.count(), set(waiting.values_list("attempts", flat=True))) == (5, {0})


def test_the_sweep_queues_what_waited_once_redis_is_back(
    client, settings, django_capture_on_commit_callbacks
):
    slot = SlotFactory()
    event = slot.session.event
    url = _nothing_listens()
    with broker(url), django_capture_on_commit_callbacks(execute=True):
        assert sign_up(client, event, slot, 1).status_code == 302
    celery_app.control.purge()
    try:
        assert messages_pending_dispatch(now=timezone.now() + SWEEP_AFTER) == 1
        with celery_app.connection_for_write() as connection:
            queued = connection.default_channel.queue_declare(queue="celery", passive=True)
        assert queued.message_count == 1
    finally:
        celery_app.control.purge()


def test_the_rate_limit_holds_in_the_process_while_the_cache_is_down(client, redis_down):
    url = reverse("applicants:link_request")
    answers = [
        client.post(url, {"email": "someone@example.org", "phone": ""}).status_code
        for _ in range(4)
    ]
    assert answers == [200] * 3 + [429]


@pytest.mark.parametrize(
    ("language", "title"), [("de", "Etwas ist schiefgegangen"), ("ar", "حدث خطأ ما")]
)
def test_a_server_error_is_a_friendly_page_in_the_persons_language(language, title):
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    content = response.content.decode()
    assert response.status_code == 500
    assert f'lang="{language}"' in content
    assert title in content
