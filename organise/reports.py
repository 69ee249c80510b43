"""The report on an event: who registered, who came, trades, languages,
interpreters and employers."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from applicants.models import Registration
from applicants.selectors import event_counts
from employers.models import Participation, Position
from events.choices import SpokenLanguage
from events.models import Event, Trade


def _language_label(code: str) -> str:
    try:
        return str(SpokenLanguage(code).label)
    except ValueError:
        return code


def event_report(*, event: Event) -> dict:
    """Who registered, who came, who waits (for a guest place, for a
    workshop), in which trades and languages, and which employers took part
    with how many open positions per trade. A fixed number of queries: the
    per-person figures are counted from one row per registration, the places
    as everywhere else in the back office (``event_counts``)."""
    places = event_counts(event=event)
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
        "registered": places["registered_count"],
        "present": places["present_count"],
        "no_shows": no_shows,
        "waitlisted": places["waitlisted_count"],
        "with_workshop": places["with_workshop_count"],
        "workshop_waiting": places["workshop_waiting_count"],
        "workshop_waiting_places": places["workshop_waiting_places_count"],
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
