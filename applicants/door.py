"""The door when the venue's network fails: the list a device at the door
keeps, and the rule it decides each scan by, the same as the server's.

The device downloads ``door_list`` while online and decides a scan offline
with ``door_lookup`` and ``door_decision`` (the browser's code follows these
two functions; ``applicants/tests/door_cases.json`` holds both sides to the
same cases). What it queued is applied later by
``applicants.services.door.door_sync``.

The list holds what the door needs and nothing more: names to greet and find
people by, the code for the entrance, the state of the registration and the
day's workshops; never an e-mail address or a phone number.

A QR code holds a signed token (``applicants.tokens``) the device cannot
check without the server's secret. The list carries instead, per person, the
SHA-256 of each token the server accepts for them (``verifiers``, 32 hex
digits each): the badge and, on letters printed before the badge, the
personal link's token. What is scanned is hashed and looked up; a token that
was forged, belongs to another event or no longer opens anything (the
person's data deleted, the fair longer ago than the retention period) has no
entry, as the server finds nobody for it. Links of the scheme before the
current one (Django's signed format, with a time stamp) cannot be hashed in
advance: offline they find nobody; online the server still accepts them.
"""

import hashlib
import unicodedata
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from applicants.codes import checkin_code_clean
from applicants.models import Booking, DoorCheckIn, Registration
from applicants.selectors import event_registrations
from applicants.tokens import registration_token
from events.models import Event

VERIFIER_LENGTH = 32
# What the device decides for a scan; the server's check-in decides the same.
VALID, ALREADY, CANCELLED, UNKNOWN = "valid", "already", "cancelled", "unknown"


def door_verifier(scanned: str) -> str:
    """The hash a scanned token is looked up by (the device computes the same
    with WebCrypto: SHA-256 of the trimmed text in UTF-8, in hex)."""
    return hashlib.sha256(scanned.strip().encode()).hexdigest()[:VERIFIER_LENGTH]


def door_day(*, event: Event) -> date:
    """The day whose workshops the door list shows: today while the event
    runs, before that its first day (a list downloaded the evening before)."""
    today = timezone.localdate()
    first, last = timezone.localdate(event.starts_at), timezone.localdate(event.ends_at)
    return today if first <= today <= last else first


def door_list(*, event: Event) -> dict:
    """Everything a device at the door needs to decide scans offline, ready
    for JSON, in three queries whatever the number of people."""
    day = door_day(event=event)
    tokens_live = event.ends_at > timezone.now() - timedelta(days=settings.RETENTION_DAYS)
    titles = {session.pk: session.title for session in event.sessions.all()}
    bookings = defaultdict(list)
    for registration_id, starts_at, session_id in (
        Booking.objects.filter(
            registration__event=event,
            status=Booking.Status.CONFIRMED,
            slot__session__cancelled_at__isnull=True,
            slot__starts_at__date=day,
        )
        .order_by("slot__starts_at", "slot__session_id")
        .values_list("registration_id", "slot__starts_at", "slot__session_id")
    ):
        bookings[registration_id].append(
            {"starts_at": timezone.localtime(starts_at).isoformat(), "title": titles[session_id]}
        )
    people = []
    for (
        pk,
        first_name,
        last_name,
        code,
        status,
        checked_in_at,
        anonymised_at,
    ) in event.registrations.order_by(
        "applicant__last_name", "applicant__first_name", "pk"
    ).values_list(
        "pk",
        "applicant__first_name",
        "applicant__last_name",
        "code",
        "status",
        "checked_in_at",
        "applicant__anonymised_at",
    ):
        opens = tokens_live and anonymised_at is None
        people.append(
            {
                "id": pk,
                "first_name": first_name,
                "last_name": last_name,
                "code": code,
                "verifiers": _verifiers(pk) if opens else [],
                "status": status,
                "checked_in_at": checked_in_at.isoformat() if checked_in_at else None,
                "bookings": bookings.get(pk, []),
            }
        )
    return {
        "event": event.pk,
        "title": event.title,
        "day": day.isoformat(),
        "generated_at": timezone.now().isoformat(),
        "people": people,
    }


def _verifiers(registration_id: int) -> list[str]:
    registration = Registration(pk=registration_id)
    return [
        door_verifier(registration_token(registration, purpose))
        for purpose in ("badge", "personal")
    ]


def door_lookup(*, door_list: dict, scanned: str) -> dict | None:
    """The person of the door list a scan names, as ``registration_for_code``
    finds them: a typed code for the entrance (any case, hyphen or not) by
    its code, anything else as a QR code's token by its verifier."""
    if code := checkin_code_clean(scanned):
        return next((p for p in door_list["people"] if p["code"] == code), None)
    verifier = door_verifier(scanned)
    return next((p for p in door_list["people"] if verifier in p["verifiers"]), None)


def door_decision(*, person: dict | None) -> str:
    """What the door does with a scan, by ``registration_check_in``'s rules:
    someone checked in is "already" in (also if they cancelled afterwards:
    the first arrival stands); a cancelled registration is refused; everyone
    else (registered, waiting, invited, not come to an earlier day) is
    "valid" and takes a guest place by coming. Nobody found: "unknown"."""
    if person is None:
        return UNKNOWN
    if person["checked_in_at"]:
        return ALREADY
    if person["status"] == Registration.Status.CANCELLED:
        return CANCELLED
    return VALID


def door_conflicts(*, event: Event) -> QuerySet[DoorCheckIn]:
    """Check-ins recorded offline at people the server had cancelled in the
    meantime, that no staff member has looked into yet."""
    return (
        event.door_check_ins.filter(
            outcome=DoorCheckIn.Outcome.CONFLICT_CANCELLED, resolved_at__isnull=True
        )
        .select_related("registration__applicant", "entered_by")
        .order_by("recorded_at", "id")
    )


def _sort_key(name: str) -> str:
    """A name as German lists sort it (DIN 5007, variant 1): capitals and
    accents do not count, Ö as O and ß as ss. The database's collation (C
    on the server) would put Öztürk after Zimmermann and van Dijk after
    every capital."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def door_paper_list(*, event: Event) -> list[Registration]:
    """The printed door list, the last way in when no device works: everyone
    who may come to the door (holding a place or waiting, not cancelled and
    not only invited), by last name, then first name."""
    registrations = (
        event_registrations(event=event)
        .exclude(status__in=[Registration.Status.CANCELLED, Registration.Status.INVITED])
        .prefetch_related(None)
    )
    return sorted(
        registrations,
        key=lambda r: (_sort_key(r.applicant.last_name), _sort_key(r.applicant.first_name)),
    )
