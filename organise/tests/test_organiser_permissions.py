"""Every organiser URL: anonymous → login, another organisation → 404, owner → works."""

import pytest
from django.urls import reverse

from applicants.tests.factories import RegistrationFactory
from employers.tests.factories import ParticipationFactory
from events.tests.factories import OrganisationFactory, SlotFactory, UserFactory

pytestmark = pytest.mark.django_db

# url name, extra kwargs (filled from the objects below), method, owner's status
URLS = [
    ("organise:event_detail", {}, "get", 200),
    ("organise:event_edit", {}, "get", 200),
    ("organise:event_publish", {}, "post", 302),
    ("organise:event_close", {}, "post", 302),
    ("organise:event_cancel", {}, "get", 200),
    ("organise:session_create", {}, "get", 200),
    ("organise:session_edit", {"session_pk": "session"}, "get", 200),
    ("organise:slots_create", {"session_pk": "session"}, "get", 200),
    ("organise:slot_edit", {"slot_pk": "slot"}, "get", 200),
    ("organise:slot_delete", {"slot_pk": "slot"}, "post", 302),
    ("organise:session_delete", {"session_pk": "session"}, "post", 302),
    ("organise:registrations", {}, "get", 200),
    ("organise:registration_create", {}, "get", 200),
    ("organise:registration_detail", {"registration_pk": "registration"}, "get", 200),
    ("organise:registration_cancel", {"registration_pk": "registration"}, "post", 302),
    ("organise:booking_add", {"registration_pk": "registration"}, "post", 302),
    ("organise:invite", {}, "get", 200),
    ("organise:letters", {}, "get", 200),
    ("organise:invite_confirm", {}, "post", 302),
    ("organise:waiting_list", {}, "get", 200),
    ("organise:participations", {}, "get", 200),
    ("organise:participation_decide", {"participation_pk": "participation"}, "post", 302),
    ("organise:checkin", {}, "get", 200),
    ("organise:checkin_counts", {}, "get", 200),
    ("organise:checkin_mark", {"registration_pk": "registration"}, "post", 302),
    ("organise:report", {}, "get", 200),
    ("organise:export", {"what": "participants", "fmt": "csv"}, "get", 200),
    ("organise:export", {"what": "employers", "fmt": "xlsx"}, "get", 200),
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
    assert client.get(reverse("organise:event_detail", kwargs={"pk": event.pk})).status_code == 200


def test_nested_id_of_another_event_is_404(organiser_client, event):
    foreign_slot = SlotFactory()
    url = reverse("organise:slot_edit", kwargs={"pk": event.pk, "slot_pk": foreign_slot.pk})
    assert organiser_client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["organise:dashboard", "organise:event_create"])
def test_pages_without_event_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
