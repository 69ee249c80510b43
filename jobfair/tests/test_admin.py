import pytest
from django.contrib import admin
from django.urls import reverse

from applicants.models import Booking
from applicants.tests.factories import BookingFactory
from events.tests.factories import SlotFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = {(model._meta.app_label, model._meta.model_name): model for model in admin.site._registry}
REGISTERED = sorted(MODELS)


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_every_domain_model_is_in_the_admin():
    labels = {app for app, _ in REGISTERED}
    assert {"events", "employers", "applicants"} <= labels
    assert ("applicants", "booking") in REGISTERED


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_admin_pages_load_with_demo_data(superuser_client, app_label, model_name):
    model = MODELS[(app_label, model_name)]
    changelist = superuser_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200
    add = superuser_client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    # Logs are written by the system only: their admin offers no add form.
    assert add.status_code == (
        200 if admin.site._registry[model].has_add_permission(add.wsgi_request) else 403
    )
    first = model.objects.first()
    if first is not None:
        change = superuser_client.get(
            reverse(f"admin:{app_label}_{model_name}_change", args=[first.pk])
        )
        assert change.status_code == 200


@pytest.mark.usefixtures("demo_data")
def test_admin_search_and_filters_work(superuser_client):
    response = superuser_client.get(
        reverse("admin:applicants_registration_changelist"), {"q": "Haddad", "status": "registered"}
    )
    assert response.status_code == 200
    assert "Haddad" in response.content.decode()


def test_capacities_and_statuses_are_shown_not_changed_in_the_admin(superuser_client):
    """Changed here, they would skip the waiting lists: the back office does it."""
    slot = SlotFactory(capacity=1)
    waiting = BookingFactory(
        slot=slot, registration__event=slot.session.event, status=Booking.Status.WAITLISTED
    )
    event = slot.session.event

    slot_page = superuser_client.get(reverse("admin:events_slot_change", args=[slot.pk]))
    event_page = superuser_client.get(reverse("admin:events_event_change", args=[event.pk]))
    session_page = superuser_client.get(
        reverse("admin:events_session_change", args=[slot.session.pk])
    )
    registration_page = superuser_client.get(
        reverse("admin:applicants_registration_change", args=[waiting.registration.pk])
    )

    assert 'name="capacity"' not in slot_page.content.decode()
    assert 'name="capacity"' not in event_page.content.decode()
    assert 'name="status"' not in event_page.content.decode()
    assert 'name="slots-0-capacity"' not in session_page.content.decode()
    assert 'name="status"' not in registration_page.content.decode()
    assert 'name="bookings-0-status"' not in registration_page.content.decode()
    for name in ["applicants_registration_add", "applicants_booking_add"]:
        assert superuser_client.get(reverse(f"admin:{name}")).status_code == 403
