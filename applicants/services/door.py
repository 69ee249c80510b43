"""What devices at the door recorded while offline, applied when they are
back online (``applicants.door`` holds the list they decide by).

Each item is applied in its own transaction under the event's row lock
(``places_lock``, as every check-in), and at most once: the device makes an
id for it (``client_id``), and the same item sent again is answered with the
result of the first time. Two phones that let the same person in offline
make two items: the first checks them in, the second is "already".

The time of a check-in is the server's when the item arrives, as for every
check-in (``registration_check_in`` keeps the first one); the device's time
is kept beside it (``DoorCheckIn.recorded_at``). Devices' clocks are set by
hand, or not at all: the server's time is the one all check-ins share.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from applicants.models import DoorCheckIn, Registration
from applicants.selectors import registration_for_code, registration_same_contact
from applicants.services.attendance import registration_check_in
from applicants.services.places import places_lock
from applicants.services.registrations import applicant_register_on_behalf
from events.models import Event, Trade


@dataclass(frozen=True)
class WalkIn:
    """Someone registered at the door: the on-behalf form's fields, cleaned."""

    applicant_fields: dict[str, Any]
    trades: list[Trade] = field(default_factory=list)
    consents: set[str] = field(default_factory=set)
    # What the device sent, for the record.
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DoorItem:
    """One entry of a device's queue: a check-in of someone of the door list
    (``registration``, its id) or of what was scanned or typed (``code``),
    or a walk-in."""

    client_id: UUID
    kind: str
    recorded_at: datetime
    registration: int | None = None
    code: str = ""
    walk_in: WalkIn | None = None


def door_sync(*, event: Event, items: Iterable[DoorItem], entered_by) -> list[dict]:
    """Apply a device's queue in its order; one result per item (see
    ``door_result``). Safe to send again: items applied before are answered
    as they were."""
    return [_door_item_apply(event=event, item=item, entered_by=entered_by) for item in items]


def door_result(door_check_in: DoorCheckIn) -> dict:
    """What the device is told about an item, from what was recorded only:
    the same answer each time it is sent."""
    return {
        "client_id": str(door_check_in.client_id),
        "kind": door_check_in.kind,
        "outcome": door_check_in.outcome,
        "registration": door_check_in.registration_id,
        "received_at": door_check_in.received_at.isoformat(),
    }


@transaction.atomic
def _door_item_apply(*, event: Event, item: DoorItem, entered_by) -> dict:
    places_lock(event=event)
    done = DoorCheckIn.objects.filter(client_id=item.client_id, event=event).first()
    if done is not None:
        return door_result(done)
    if item.kind == DoorCheckIn.Kind.WALK_IN:
        registration, outcome = _walk_in(event=event, walk_in=item.walk_in, entered_by=entered_by)
    else:
        registration, outcome = _check_in(event=event, item=item)
    return door_result(
        DoorCheckIn.objects.create(
            client_id=item.client_id,
            event=event,
            registration=registration,
            kind=item.kind,
            recorded_at=item.recorded_at,
            outcome=outcome,
            payload=item.walk_in.payload if item.walk_in else {},
            entered_by=entered_by,
        )
    )


def _check_in(*, event: Event, item: DoorItem) -> tuple[Registration | None, str]:
    if item.registration is not None:
        registration = event.registrations.filter(pk=item.registration).first()
    else:
        registration = registration_for_code(event=event, code=item.code)
    if registration is None:
        return None, DoorCheckIn.Outcome.UNKNOWN
    was_in = registration.checked_in_at is not None
    try:
        registration_check_in(registration=registration)
    except ValidationError:
        # Let in at the door while the registration was cancelled here:
        # nothing changes, staff find out what happened (``door_conflicts``).
        return registration, DoorCheckIn.Outcome.CONFLICT_CANCELLED
    return registration, DoorCheckIn.Outcome.ALREADY if was_in else DoorCheckIn.Outcome.CHECKED_IN


def _walk_in(*, event: Event, walk_in: WalkIn, entered_by) -> tuple[Registration, str]:
    """Register the walk-in, present; someone registered with the same e-mail
    or phone meanwhile (or before, unseen offline) is checked in instead."""
    fields = walk_in.applicant_fields
    duplicate = (
        registration_same_contact(
            event=event, email=fields.get("email", ""), phone=fields.get("phone", "")
        )
        .select_related("applicant")
        .first()
    )
    if duplicate is not None:
        registration = registration_check_in(registration=duplicate)
        return registration, DoorCheckIn.Outcome.WALK_IN_DUPLICATE
    registration = applicant_register_on_behalf(
        event=event,
        entered_by=entered_by,
        trades=walk_in.trades,
        present=True,
        consents=walk_in.consents,
        **fields,
    )
    return registration, DoorCheckIn.Outcome.WALK_IN_CREATED


@transaction.atomic
def door_conflict_resolve(*, door_check_in: DoorCheckIn, resolved_by) -> None:
    """A staff member has looked into a conflict: it leaves the list.
    Resolving twice keeps the first time and person."""
    DoorCheckIn.objects.filter(pk=door_check_in.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=resolved_by
    )
