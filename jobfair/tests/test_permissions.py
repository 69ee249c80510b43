"""Every URL of the project, for every role: the allowed answers.

A new URL without a rule here fails ``test_every_url_has_a_rule``. The rules
say what each role gets: public pages for all, token links for whoever holds
the link, the employers' pages for the signed-in employer only, the
organisers' pages for the organisers of the event's organisations only (also
not for a superuser outside them: the admin is their tool), the admin for
staff. Every back-office page is under /organise/ (a test below holds it),
and the addresses it had before redirect there.
"""

import uuid
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from applicants.models import Consent, DoorCheckIn, FollowUp
from applicants.services.consents import consents_set
from applicants.tests.factories import BookingFactory
from applicants.tokens import registration_token
from employers.sign_in import sign_in_token_make
from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from events.tests.factories import (
    EventFactory,
    OrganisationFactory,
    SessionFactory,
    SlotFactory,
    UserFactory,
)
from meetings.models import Contact, Talk
from meetings.tests.factories import InterpreterFactory, TalkPlanFactory
from meetings.tokens import interpreter_token
from messaging.models import Batch, Message
from messaging.tests.factories import MessageFactory

ROLES = ["anonymous", "applicant", "employer", "other_organiser", "organiser", "superuser"]
EVERYONE = dict.fromkeys(ROLES, {200})


def _only(role, allowed, *, anonymous, others):
    expected = dict.fromkeys(ROLES, others)
    expected["anonymous"] = expected["applicant"] = anonymous
    expected[role] = allowed
    return expected


def employer_page(allowed=frozenset({200})):
    return _only("employer", allowed, anonymous={302}, others={403})


def organiser_page(allowed=frozenset({200})):
    """A back-office page of one event: the login page for visitors, 403 for
    accounts of no organisation (employers; a superuser outside them: the
    admin is their tool), 404 for organisers of other organisations."""
    expected = _only("organiser", allowed, anonymous={302}, others={404})
    return expected | {"employer": {403}, "superuser": {403}}


ADMIN = _only("superuser", {200}, anonymous={302}, others={302})
# Pages of organisers not tied to one event: every organiser has their own.
ANY_ORGANISER = {
    "anonymous": {302},
    "applicant": {302},
    "employer": {403},
    "other_organiser": {200},
    "organiser": {200},
    "superuser": {403},
}
SIGNED_IN = {role: {200} for role in ROLES} | {"anonymous": {302}, "applicant": {302}}


def event(*more):
    return lambda w: [w.event.pk, *[getattr(w, name).pk for name in more]]


def _follow_up_asked(w):
    """The link of a follow-up question asked of the world's applicant."""
    consents_set(applicant=w.registration.applicant, purposes=[Consent.Purpose.FOLLOW_UP])
    FollowUp.objects.get_or_create(
        registration=w.registration, point="exit", defaults={"asked_at": timezone.now()}
    )
    return registration_token(w.registration, "follow_up_exit")


def _door_conflict(w):
    """Someone let in offline at the door while their registration was cancelled."""
    return DoorCheckIn.objects.create(
        client_id=uuid.uuid4(),
        event=w.event,
        registration=w.registration,
        kind=DoorCheckIn.Kind.CHECK_IN,
        recorded_at=timezone.now(),
        outcome=DoorCheckIn.Outcome.CONFLICT_CANCELLED,
    )


# name: (method, arguments from the world, expected answers by role)
RULES = {
    "events:home": ("get", lambda w: [], EVERYONE),
    "events:public_detail": ("get", lambda w: [w.event.slug], EVERYONE),
    "events:accessibility": ("get", lambda w: [], EVERYONE),
    "events:privacy": ("get", lambda w: [], EVERYONE),
    "healthz": ("get", lambda w: [], EVERYONE),
    "favicon": ("get", lambda w: [], EVERYONE),
    "set_language": ("post", lambda w: [], dict.fromkeys(ROLES, {302})),
    "applicants:sign_up": ("get", lambda w: [w.event.slug], EVERYONE),
    "applicants:link_request": ("get", lambda w: [], EVERYONE),
    "applicants:personal": ("get", lambda w: [w.token], EVERYONE),
    "applicants:bookings_change": ("get", lambda w: [w.token], EVERYONE),
    "meetings:wishes": ("get", lambda w: [w.token], EVERYONE),
    "meetings:calendar": ("get", lambda w: [w.token], EVERYONE),
    "meetings:employer_talks": ("get", lambda w: [w.talks.pk], employer_page({200})),
    "meetings:talk_status": (
        "post",
        lambda w: [w.talks.pk, w.employer_talk.pk],
        employer_page({302}),
    ),
    "meetings:interpreter_plan": ("get", lambda w: [interpreter_token(w.interpreter)], EVERYONE),
    "meetings:employer_desk": ("post", lambda w: [w.talks.pk], employer_page({400})),
    "meetings:employer_invite": (
        "post",
        lambda w: [w.talks.pk, w.registration.pk],
        employer_page({404}),
    ),
    "meetings:table": ("get", lambda w: [w.talks.pk], employer_page()),
    # An empty queue is no JSON: 400 for its employer.
    "meetings:table_sync": ("post", lambda w: [w.talks.pk], employer_page({400})),
    "meetings:table_manifest": ("get", lambda w: [w.talks.pk], employer_page()),
    "meetings:table_worker": ("get", lambda w: [], EVERYONE),
    "meetings:contacts": ("get", lambda w: [w.talks.pk], employer_page()),
    "meetings:contacts_download": ("get", lambda w: [w.talks.pk, "xlsx"], employer_page()),
    "meetings:contact": ("get", lambda w: [w.talks.pk, w.contact.pk], employer_page()),
    "meetings:contact_from_talk": (
        "post",
        lambda w: [w.talks.pk, w.employer_talk.pk],
        employer_page({302}),
    ),
    # Whoever holds the personal link may withdraw (again: harmless).
    "meetings:contact_withdraw": (
        "post",
        lambda w: [w.token, w.applicant_contact.pk],
        dict.fromkeys(ROLES, {302}),
    ),
    # Whoever holds the personal link may give a place back (again: harmless).
    "applicants:booking_cancel": (
        "post",
        lambda w: [w.token, w.booking.pk],
        dict.fromkeys(ROLES, {302}),
    ),
    "applicants:registration_cancel": ("get", lambda w: [w.token], EVERYONE),
    "applicants:contact_change": ("get", lambda w: [w.token], EVERYONE),
    "applicants:consents_change": ("get", lambda w: [w.token], EVERYONE),
    "applicants:qr_code": ("get", lambda w: [w.token], EVERYONE),
    "applicants:calendar": ("get", lambda w: [w.token], EVERYONE),
    "applicants:data_download": ("get", lambda w: [w.token], EVERYONE),
    "applicants:data_delete": ("get", lambda w: [w.token], EVERYONE),
    "applicants:reply": ("get", lambda w: [registration_token(w.registration, "coming")], EVERYONE),
    "applicants:follow_up": ("get", lambda w: [_follow_up_asked(w)], EVERYONE),
    "organise:message_log": ("get", lambda w: [w.event.pk], organiser_page()),
    "organise:message_write": ("get", lambda w: [w.event.pk], organiser_page()),
    "organise:batch": ("get", lambda w: [w.event.pk, w.batch.pk], organiser_page()),
    "organise:batch_retry": (
        "post",
        lambda w: [w.event.pk, w.batch.pk],
        organiser_page({302}),
    ),
    "organise:message_retry": ("post", lambda w: [w.event.pk, w.message.pk], organiser_page({302})),
    "employers:register": ("get", lambda w: [], EVERYONE),
    "employers:sign_in": ("get", lambda w: [], EVERYONE),
    "employers:sign_in_link": (
        "get",
        lambda w: [sign_in_token_make(user=w.users["employer"])],
        EVERYONE,
    ),
    "employers:sign_out": ("post", lambda w: [], dict.fromkeys(ROLES, {302})),
    "employers:positions_public": ("get", lambda w: [], EVERYONE),
    "employers:company": ("get", lambda w: [], employer_page()),
    "employers:company_edit": ("get", lambda w: [], employer_page()),
    "employers:position_create": ("get", lambda w: [], employer_page()),
    "employers:position_edit": ("get", lambda w: [w.position.pk], employer_page()),
    "employers:position_close": ("post", lambda w: [w.position.pk], employer_page({302})),
    "employers:position_reopen": ("post", lambda w: [w.position.pk], employer_page({302})),
    "employers:participation_request": ("get", lambda w: [w.event.slug], employer_page()),
    "employers:participation_detail": (
        "get",
        lambda w: [w.participation.pk],
        employer_page(),
    ),
    "employers:participation_withdraw": (
        "post",
        lambda w: [w.participation.pk],
        employer_page({302}),
    ),
    "admin:index": ("get", lambda w: [], ADMIN),
    "login": ("get", lambda w: [], EVERYONE),
    "logout": ("post", lambda w: [], EVERYONE),
    "password_change": ("get", lambda w: [], SIGNED_IN),
    "password_change_done": ("get", lambda w: [], SIGNED_IN),
    "password_reset": ("get", lambda w: [], EVERYONE),
    "password_reset_done": ("get", lambda w: [], EVERYONE),
    "password_reset_confirm": ("get", lambda w: ["MQ", "set-password"], EVERYONE),
    "password_reset_complete": ("get", lambda w: [], EVERYONE),
    "organise:dashboard": ("get", lambda w: [], ANY_ORGANISER),
    "organise:event_create": ("get", lambda w: [], ANY_ORGANISER),
    "organise:event_detail": ("get", event(), organiser_page()),
    "organise:event_edit": ("get", event(), organiser_page()),
    "organise:event_publish": ("post", event(), organiser_page({302})),
    "organise:event_close": ("post", event(), organiser_page({302})),
    "organise:event_cancel": ("get", event(), organiser_page()),
    "organise:session_create": ("get", event(), organiser_page()),
    "organise:session_edit": ("get", event("session"), organiser_page()),
    "organise:session_delete": ("post", event("session"), organiser_page({302})),
    "organise:session_cancel": ("get", event("session"), organiser_page()),
    "organise:slots_create": ("get", event("session"), organiser_page()),
    "organise:slot_edit": ("get", event("slot"), organiser_page()),
    "organise:slot_delete": ("post", event("slot"), organiser_page({302})),
    "organise:registrations": ("get", event(), organiser_page()),
    "organise:registration_create": ("get", event(), organiser_page()),
    "organise:registration_detail": ("get", event("registration"), organiser_page()),
    "organise:registration_cancel": ("post", event("registration"), organiser_page({302})),
    "organise:booking_add": ("post", event("registration"), organiser_page({302})),
    "organise:invite": ("get", event(), organiser_page()),
    "organise:invite_confirm": ("post", event(), organiser_page({302})),
    "organise:letters": ("get", event(), organiser_page()),
    "organise:waiting_list": ("get", event(), organiser_page()),
    "organise:participations": ("get", event(), organiser_page()),
    "organise:participation_decide": ("post", event("participation"), organiser_page({302})),
    "organise:checkin": ("get", event(), organiser_page()),
    "organise:checkin_counts": ("get", event(), organiser_page()),
    "organise:checkin_mark": ("post", event("registration"), organiser_page({302})),
    "organise:door_data": ("get", event(), organiser_page()),
    # No queue sent: a clear 400 for the organiser, nothing applied.
    "organise:door_sync": ("post", event(), organiser_page({400})),
    "organise:door_conflicts": ("get", event(), organiser_page()),
    "organise:door_conflict_resolved": (
        "post",
        lambda w: [w.event.pk, _door_conflict(w).pk],
        organiser_page({302}),
    ),
    "organise:door_app": ("get", event(), organiser_page()),
    "organise:door_manifest": ("get", event(), organiser_page()),
    # The app's service worker: files to keep, no data.
    "organise:door_worker": ("get", lambda w: [], EVERYONE),
    "organise:door_list": ("get", event(), organiser_page()),
    "organise:door_ticks": ("get", event(), organiser_page()),
    "organise:report": ("get", event(), organiser_page()),
    "organise:talks": ("get", event(), organiser_page()),
    "organise:talk_plan": ("post", event(), organiser_page({400})),
    "organise:interpreter_add": ("post", event(), organiser_page({400})),
    "organise:interpreter_delete": ("post", event("interpreter"), organiser_page({302})),
    "organise:schedule_make": ("post", event(), organiser_page({302})),
    "organise:schedule_status": ("get", event(), organiser_page({302})),
    "organise:schedule_publish": ("post", event(), organiser_page({302})),
    "organise:talk_add": ("post", event(), organiser_page({400})),
    "organise:talk_change": ("post", event("talk"), organiser_page({302})),
    "organise:export": (
        "get",
        lambda w: [w.event.pk, "participants", "xlsx"],
        organiser_page(),
    ),
    "organise:outcomes": ("get", event(), organiser_page()),
    "organise:outcomes_xlsx": ("get", event(), organiser_page()),
    "organise:outcomes_pseudonymised": ("get", event(), organiser_page()),
}


def _names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_a_rule():
    names = set(_names())
    names.discard("events:static")
    assert sorted(names - set(RULES)) == []


class World:
    def __init__(self):
        owners = OrganisationFactory()
        self.users = {
            "organiser": UserFactory(username="owner"),
            "other_organiser": UserFactory(username="stranger"),
            "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
        }
        owners.members.add(self.users["organiser"])
        OrganisationFactory().members.add(self.users["other_organiser"])
        self.event = EventFactory(
            organisations=[owners],
            registration_opens_at=timezone.now() - timedelta(days=1),
        )
        self.session = SessionFactory(event=self.event)
        self.slot = SlotFactory(session=self.session)
        self.booking = BookingFactory(slot=self.slot, registration__event=self.event)
        self.registration = self.booking.registration
        self.token = registration_token(self.registration)
        self.interpreter = InterpreterFactory(event=TalkPlanFactory(event=self.event).event)
        self.employer = EmployerFactory()
        self.users["employer"] = UserFactory(username="employer")
        self.employer.user = self.users["employer"]
        self.employer.save()
        self.position = PositionFactory(employer=self.employer)
        self.participation = ParticipationFactory(employer=self.employer, event=self.event)
        self.talks = ParticipationFactory(
            employer=self.employer, event=TalkPlanFactory().event, status="approved"
        )
        self.talk = Talk.objects.create(
            event=self.event,
            registration=self.registration,
            participation=self.participation,
            round=0,
        )
        self.employer_talk = Talk.objects.create(
            event=self.talks.event,
            registration=BookingFactory(registration__event=self.talks.event).registration,
            participation=self.talks,
            round=0,
        )
        self.contact = Contact.objects.create(
            participation=self.talks, registration=self.employer_talk.registration
        )
        self.applicant_contact = Contact.objects.create(
            participation=self.participation, registration=self.registration
        )
        self.message = MessageFactory(event=self.event, status=Message.Status.FAILED)
        self.batch = Batch.objects.create(event=self.event, kind="free_message")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RULES))
def test_url_answers_each_role_as_allowed(client, name):
    world = World()
    method, arguments, expected = RULES[name]
    # The allowed role goes last: its POST may change what the others see.
    order = sorted(ROLES, key=lambda role: expected[role] == max(expected.values(), key=len))
    answers = {}
    for role in order:
        client.logout()
        if role in world.users:
            client.force_login(world.users[role])
        # Built after signing in: a sign-in link is bound to the last login.
        url = reverse(name, args=arguments(world))
        answers[role] = getattr(client, method)(url).status_code
    wrong = {
        role: f"got {answers[role]}, allowed {sorted(expected[role])}"
        for role in ROLES
        if answers[role] not in expected[role]
    }
    assert wrong == {}


@pytest.mark.parametrize(
    ("earlier", "now"),
    [
        ("/messages/organise/events/7/", "/organise/events/7/messages/"),
        (
            "/messages/organise/events/7/?status=failed",
            "/organise/events/7/messages/?status=failed",
        ),
        ("/messages/organise/events/7/write/", "/organise/events/7/messages/write/"),
        ("/messages/organise/events/7/batches/3/", "/organise/events/7/messages/batches/3/"),
    ],
)
def test_earlier_addresses_of_back_office_pages_redirect_there(client, earlier, now):
    response = client.get(earlier)
    assert (response.status_code, response["Location"]) == (301, now)


def test_the_back_office_is_one_app_under_organise():
    mounted = {
        str(entry.pattern)
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and entry.namespace == "organise"
    }
    organisers_only = [
        name
        for name, (_method, _arguments, expected) in RULES.items()
        if expected in (ANY_ORGANISER,) or expected["organiser"] != expected["other_organiser"]
    ]
    assert mounted == {"organise/"}
    assert organisers_only
    assert [name for name in organisers_only if not name.startswith("organise:")] == []
