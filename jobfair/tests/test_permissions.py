"""Every URL of the project, for every role: the allowed answers.

A new URL without a rule here fails ``test_every_url_has_a_rule``. The rules
say what each role gets: public pages for all, token links for whoever holds
the link, the employers' pages for the signed-in employer only, the
organisers' pages for the organisers of the event's organisations only (also
not for a superuser outside them: the admin is their tool), the admin for
staff.
"""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

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
from messaging.models import Batch, Message
from messaging.replies import reply_token
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
    return _only("organiser", allowed, anonymous={302}, others={404})


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


# name: (method, arguments from the world, expected answers by role)
RULES = {
    "events:home": ("get", lambda w: [], EVERYONE),
    "events:public_detail": ("get", lambda w: [w.event.slug], EVERYONE),
    "events:accessibility": ("get", lambda w: [], EVERYONE),
    "events:privacy": ("get", lambda w: [], EVERYONE),
    "healthz": ("get", lambda w: [], EVERYONE),
    "set_language": ("post", lambda w: [], dict.fromkeys(ROLES, {302})),
    "applicants:sign_up": ("get", lambda w: [w.event.slug], EVERYONE),
    "applicants:link_request": ("get", lambda w: [], EVERYONE),
    "applicants:personal": ("get", lambda w: [w.token], EVERYONE),
    "applicants:bookings_change": ("get", lambda w: [w.token], EVERYONE),
    # Whoever holds the personal link may give a place back (again: harmless).
    "applicants:booking_cancel": (
        "post",
        lambda w: [w.token, w.booking.pk],
        dict.fromkeys(ROLES, {302}),
    ),
    "applicants:registration_cancel": ("get", lambda w: [w.token], EVERYONE),
    "applicants:contact_change": ("get", lambda w: [w.token], EVERYONE),
    "applicants:qr_code": ("get", lambda w: [w.token], EVERYONE),
    "applicants:calendar": ("get", lambda w: [w.token], EVERYONE),
    "applicants:data_download": ("get", lambda w: [w.token], EVERYONE),
    "applicants:data_delete": ("get", lambda w: [w.token], EVERYONE),
    "messaging:reply": ("get", lambda w: [reply_token(w.registration, "coming")], EVERYONE),
    "messaging:log": ("get", lambda w: [w.event.pk], organiser_page()),
    "messaging:write": ("get", lambda w: [w.event.pk], organiser_page()),
    "messaging:batch": ("get", lambda w: [w.event.pk, w.batch.pk], organiser_page()),
    "messaging:retry": ("post", lambda w: [w.event.pk, w.message.pk], organiser_page({302})),
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
    "events:dashboard": ("get", lambda w: [], ANY_ORGANISER),
    "events:event_create": ("get", lambda w: [], ANY_ORGANISER),
    "events:event_detail": ("get", event(), organiser_page()),
    "events:event_edit": ("get", event(), organiser_page()),
    "events:event_publish": ("post", event(), organiser_page({302})),
    "events:event_close": ("post", event(), organiser_page({302})),
    "events:event_cancel": ("get", event(), organiser_page()),
    "events:session_create": ("get", event(), organiser_page()),
    "events:session_edit": ("get", event("session"), organiser_page()),
    "events:session_delete": ("post", event("session"), organiser_page({302})),
    "events:session_cancel": ("get", event("session"), organiser_page()),
    "events:slots_create": ("get", event("session"), organiser_page()),
    "events:slot_edit": ("get", event("slot"), organiser_page()),
    "events:slot_delete": ("post", event("slot"), organiser_page({302})),
    "events:registrations": ("get", event(), organiser_page()),
    "events:registration_create": ("get", event(), organiser_page()),
    "events:registration_detail": ("get", event("registration"), organiser_page()),
    "events:registration_cancel": ("post", event("registration"), organiser_page({302})),
    "events:booking_add": ("post", event("registration"), organiser_page({302})),
    "events:invite": ("get", event(), organiser_page()),
    "events:invite_confirm": ("post", event(), organiser_page({302})),
    "events:letters": ("get", event(), organiser_page()),
    "events:waiting_list": ("get", event(), organiser_page()),
    "events:participations": ("get", event(), organiser_page()),
    "events:participation_decide": ("post", event("participation"), organiser_page({302})),
    "events:checkin": ("get", event(), organiser_page()),
    "events:checkin_counts": ("get", event(), organiser_page()),
    "events:checkin_mark": ("post", event("registration"), organiser_page({302})),
    "events:report": ("get", event(), organiser_page()),
    "events:export": (
        "get",
        lambda w: [w.event.pk, "participants", "xlsx"],
        organiser_page(),
    ),
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
        self.employer = EmployerFactory()
        self.users["employer"] = UserFactory(username="employer")
        self.employer.user = self.users["employer"]
        self.employer.save()
        self.position = PositionFactory(employer=self.employer)
        self.participation = ParticipationFactory(employer=self.employer, event=self.event)
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
