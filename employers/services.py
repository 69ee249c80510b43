"""Writes for employers: registration, sign-in links, open positions and
participation in events (requested by employers, decided by organisers)."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from employers.models import EMAIL_TAKEN, NAME_TAKEN, Employer, Participation, Position
from employers.sign_in import SIGN_IN_LINK_MAX_AGE, sign_in_token_make
from events.models import Event, Trade
from messaging.models import Message
from messaging.services import Recipient, message_enqueue


def message_to_employer(
    *,
    kind: str,
    employer: Employer,
    event: Event | None = None,
    context: dict | None = None,
    **options,
) -> list[Message]:
    """Message an employer's contact person by e-mail, in German. ``options``
    go to ``messaging.services.message_enqueue`` (``dedupe_key``, …)."""
    return message_enqueue(
        kind=kind,
        recipient=Recipient(
            language=settings.LANGUAGE_CODE, email=employer.email, employer=employer
        ),
        event=event,
        context={"employer": employer, "event": event, **(context or {})},
        **options,
    )


class EmployerAlreadyRegistered(ValidationError):
    """Another employer has this e-mail address, or this name in this postcode;
    the errors carry the same codes as the model's own checks."""

    @classmethod
    def by_email(cls):
        return cls({"email": ValidationError(EMAIL_TAKEN, code="unique")})

    @classmethod
    def by_name(cls):
        return cls({NON_FIELD_ERRORS: ValidationError(NAME_TAKEN, code="duplicate")})


class ParticipationNotAllowed(Exception):
    """The change does not fit the participation's status or the event."""


@dataclass(frozen=True)
class EmployerData:
    """What an employer tells about the company, as the forms collect it."""

    name: str
    trades: Iterable[Trade]
    street: str
    postcode: str
    city: str
    contact_name: str
    email: str
    phone: str
    size: str
    languages: list[str]
    description: str = ""


def _normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_not_registered(*, data: EmployerData, exclude: Employer | None = None) -> None:
    others = Employer.objects.all()
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.filter(email=_normalise_email(data.email)).exists():
        raise EmployerAlreadyRegistered.by_email()
    if others.filter(name__iexact=data.name.strip(), postcode=data.postcode).exists():
        raise EmployerAlreadyRegistered.by_name()


def _apply(employer: Employer, data: EmployerData) -> None:
    employer.name = data.name.strip()
    employer.street = data.street
    employer.postcode = data.postcode
    employer.city = data.city
    employer.contact_name = data.contact_name
    employer.email = _normalise_email(data.email)
    employer.phone = data.phone
    employer.size = data.size
    employer.languages = list(data.languages)
    employer.description = data.description


def _save_unique(employer: Employer) -> None:
    # The checks above give the friendly answer; the database constraints
    # catch the registration that arrives at the same moment.
    try:
        with transaction.atomic():
            employer.save()
    except IntegrityError as exc:
        if "employer_unique_name_postcode" in str(exc):
            raise EmployerAlreadyRegistered.by_name() from None
        raise EmployerAlreadyRegistered.by_email() from None


def _login_create(employer: Employer) -> None:
    """A Django user for the employer, without a usable password: employers
    sign in by e-mail link (see employers/sign_in.py)."""
    user = get_user_model()(username=f"employer-{secrets.token_hex(8)}", email=employer.email)
    user.set_unusable_password()
    user.save()
    employer.user = user
    employer.save(update_fields=["user"])


@transaction.atomic
def employer_register(*, data: EmployerData) -> Employer:
    """Register a company with a login of its own (no password: it signs in
    by e-mail link) and confirm the registration by e-mail.

    Raises ``EmployerAlreadyRegistered`` when the e-mail address, or the
    company name in the same postcode, is registered already."""
    _check_not_registered(data=data)
    employer = Employer()
    _apply(employer, data)
    _save_unique(employer)
    employer.trades.set(data.trades)
    _login_create(employer)
    message_to_employer(
        kind="employer_registered",
        employer=employer,
        context={
            "company_url": settings.SITE_URL + reverse("employers:company"),
            "sign_in_url": settings.SITE_URL + reverse("employers:sign_in"),
        },
    )
    return employer


@transaction.atomic
def employer_update(*, employer: Employer, data: EmployerData) -> Employer:
    """Change the company's details; the login follows a new e-mail address."""
    _check_not_registered(data=data, exclude=employer)
    _apply(employer, data)
    _save_unique(employer)
    employer.trades.set(data.trades)
    if employer.user is not None and employer.user.email != employer.email:
        employer.user.email = employer.email
        employer.user.save(update_fields=["email"])
    return employer


@transaction.atomic
def sign_in_link_send(*, email: str) -> bool:
    """E-mail a sign-in link to the employer registered with ``email``.

    Returns whether there was one; callers must not tell the visitor, so
    that the form does not reveal which companies are registered."""
    employer = (
        Employer.objects.select_related("user")
        .select_for_update(of=("self",))
        .filter(email=_normalise_email(email))
        .first()
    )
    if employer is None or (employer.user is not None and not employer.user.is_active):
        return False
    if employer.user is None:
        # Entered by organisers or in the admin: the first link creates the login.
        _login_create(employer)
    token = sign_in_token_make(user=employer.user)
    message_to_employer(
        kind="employer_sign_in",
        employer=employer,
        context={
            "sign_in_url": settings.SITE_URL
            + reverse("employers:sign_in_link", kwargs={"token": token}),
            "minutes": SIGN_IN_LINK_MAX_AGE // 60,
        },
    )
    return True


def position_create(*, employer: Employer, **fields) -> Position:
    """Add an open position; ``fields`` are the position's model fields."""
    position = Position(employer=employer, **fields)
    position.full_clean()
    position.save()
    return position


def position_update(*, position: Position, **fields) -> Position:
    for name, value in fields.items():
        setattr(position, name, value)
    position.full_clean()
    position.save()
    return position


def position_close(*, position: Position) -> Position:
    """Close a filled position: it leaves the public lists and event pages."""
    position.is_open = False
    position.save(update_fields=["is_open"])
    return position


def position_reopen(*, position: Position) -> Position:
    position.is_open = True
    position.save(update_fields=["is_open"])
    return position


def event_open_for_employers(*, event: Event) -> bool:
    """Employers can ask to come to a published event that has not started."""
    return event.status == Event.Status.PUBLISHED and event.starts_at > timezone.now()


@transaction.atomic
def participation_request(
    *, employer: Employer, event: Event, attendees: int, positions: Iterable[Position] = ()
) -> Participation:
    """Ask to attend an event, or change a pending request. A withdrawn
    request becomes pending again. Only the employer's own open positions
    can be named."""
    if not event_open_for_employers(event=event):
        raise ParticipationNotAllowed("The event does not take employers' requests.")
    positions = list(positions)
    if any(p.employer_id != employer.pk or not p.is_open for p in positions):
        raise ParticipationNotAllowed("Only the employer's own open positions can be named.")
    participation, _ = Participation.objects.select_for_update().get_or_create(
        employer=employer, event=event, defaults={"attendees": attendees}
    )
    if participation.status not in {
        Participation.Status.PENDING,
        Participation.Status.WITHDRAWN,
    }:
        raise ParticipationNotAllowed("An approved or declined request cannot be changed.")
    participation.status = Participation.Status.PENDING
    participation.attendees = attendees
    participation.full_clean()
    participation.save()
    participation.positions.set(positions)
    return participation


@transaction.atomic
def participation_withdraw(*, participation: Participation) -> Participation:
    """The employer will not come after all; possible until the day before."""
    if not participation.can_withdraw:
        raise ParticipationNotAllowed("This request can no longer be withdrawn.")
    participation.status = Participation.Status.WITHDRAWN
    participation.save(update_fields=["status"])
    return participation


def _decide(participation: Participation, *, status: str, decided_by) -> None:
    participation.status = status
    participation.decided_by = decided_by
    participation.decided_at = timezone.now()


@transaction.atomic
def participation_approve(
    *, participation: Participation, table: str = "", decided_by
) -> Participation:
    """An organiser lets the employer come, optionally at a given table, and
    the employer is told by e-mail. Approving again only changes the table."""
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.status == Participation.Status.WITHDRAWN:
        raise ParticipationNotAllowed("The employer has withdrawn.")
    participation.table = table
    if participation.status == Participation.Status.APPROVED:
        participation.save(update_fields=["table"])
        return participation
    _decide(participation, status=Participation.Status.APPROVED, decided_by=decided_by)
    participation.save(update_fields=["status", "table", "decided_by", "decided_at"])
    message_to_employer(
        kind="participation_approved",
        employer=participation.employer,
        event=participation.event,
        context={
            "participation": participation,
            "participation_url": settings.SITE_URL
            + reverse("employers:participation_detail", kwargs={"pk": participation.pk}),
        },
    )
    return participation


@transaction.atomic
def participation_decline(*, participation: Participation, decided_by) -> Participation:
    """An organiser turns the request down (e.g. no room left); the employer
    is told by e-mail."""
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.status == Participation.Status.WITHDRAWN:
        raise ParticipationNotAllowed("The employer has withdrawn.")
    if participation.status == Participation.Status.DECLINED:
        return participation
    _decide(participation, status=Participation.Status.DECLINED, decided_by=decided_by)
    participation.table = ""
    participation.save(update_fields=["status", "table", "decided_by", "decided_at"])
    message_to_employer(
        kind="participation_declined",
        employer=participation.employer,
        event=participation.event,
        context={"participation": participation},
    )
    return participation
