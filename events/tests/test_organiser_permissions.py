"""Every organiser URL: anonymous → login, another organisation → 404, owner → works."""

import pytest
from django.urls import reverse

from applicants.tests.factories import RegistrationFactory
from employers.tests.factories import ParticipationFactory
from events.tests.factories import OrganisationFactory, SlotFactory, UserFactory

pytestmark = pytest.mark.django_db

# url name, extra kwargs (filled from the objects below), method, owner's status
URLS = [
    ("events:event_detail", {}, "get", 200),
    ("events:event_edit", {}, "get", 200),
    ("events:event_publish", {}, "post", 302),
    ("events:event_close", {}, "post", 302),
    ("events:event_cancel", {}, "get", 200),
    ("events:session_create", {}, "get", 200),
    ("events:session_edit", {"session_pk": "session"}, "get", 200),
    ("events:slots_create", {"session_pk": "session"}, "get", 200),
    ("events:slot_edit", {"slot_pk": "slot"}, "get", 200),
    ("events:slot_delete", {"slot_pk": "slot"}, "post", 302),
    ("events:session_delete", {"session_pk": "session"}, "post", 302),
    ("events:registrations", {}, "get", 200),
    ("events:registration_create", {}, "get", 200),
    ("events:registration_detail", {"registration_pk": "registration"}, "get", 200),
    ("events:registration_cancel", {"registration_pk": "registration"}, "post", 302),
    ("events:booking_add", {"registration_pk": "registration"}, "post", 302),
    ("events:invite", {}, "get", 200),
    ("events:letters", {}, "get", 200),
    ("events:invite_confirm", {}, "post", 302),
    ("events:waiting_list", {}, "get", 200),
    ("events:participations", {}, "get", 200),
    ("events:participation_decide", {"participation_pk": "participation"}, "post", 302),
    ("events:checkin", {}, "get", 200),
    ("events:checkin_counts", {}, "get", 200),
    ("events:checkin_mark", {"registration_pk": "registration"}, "post", 302),
    ("events:report", {}, "get", 200),
    ("events:export", {"what": "participants", "fmt": "csv"}, "get", 200),
    ("events:export", {"what": "employers", "fmt": "xlsx"}, "get", 200),
]


@pytest.fixture
def objects(event):
    slot = SlotFactory(session__event=event)
    return {
        "session": slot.session.pk,
        "slot": slot.pk,
        "registration": RegistrationFactory(event=event).pk,
        "participation": ParticipationFactory(event=event).pk,
    }


def _url(name, kwargs, event, objects):
    resolved = {key: objects.get(value, value) for key, value in kwargs.items()}
    return reverse(name, kwargs={"pk": event.pk, **resolved})


@pytest.mark.parametrize(("name", "kwargs", "method", "status"), URLS)
def test_anonymous_is_sent_to_login(client, event, objects, name, kwargs, method, status):
    url = _url(name, kwargs, event, objects)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "kwargs", "method", "status"), URLS)
def test_organiser_of_another_organisation_gets_404(
    client, event, objects, name, kwargs, method, status
):
    stranger = UserFactory()
    OrganisationFactory(name="Agentur für Arbeit Dresden").members.add(stranger)
    client.force_login(stranger)
    response = getattr(client, method)(_url(name, kwargs, event, objects))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "kwargs", "method", "status"), URLS)
def test_organiser_of_the_event_may(organiser_client, event, objects, name, kwargs, method, status):
    response = getattr(organiser_client, method)(_url(name, kwargs, event, objects))
    assert response.status_code == status


def test_co_organiser_sees_the_event(client, event):
    partner = OrganisationFactory(name="Handwerkskammer zu Leipzig")
    event.organisations.add(partner)
    colleague = UserFactory()
    partner.members.add(colleague)
    client.force_login(colleague)
    assert client.get(reverse("events:event_detail", kwargs={"pk": event.pk})).status_code == 200


def test_nested_id_of_another_event_is_404(organiser_client, event):
    foreign_slot = SlotFactory()
    url = reverse("events:slot_edit", kwargs={"pk": event.pk, "slot_pk": foreign_slot.pk})
    assert organiser_client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["events:dashboard", "events:event_create"])
def test_pages_without_event_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
