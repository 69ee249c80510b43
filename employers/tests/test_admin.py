import pytest
from django.urls import reverse

from employers.models import Participation
from employers.tests.factories import ParticipationFactory
from events.tests.factories import UserFactory
from messaging.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="staff", is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    ("action", "status", "kind"),
    [
        ("approve", Participation.Status.APPROVED, "participation_approved"),
        ("decline", Participation.Status.DECLINED, "participation_declined"),
    ],
)
def test_admin_actions_decide_requests_through_the_services(client, staff, action, status, kind):
    pending = ParticipationFactory()
    withdrawn = ParticipationFactory(status=Participation.Status.WITHDRAWN)
    client.force_login(staff)

    client.post(
        reverse("admin:employers_participation_changelist"),
        {"action": action, "_selected_action": [pending.pk, withdrawn.pk]},
    )

    pending.refresh_from_db()
    withdrawn.refresh_from_db()
    assert (pending.status, pending.decided_by) == (status, staff)
    assert withdrawn.status == Participation.Status.WITHDRAWN
    assert list(Message.objects.values_list("kind", "recipient")) == [
        (kind, pending.employer.email)
    ]
