"""Reads for employers: their own company, the public lists of open positions
and employers at an event, and the participation requests organisers decide."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from employers.models import Employer, Participation, Position
from events.choices import GermanLevel
from events.models import Event, Trade

# From no German at all to mastery: a position needing B1 suits someone at B1 or above.
GERMAN_LEVEL_ORDER = [level.value for level in GermanLevel]


def employer_for_user(*, user) -> Employer | None:
    if not user.is_authenticated:
        return None
    return Employer.objects.filter(user=user).first()


def employer_positions(*, employer: Employer) -> QuerySet[Position]:
    """All positions of an employer, open ones first."""
    return employer.positions.select_related("trade").order_by("-is_open", "trade__name", "title")


def employer_participations(*, employer: Employer) -> QuerySet[Participation]:
    return employer.participations.select_related("event", "event__venue").order_by(
        "-event__starts_at"
    )


def events_open_for_employers() -> QuerySet[Event]:
    """Published events that have not started: employers may ask to come."""
    return (
        Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__gt=timezone.now())
        .select_related("venue")
        .order_by("starts_at")
    )


def positions_public_list(
    *,
    trade: Trade | None = None,
    kind: str = "",
    german_level: str = "",
) -> QuerySet[Position]:
    """Open positions for the public list. ``german_level`` is the level the
    reader has: positions needing that level or less are shown."""
    positions = Position.objects.filter(is_open=True).select_related("employer", "trade")
    if trade is not None:
        positions = positions.filter(trade=trade)
    if kind:
        positions = positions.filter(kind=kind)
    if german_level in GERMAN_LEVEL_ORDER:
        reachable = GERMAN_LEVEL_ORDER[: GERMAN_LEVEL_ORDER.index(german_level) + 1]
        positions = positions.filter(german_level__in=reachable)
    return positions.order_by("trade__name", "title", "employer__name", "pk")


def participations_for_event(*, event: Event, status: str | None = None) -> QuerySet[Participation]:
    """The employers' requests to attend an event, with what organisers need
    to decide them: the company, its trades and the positions named."""
    participations = event.participations.select_related("employer", "decided_by").prefetch_related(
        "employer__trades",
        Prefetch("positions", queryset=Position.objects.select_related("trade")),
    )
    if status is not None:
        participations = participations.filter(status=status)
    return participations.order_by("status", "employer__name")


@dataclass
class TradeGroup:
    trade: Trade
    positions: list[Position] = field(default_factory=list)


@dataclass
class EventEmployers:
    employers: list[Employer]
    trades: list[TradeGroup]


def event_employers_public(*, event: Event) -> EventEmployers:
    """The approved employers of an event and their open positions grouped by
    trade, in three queries however many there are.

    An employer's positions are those they named for this event; when they
    named none, all their open positions."""
    open_positions = Position.objects.filter(is_open=True).select_related("trade", "employer")
    participations = list(
        event.participations.filter(status=Participation.Status.APPROVED)
        .select_related("employer")
        .prefetch_related(
            Prefetch("positions", queryset=open_positions, to_attr="named_positions"),
            Prefetch("employer__positions", queryset=open_positions, to_attr="open_positions"),
        )
        .order_by("employer__name")
    )
    groups: dict[int, TradeGroup] = {}
    for participation in participations:
        positions = participation.named_positions or participation.employer.open_positions
        for position in positions:
            groups.setdefault(position.trade_id, TradeGroup(trade=position.trade))
            groups[position.trade_id].positions.append(position)
    trades = sorted(groups.values(), key=lambda group: str(group.trade.name))
    for group in trades:
        group.positions.sort(key=lambda position: (position.title, position.employer.name))
    return EventEmployers(employers=[p.employer for p in participations], trades=trades)
