"""Reads for events: what the public and organisers see."""

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from events.choices import SpokenLanguage
from events.models import Event, Session, Slot, Trade


def events_public_upcoming() -> QuerySet[Event]:
    """Published (or closed) events that have not ended yet, soonest first."""
    return (
        Event.objects.filter(
            status__in=[Event.Status.PUBLISHED, Event.Status.CLOSED],
            ends_at__gte=timezone.now(),
        )
        .select_related("venue")
        .prefetch_related("organisations")
        .order_by("starts_at")
    )


def event_public_get(*, slug: str) -> Event:
    """A published, closed or cancelled event; drafts do not exist for the public."""
    return (
        Event.objects.exclude(status=Event.Status.DRAFT)
        .select_related("venue")
        .prefetch_related("organisations")
        .get(slug=slug)
    )


def slots_with_places() -> QuerySet[Slot]:
    """Slots annotated with ``confirmed_count``; ``places_left`` follows from it."""
    return Slot.objects.annotate(
        confirmed_count=Count("bookings", filter=Q(bookings__status="confirmed"))
    ).order_by("starts_at")


def event_public_programme(*, event: Event) -> list[Session]:
    """The sessions of an event with their slots and the places left in each,
    in a fixed number of queries whatever the number of bookings."""
    sessions = list(
        event.sessions.filter(cancelled_at__isnull=True)
        .select_related("trade", "venue")
        .prefetch_related(Prefetch("slots", queryset=slots_with_places()))
        .order_by("kind", "title")
    )
    for session in sessions:
        for slot in session.slots.all():
            slot.places_left = max(slot.capacity - slot.confirmed_count, 0)
    return sessions


# Organisers' reads. Every query starts from the events of the user's
# organisations: an id from a URL never reaches a row of another organisation.


def events_for_organiser(*, user) -> QuerySet[Event]:
    """The events of all organisations the user is a member of."""
    if not user.is_authenticated:
        return Event.objects.none()
    own = Event.objects.filter(organisations__members=user).values("pk")
    return Event.objects.filter(pk__in=own)


def _count_subquery(queryset: QuerySet, outer: str = "event") -> Coalesce:
    counted = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted), 0)


def events_dashboard(*, user) -> dict[str, list[Event]]:
    """The user's events in three groups (upcoming, drafts, past) with their
    numbers, in two queries whatever the number of events and registrations."""
    from applicants.models import Registration
    from employers.models import Participation

    events = (
        events_for_organiser(user=user)
        .select_related("venue")
        .prefetch_related("organisations")
        .annotate(
            registered_count=_count_subquery(
                Registration.objects.filter(status__in=Registration.HOLDS_PLACE)
            ),
            waitlisted_count=_count_subquery(
                Registration.objects.filter(status=Registration.Status.WAITLISTED)
            ),
            approved_employers_count=_count_subquery(
                Participation.objects.filter(status=Participation.Status.APPROVED)
            ),
        )
        .order_by("starts_at")
    )
    now, today = timezone.now(), timezone.localdate()
    groups: dict[str, list[Event]] = {"upcoming": [], "drafts": [], "past": []}
    for event in events:
        event.days_until_start = (timezone.localtime(event.starts_at).date() - today).days
        if event.status == Event.Status.DRAFT:
            groups["drafts"].append(event)
        elif event.ends_at >= now:
            groups["upcoming"].append(event)
        else:
            groups["past"].append(event)
    groups["past"].reverse()
    return groups


def event_organiser_programme(*, event: Event) -> list[Session]:
    """Sessions with their slots and, per slot, confirmed and waiting bookings."""
    slots = Slot.objects.annotate(
        confirmed_count=Count("bookings", filter=Q(bookings__status="confirmed")),
        waitlisted_count=Count("bookings", filter=Q(bookings__status="waitlisted")),
    ).order_by("starts_at")
    return list(
        event.sessions.select_related("trade", "venue")
        .prefetch_related(Prefetch("slots", queryset=slots))
        .order_by("kind", "title_de")
    )


def slot_room_clash(*, session: Session, intervals, exclude_ids=()) -> Slot | None:
    """The first slot of the same event and room that overlaps one of the
    intervals, or None. Sessions without a room never clash."""
    room = session.room.strip()
    if not room or not intervals:
        return None
    overlapping = Q()
    for start, end in intervals:
        overlapping |= Q(starts_at__lt=end, ends_at__gt=start)
    return (
        Slot.objects.filter(session__event_id=session.event_id, session__room__iexact=room)
        .filter(overlapping)
        .exclude(pk__in=list(exclude_ids))
        .select_related("session")
        .order_by("starts_at")
        .first()
    )


def event_registrations(
    *,
    event: Event,
    search: str = "",
    status: str = "",
    trade=None,
    language: str = "",
    needs_interpreter: bool | None = None,
) -> QuerySet:
    """An event's registrations, filtered, with the applicant, their trades and
    their active bookings loaded in a fixed number of queries."""
    from applicants.models import Booking

    registrations = event.registrations.select_related("applicant").prefetch_related(
        "applicant__trades",
        Prefetch(
            "bookings",
            queryset=Booking.objects.exclude(status=Booking.Status.CANCELLED)
            .select_related("slot__session")
            .order_by("slot__starts_at"),
        ),
    )
    for term in search.split():
        registrations = registrations.filter(
            Q(applicant__first_name__icontains=term)
            | Q(applicant__last_name__icontains=term)
            | Q(applicant__email__icontains=term)
            | Q(applicant__phone__icontains=term)
        )
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


def event_waiting_lists(*, event: Event) -> tuple[QuerySet, QuerySet]:
    """The event's waiting list and the slots' waiting lists, first come first."""
    from applicants.models import Booking, Registration

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


def checkin_counts(*, event: Event) -> dict[str, int]:
    """Expected guests (those holding a place) and those present."""
    from applicants.models import Registration

    return event.registrations.aggregate(
        expected=Count("pk", filter=Q(status__in=Registration.HOLDS_PLACE)),
        present=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )


def checkin_search(*, event: Event, query: str, limit: int = 20) -> list:
    """Registrations whose name (or e-mail, phone) matches every word typed."""
    from applicants.models import Registration

    if not query.strip():
        return []
    return list(
        event_registrations(event=event, search=query)
        .exclude(status=Registration.Status.CANCELLED)
        .prefetch_related(None)[:limit]
    )


# A print run beyond this is better split by filters (trade, language).
LETTERS_MAX = 500


def registration_for_code(*, event: Event, code: str):
    """The registration behind the signed token of a confirmation's QR code
    (the applicant's personal-link token), if it belongs to this event."""
    from applicants.tokens import registration_from_token

    registration = registration_from_token(code.strip())
    if registration is None or registration.event_id != event.pk:
        return None
    return registration


def _language_label(code: str) -> str:
    try:
        return str(SpokenLanguage(code).label)
    except ValueError:
        return code


def event_report(*, event: Event) -> dict:
    """Who registered, who came, in which trades and languages, and which
    employers took part with how many open positions per trade. A fixed
    number of queries: the per-person figures are counted from one row per
    registration."""
    from applicants.models import Registration
    from employers.models import Participation, Position

    rows = list(
        event.registrations.exclude(status=Registration.Status.CANCELLED).values_list(
            "status",
            "checked_in_at",
            "applicant__spoken_languages",
            "applicant__needs_interpreter",
            "applicant__interpreter_language",
        )
    )
    holds_place = set(Registration.HOLDS_PLACE)
    registered = sum(status in holds_place for status, *_rest in rows)
    present = sum(checked_in is not None for _s, checked_in, *_rest in rows)
    # Before the doors open nobody can have missed the day.
    no_shows = (
        sum(status in holds_place and checked_in is None for status, checked_in, *_rest in rows)
        if event.starts_at <= timezone.now()
        else None
    )
    languages: dict[str, list[int]] = {}
    interpreters: dict[str, int] = {}
    for _status, checked_in, spoken, needs_interpreter, interpreter_language in rows:
        for code in spoken or []:
            counts = languages.setdefault(code, [0, 0])
            counts[0] += 1
            counts[1] += checked_in is not None
        if needs_interpreter:
            interpreters[interpreter_language] = interpreters.get(interpreter_language, 0) + 1

    by_trade = (
        event.registrations.exclude(status=Registration.Status.CANCELLED)
        .filter(applicant__trades__isnull=False)
        .values("applicant__trades")
        .annotate(
            registered=Count("pk"), present=Count("pk", filter=Q(checked_in_at__isnull=False))
        )
    )
    positions = (
        Position.objects.filter(
            is_open=True,
            employer__participations__event=event,
            employer__participations__status=Participation.Status.APPROVED,
        )
        .values("trade")
        .annotate(positions=Count("pk"), openings=Sum("openings"))
    )
    by_trade, positions = list(by_trade), list(positions)
    trade_ids = {row["applicant__trades"] for row in by_trade} | {row["trade"] for row in positions}
    trades = {trade.pk: trade for trade in Trade.objects.filter(pk__in=trade_ids)}
    trade_rows: dict[int, dict] = {
        pk: {"trade": trade, "registered": 0, "present": 0, "positions": 0, "openings": 0}
        for pk, trade in trades.items()
    }
    for row in by_trade:
        trade_rows[row["applicant__trades"]].update(
            registered=row["registered"], present=row["present"]
        )
    for row in positions:
        trade_rows[row["trade"]].update(positions=row["positions"], openings=row["openings"])

    employers = dict(event.participations.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "registered": registered,
        "present": present,
        "no_shows": no_shows,
        "waitlisted": sum(status == Registration.Status.WAITLISTED for status, *_r in rows),
        "by_trade": sorted(trade_rows.values(), key=lambda row: str(row["trade"])),
        "by_language": sorted(
            ((_language_label(code), counts[0], counts[1]) for code, counts in languages.items()),
            key=lambda row: (-row[1], row[0]),
        ),
        "interpreters": sorted(
            ((_language_label(code), n) for code, n in interpreters.items()),
            key=lambda row: (-row[1], row[0]),
        ),
        "employers": {
            status: employers.get(status, 0) for status, _label in Participation.Status.choices
        },
        "employers_attendees": event.participations.filter(
            status=Participation.Status.APPROVED
        ).aggregate(n=Coalesce(Sum("attendees"), 0))["n"],
    }
