"""The code for the entrance: six characters without look-alikes, unique in
the event, given on every way in, shown under every QR code and typed at the
desk in any form."""

from dataclasses import dataclass, field

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from applicants.codes import ALPHABET, checkin_code_clean, checkin_code_random
from applicants.models import Registration
from applicants.services import registrations
from applicants.services.invitations import applicants_invite
from applicants.services.registrations import applicant_register_on_behalf, registration_sign_up
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from applicants.tokens import registration_token
from events.tests.factories import EventFactory, UserFactory
from messaging.tests.outbox import worded_get

pytestmark = pytest.mark.django_db


@dataclass
class Invitee:
    first_name: str
    last_name: str
    email: str
    phone: str = ""
    language: str = "uk"
    errors: list[str] = field(default_factory=list)


def _is_code(code):
    return len(code) == 6 and set(code) <= set(ALPHABET)


def test_the_alphabet_has_no_look_alikes():
    assert set("0O1IL5S2Z8B") & set(ALPHABET) == set()
    assert len(set(ALPHABET)) == len(ALPHABET) == 25
    assert all(_is_code(checkin_code_random()) for _ in range(200))


@pytest.mark.parametrize("typed", ["HK4-7QA", "hk47qa", " hk4 7qa ", "Hk4–7Qa"])
def test_a_code_is_read_in_any_case_with_or_without_hyphen_and_spaces(typed):
    assert checkin_code_clean(typed) == "HK47QA"


@pytest.mark.parametrize("typed", ["HK4-7Q0", "HK4-7Q", "HK4-7QAA", "Samira", ""])
def test_what_cannot_be_a_code_is_not_read_as_one(typed):
    assert checkin_code_clean(typed) is None


def test_every_way_in_gives_a_code_unique_in_the_event(event):
    organiser = UserFactory()
    signed_up = registration_sign_up(
        event=event,
        applicant_data={"first_name": "Layla", "last_name": "Haddad", "email": "l@example.org"},
    ).registration
    on_behalf = applicant_register_on_behalf(
        event=event,
        entered_by=organiser,
        trades=[],
        first_name="Omar",
        last_name="Nasser",
        phone="+4915100000001",
    )
    applicants_invite(
        event=event, rows=[Invitee("Olena", "Kovalenko", "o@example.org")], invited_by=organiser
    )
    invited = Registration.objects.get(applicant__last_name="Kovalenko")

    codes = [registration.code for registration in (signed_up, on_behalf, invited)]
    assert all(_is_code(code) for code in codes)
    assert len(set(codes)) == 3


def test_a_code_taken_in_the_event_is_drawn_again(event, monkeypatch):
    RegistrationFactory(event=event, code="AAAAAA")
    RegistrationFactory(code="CCCCCC")
    drawn = iter(["AAAAAA", "CCCCCC"])
    monkeypatch.setattr(registrations, "checkin_code_random", lambda: next(drawn))

    registration = registrations.registration_create(applicant=ApplicantFactory(), event=event)

    # Taken in this event: drawn again; taken only in another event: kept.
    assert registration.code == "CCCCCC"


def test_the_database_refuses_a_code_twice_in_one_event(event):
    RegistrationFactory(event=event, code="AAAAAA")
    with pytest.raises(IntegrityError):
        RegistrationFactory(event=event, code="AAAAAA")


def test_personal_page_shows_the_code_under_the_qr_code(client, event):
    registration = RegistrationFactory(event=event, code="HK47QA")
    content = client.get(
        reverse("applicants:personal", args=[registration_token(registration)])
    ).content.decode()
    qr = content.index('class="qr-code"')
    code = content.index('<p class="checkin-code font-monospace fs-1 fw-bold mt-2" dir="ltr">')
    assert qr < code
    assert content[code:].split(">", 1)[1].startswith("HK4-7QA</p>")


def test_confirmation_tells_the_code_in_both_parts(event):
    result = registration_sign_up(
        event=event,
        applicant_data={
            "first_name": "Grace",
            "last_name": "Mensah",
            "email": "grace@example.org",
            "language": "en",
        },
    )
    email = worded_get(kind="registration_confirmed", channel="email")
    line = f"Your code for the entrance: {result.registration.code_display}"
    assert line in email.body_text
    assert line in email.body_html


@pytest.mark.django_db(transaction=True)
def test_registrations_made_before_get_a_code_each():
    """The data migration: codes for every registration there was, unique
    within each event."""
    executor = MigrationExecutor(connection)
    before = [("applicants", "0005_registration_form_token")]
    # Every app's latest: going back unapplies the migrations of apps that
    # depend on applicants (meetings), and forward must bring them back.
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        old_state = executor.loader.project_state(before).apps
        events = [EventFactory(), EventFactory()]
        OldApplicant = old_state.get_model("applicants", "Applicant")  # noqa: N806
        OldRegistration = old_state.get_model("applicants", "Registration")  # noqa: N806
        for number in range(40):
            applicant = OldApplicant.objects.create(first_name="A", email=f"a{number}@example.org")
            OldRegistration.objects.create(applicant=applicant, event_id=events[number % 2].pk)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)

    codes = list(Registration.objects.values_list("event_id", "code"))
    assert len(codes) == 40
    assert all(_is_code(code) for _event, code in codes)
    assert len(set(codes)) == 40
