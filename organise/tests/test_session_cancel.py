import pytest
from django.urls import reverse

from applicants.models import Booking
from applicants.tests.factories import BookingFactory
from events.tests.factories import EventFactory, OrganisationFactory, SlotFactory, UserFactory
from messaging.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return UserFactory(username="simone")


@pytest.fixture
def slot(organiser):
    organisation = OrganisationFactory()
    organisation.members.add(organiser)
    event = EventFactory(organisations=[organisation])
    return SlotFactory(session__event=event, session__title_de="Lehrkabinett Zimmerer", capacity=1)


def _cancel(client, slot, message="Der Meister ist krank."):
    session = slot.session
    return client.post(
        reverse("organise:session_cancel", args=[session.event.pk, session.pk]),
        {"message": message},
    )


def test_cancelling_a_session_ends_its_bookings_and_tells_everyone(client, organiser, slot):
    event = slot.session.event
    holder = BookingFactory(slot=slot, registration__event=event)
    waiting = BookingFactory(slot=slot, registration__event=event, status=Booking.Status.WAITLISTED)
    client.force_login(organiser)

    response = _cancel(client, slot)

    assert response.status_code == 302
    assert set(Booking.objects.values_list("status", flat=True)) == {Booking.Status.CANCELLED}
    notified = Message.objects.filter(kind="session_cancelled", channel="email")
    assert sorted(notified.values_list("recipient", flat=True)) == sorted(
        [holder.registration.applicant.email, waiting.registration.applicant.email]
    )
    assert all("Der Meister ist krank." in m.body_text for m in notified)
    slot.session.refresh_from_db()
    assert slot.session.cancellation_message == "Der Meister ist krank."


def test_cancelled_session_leaves_the_public_programme(client, organiser, slot):
    client.force_login(organiser)
    _cancel(client, slot)
    client.logout()
    content = client.get(slot.session.event.get_absolute_url()).content.decode()
    assert "Lehrkabinett Zimmerer" not in content


def test_cancelled_session_cannot_be_booked(client, organiser, slot):
    client.force_login(organiser)
    _cancel(client, slot)
    client.logout()
    response = client.post(
        reverse("applicants:sign_up", args=[slot.session.event.slug]),
        {
            "first_name": "Ali",
            "last_name": "Rahimi",
            "email": "ali@example.org",
            "language": "fa",
            "german_level": "A1",
            "experience_years": "0",
            "slots": [str(slot.pk)],
            "consent": "on",
            "website": "",
        },
    )
    assert response.status_code == 200
    assert not Booking.objects.filter(slot=slot).exists()


def test_cancelling_twice_is_refused(client, organiser, slot):
    client.force_login(organiser)
    _cancel(client, slot)
    assert _cancel(client, slot).status_code == 404
    assert Message.objects.filter(kind="session_cancelled").count() == 0
