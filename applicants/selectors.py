"""Reads for applicants: what the sign-up form and the personal page show,
and the organisers' lists of people."""

from collections.abc import Iterable

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from applicants.codes import checkin_code_clean
from applicants.models import Applicant, Booking, Consent, Registration
from applicants.tokens import registration_from_badge
from events.models import Event


def _same_contact(*, email: str, phone: str) -> Q:
    """Registrations made with this e-mail address (in any case) or mobile
    number; nothing when both are empty."""
    condition = Q(pk__in=[])
    if email:
        condition |= Q(applicant__email__iexact=email)
    if phone:
        condition |= Q(applicant__phone=phone)
    return condition


def _registrations_holding_contact(*, event: Event) -> QuerySet[Registration]:
    """The one rule for "this person is registered already": a registration
    for the event that is not cancelled, of someone whose data still exists.
    A person who cancelled may sign up, or be invited, again."""
    return event.registrations.exclude(status=Registration.Status.CANCELLED).filter(
        applicant__anonymised_at__isnull=True
    )


def registration_same_contact(
    *, event: Event, email: str, phone: str, exclude: Registration | None = None
) -> QuerySet[Registration]:
    """The registrations for this event made with the same e-mail address (in
    any case) or mobile number, first come first."""
    registrations = _registrations_holding_contact(event=event).filter(
        _same_contact(email=email, phone=phone)
    )
    if exclude is not None:
        registrations = registrations.exclude(pk=exclude.pk)
    return registrations.order_by("created_at", "id")


def event_contacts_taken(*, event: Event) -> set[str]:
    """The e-mail addresses (lower case) and mobile numbers registered for the
    event by the same rule, for checking a whole list at once."""
    taken = set()
    for email, phone in _registrations_holding_contact(event=event).values_list(
        "applicant__email", "applicant__phone"
    ):
        taken.update(key for key in (email.lower(), phone) if key)
    return taken


def applicants_of_event(*, event: Event, statuses: list[str]) -> QuerySet[Applicant]:
    """The people with a registration of one of these statuses: the audience
    of an organiser's message."""
    return Applicant.objects.filter(
        registrations__event=event, registrations__status__in=statuses
    ).distinct()


def _came_before(*, created_at, pk) -> Q:
    """Rows ahead of this one on a waiting list: the order the list moves on
    (time of arrival, then id)."""
    return Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk)


def registration_bookings(*, registration: Registration) -> QuerySet[Booking]:
    """The registration's confirmed and waiting bookings in time order, each
    with ``waiting_position`` (1 = next to move up; 0 when confirmed), in one
    query whatever the length of the waiting lists."""
    ahead = (
        Booking.objects.filter(slot=OuterRef("slot"), status=Booking.Status.WAITLISTED)
        .filter(_came_before(created_at=OuterRef("created_at"), pk=OuterRef("id")))
        .order_by()
        .values("slot")
        .annotate(count=Count("id"))
        .values("count")
    )
    return (
        registration.bookings.exclude(status=Booking.Status.CANCELLED)
        .select_related(
            "slot__session__trade", "slot__session__venue", "slot__session__event__venue"
        )
        .annotate(
            waiting_ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)),
        )
        .order_by("slot__starts_at", "slot__session__title")
    )


def bookings_places_ahead(*, bookings: Iterable[Booking]) -> list[Booking]:
    """The bookings with ``waiting_ahead`` (how many wait before each on its
    slot's list; 0 when confirmed): a query for each waiting one only."""
    bookings = list(bookings)
    for booking in bookings:
        booking.waiting_ahead = (
            Booking.objects.filter(slot_id=booking.slot_id, status=Booking.Status.WAITLISTED)
            .filter(_came_before(created_at=booking.created_at, pk=booking.pk))
            .count()
            if booking.status == Booking.Status.WAITLISTED
            else 0
        )
    return bookings


def registration_waiting_position(*, registration: Registration) -> int:
    """The registration's number on the event's waiting list (1 = next to
    move up), in the order the list moves on; 0 when it is not waiting."""
    if registration.status != Registration.Status.WAITLISTED:
        return 0
    ahead = registration.event.registrations.filter(
        _came_before(created_at=registration.created_at, pk=registration.pk),
        status=Registration.Status.WAITLISTED,
    )
    return ahead.count() + 1


def registrations_current_for_contact(*, email: str, phone: str) -> QuerySet[Registration]:
    """Registrations for events still to come made with this e-mail address or
    mobile number."""
    return (
        Registration.objects.filter(_same_contact(email=email, phone=phone))
        .filter(applicant__anonymised_at__isnull=True, event__ends_at__gt=timezone.now())
        .exclude(status=Registration.Status.INVITED)
        .select_related("applicant", "event__venue")
        .order_by("event__starts_at")
    )


def _name_matches(search: str) -> Q:
    """Every word typed is part of the first or last name, e-mail or phone."""
    condition = Q()
    for term in search.split():
        condition &= (
            Q(applicant__first_name__icontains=term)
            | Q(applicant__last_name__icontains=term)
            | Q(applicant__email__icontains=term)
            | Q(applicant__phone__icontains=term)
        )
    return condition


def event_registrations(
    *,
    event: Event,
    search: str = "",
    status: str = "",
    trade=None,
    language: str = "",
    needs_interpreter: bool | None = None,
) -> QuerySet[Registration]:
    """An event's registrations, filtered, with the applicant, their trades and
    their active bookings loaded in a fixed number of queries."""
    registrations = event.registrations.select_related("applicant").prefetch_related(
        "applicant__trades",
        Prefetch(
            "bookings",
            queryset=Booking.objects.exclude(status=Booking.Status.CANCELLED)
            .select_related("slot__session")
            .order_by("slot__starts_at"),
        ),
    )
    if search:
        registrations = registrations.filter(_name_matches(search))
    if status:
        registrations = registrations.filter(status=status)
    if trade is not None:
        registrations = registrations.filter(applicant__trades=trade)
    if language:
        # The JSON list as text: SQLite (make run) has no JSON containment.
        registrations = registrations.alias(
            spoken_text=Cast("applicant__spoken_languages", TextField())
        ).filter(
            Q(spoken_text__contains=f'"{language}"')
            | Q(applicant__language=language)
            | Q(applicant__interpreter_language=language)
        )
    if needs_interpreter is not None:
        registrations = registrations.filter(applicant__needs_interpreter=needs_interpreter)
    return registrations.order_by("applicant__last_name", "applicant__first_name", "pk")


def event_waiting_lists(*, event: Event) -> tuple[QuerySet[Registration], QuerySet[Booking]]:
    """The event's waiting list and the slots' waiting lists, first come first."""
    event_list = (
        event.registrations.filter(status=Registration.Status.WAITLISTED)
        .select_related("applicant")
        .order_by("created_at", "pk")
    )
    slot_lists = (
        Booking.objects.filter(slot__session__event=event, status=Booking.Status.WAITLISTED)
        .select_related("registration__applicant", "slot__session")
        .order_by("slot__starts_at", "slot_id", "created_at", "pk")
    )
    return event_list, slot_lists


def _per_event(rows: QuerySet, *, event_path: str, counted: str = "pk") -> Coalesce:
    """A subquery counting ``rows`` (distinct ``counted``) of the outer event:
    one number per event, however many rows there are."""
    counts = (
        rows.filter(**{event_path: OuterRef("pk")})
        .order_by()
        .values(event_path)
        .annotate(n=Count(counted, distinct=True))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def events_with_counts(*, events: QuerySet[Event]) -> QuerySet[Event]:
    """The events, each with the numbers the back office shows, kept apart so
    that none hides another:

    - ``registered_count``: people registered for the event, i.e. holding a
      guest place (with or without a workshop place; present or not);
    - ``present_count``: people checked in;
    - ``waitlisted_count``: people waiting for a guest place;
    - ``with_workshop_count``: people with a place in at least one workshop;
    - ``workshop_waiting_count``: people waiting for at least one workshop;
    - ``workshop_waiting_places_count``: places asked for on the workshops'
      waiting lists (one person may wait for several).

    One subquery each, so the number of queries does not grow with the
    number of people."""
    registrations = Registration.objects.all()
    confirmed = Booking.objects.filter(status=Booking.Status.CONFIRMED)
    waiting = Booking.objects.filter(status=Booking.Status.WAITLISTED)
    return events.annotate(
        registered_count=_per_event(
            registrations.filter(status__in=Registration.HOLDS_PLACE), event_path="event"
        ),
        present_count=_per_event(
            registrations.filter(checked_in_at__isnull=False).exclude(
                status=Registration.Status.CANCELLED
            ),
            event_path="event",
        ),
        waitlisted_count=_per_event(
            registrations.filter(status=Registration.Status.WAITLISTED), event_path="event"
        ),
        with_workshop_count=_per_event(
            confirmed, event_path="registration__event", counted="registration"
        ),
        workshop_waiting_count=_per_event(
            waiting, event_path="registration__event", counted="registration"
        ),
        workshop_waiting_places_count=_per_event(waiting, event_path="registration__event"),
    )


EVENT_COUNTS = [
    "registered_count",
    "present_count",
    "waitlisted_count",
    "with_workshop_count",
    "workshop_waiting_count",
    "workshop_waiting_places_count",
]


def event_counts(*, event: Event) -> dict[str, int]:
    """One event's numbers (``events_with_counts``) in one query."""
    return events_with_counts(events=Event.objects.filter(pk=event.pk)).values(*EVENT_COUNTS).get()


def checkin_counts(*, event: Event) -> dict[str, int]:
    """Expected guests (those holding a place) and those present."""
    return event.registrations.aggregate(
        expected=Count("pk", filter=Q(status__in=Registration.HOLDS_PLACE)),
        present=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )


def checkin_search(*, event: Event, query: str, limit: int = 20) -> list[Registration]:
    """Registrations whose name (or e-mail, phone) matches every word typed,
    or whose code for the entrance was typed (a name such as “Achmed” may
    look like a code: both are found)."""
    if not query.strip():
        return []
    matches = _name_matches(query)
    if code := checkin_code_clean(query):
        matches |= Q(code=code)
    return list(
        event_registrations(event=event)
        .filter(matches)
        .exclude(status=Registration.Status.CANCELLED)
        .prefetch_related(None)[:limit]
    )


def registration_for_code(*, event: Event, code: str) -> Registration | None:
    """The registration of this event behind a code from a confirmation or
    letter: the code for the entrance typed in (any case, with or without
    the hyphen), or the signed token a QR code holds."""
    if short := checkin_code_clean(code):
        return event.registrations.select_related("applicant").filter(code=short).first()
    registration = registration_from_badge(code.strip())
    if registration is None or registration.event_id != event.pk:
        return None
    return registration


def applicant_consents(*, applicant: Applicant) -> set[str]:
    """The purposes the applicant agrees to now."""
    return set(
        applicant.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True)
    )


def consent_given(purpose: str, *, applicant: str = "applicant") -> Exists:
    """Whether the applicant at ``applicant`` (a path from the queried model)
    agrees to ``purpose`` now: for ``annotate`` and ``filter``."""
    return Exists(
        Consent.objects.filter(
            applicant=OuterRef(applicant), purpose=purpose, withdrawn_at__isnull=True
        )
    )
