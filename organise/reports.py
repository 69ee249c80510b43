"""The reports on an event: who registered, who came, trades, languages,
interpreters and employers (``event_report``); and what came of it, for the
organisers and the funders (``event_outcomes``)."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, Sum, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.models import FollowUp, Registration
from applicants.selectors import event_counts
from employers.models import Participation, Position
from events.choices import GermanLevel, SpokenLanguage
from events.models import Event, Trade
from meetings.models import Contact, Talk


def _language_label(code: str) -> str:
    try:
        return str(SpokenLanguage(code).label)
    except ValueError:
        return code


def event_report(*, event: Event) -> dict:
    """Who registered, who came, who waits (for a guest place, for a
    workshop), in which trades and languages, and which employers took part
    with how many open positions per trade. A fixed number of queries, all
    counted in the database (no registration is read into Python: the report
    on 50,000 people takes the memory of one on 50); the places as
    everywhere else in the back office (``event_counts``)."""
    places = event_counts(event=event)
    people = event.registrations.exclude(status=Registration.Status.CANCELLED).order_by()
    came = Q(checked_in_at__isnull=False)
    # The languages spoken as their JSON text: SQLite (make run) has no JSON
    # containment; a code in quotes matches that code only.
    speaks = {code: Q(spoken__contains=f'"{code}"') for code in SpokenLanguage.values}
    interpreted = {
        code: Q(applicant__needs_interpreter=True, applicant__interpreter_language=code)
        for code in SpokenLanguage.values
    }
    counts = people.alias(spoken=Cast("applicant__spoken_languages", TextField())).aggregate(
        no_shows=Count("pk", filter=Q(status__in=Registration.HOLDS_PLACE, checked_in_at=None)),
        **{f"speak_{code}": Count("pk", filter=speak) for code, speak in speaks.items()},
        **{f"came_{code}": Count("pk", filter=speak & came) for code, speak in speaks.items()},
        **{f"interpreter_{code}": Count("pk", filter=q) for code, q in interpreted.items()},
    )
    # Before the doors open nobody can have missed the day.
    no_shows = counts["no_shows"] if event.starts_at <= timezone.now() else None
    languages = [
        (_language_label(code), counts[f"speak_{code}"], counts[f"came_{code}"])
        for code in SpokenLanguage.values
        if counts[f"speak_{code}"]
    ]
    interpreters = [
        (_language_label(code), counts[f"interpreter_{code}"])
        for code in SpokenLanguage.values
        if counts[f"interpreter_{code}"]
    ]

    by_trade = (
        people.filter(applicant__trades__isnull=False)
        .values("applicant__trades")
        .annotate(registered=Count("pk"), present=Count("pk", filter=came))
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
        "by_language": sorted(languages, key=lambda row: (-row[1], row[0])),
        "interpreters": sorted(interpreters, key=lambda row: (-row[1], row[0])),
        "employers": {
            status: employers.get(status, 0) for status, _label in Participation.Status.choices
        },
        "employers_attendees": event.participations.filter(
            status=Participation.Status.APPROVED
        ).aggregate(n=Coalesce(Sum("attendees"), 0))["n"],
    }


# The outcome report's breakdowns show a count of 1 to SMALL_GROUP - 1
# people as "fewer than SMALL_GROUP": in a small group (the one person with
# B2 German who found a job) someone could be recognised.
SMALL_GROUP = 5


class FewerThan:
    """A count of people too small to show: reads "fewer than 5"."""

    hidden = True

    def __str__(self):
        return _("fewer than %(count)s") % {"count": SMALL_GROUP}

    def __repr__(self):
        return f"<fewer than {SMALL_GROUP}>"


FEW = FewerThan()


def _shown(count: int) -> int | FewerThan:
    return FEW if 0 < count < SMALL_GROUP else count


@dataclass(frozen=True)
class Breakdown:
    """One table of the outcome report: a row per group (a trade, an
    employer, ...) with its counts, the small ones already hidden. The
    page and the Excel file show the same figures."""

    key: str
    title: str
    # The first heading is the groups' column.
    columns: list[str]
    rows: list[tuple[str, list]]


def _breakdown(*, key, title, columns, groups, counts, keys) -> Breakdown:
    """A row for each ``(group, label)`` of ``groups`` with the counts
    ``keys`` of ``counts[group]`` (0 where there are none), small ones hidden."""
    return Breakdown(
        key=key,
        title=title,
        columns=columns,
        rows=[
            (str(label), [_shown(counts.get(group, {}).get(name, 0)) for name in keys])
            for group, label in groups
        ],
    )


def _by(rows, group: str) -> dict:
    """Grouped rows (``.values(group).annotate(...)``) by their group."""
    return {row.pop(group): row for row in rows}


def _trade_groups(trade_ids: set) -> list[tuple]:
    """``(trade id, name)`` in the order of names, then the people who named
    no trade (id None) if any: one query."""
    trades = sorted(
        Trade.objects.filter(pk__in=trade_ids - {None}), key=lambda trade: str(trade.name)
    )
    groups = [(trade.pk, trade.name) for trade in trades]
    if None in trade_ids:
        groups.append((None, _("No trade named")))
    return groups


def _participants(*, event: Event) -> dict:
    """Who held a guest place, who came (was checked in) and who did not
    (only once the day has begun), by trade, German level and language."""
    started = event.starts_at <= timezone.now()
    people = event.registrations.filter(status__in=Registration.HOLDS_PLACE).order_by()
    attendance = {
        "registered": Count("pk"),
        "attended": Count("pk", filter=Q(checked_in_at__isnull=False)),
    }
    # Someone with two trades counts in both; with none, under "No trade named".
    by_trade = _by(people.values("applicant__trades").annotate(**attendance), "applicant__trades")
    by_level = _by(
        people.values("applicant__german_level").annotate(**attendance), "applicant__german_level"
    )
    by_language = _by(
        people.values("applicant__language").annotate(**attendance), "applicant__language"
    )
    for counts in (*by_trade.values(), *by_level.values(), *by_language.values()):
        counts["missed"] = counts["registered"] - counts["attended"]
    registered = sum(counts["registered"] for counts in by_level.values())
    attended = sum(counts["attended"] for counts in by_level.values())

    keys = ["registered", "attended"] + (["missed"] if started else [])
    headings = [_("Registered"), _("Came")] + ([_("Did not come")] if started else [])
    return {
        "registered": registered,
        "attended": attended,
        "missed": registered - attended if started else None,
        "tables": [
            _breakdown(
                key="trade",
                title=_("By trade"),
                columns=[_("Trade"), *headings],
                groups=_trade_groups(set(by_trade)),
                counts=by_trade,
                keys=keys,
            ),
            _breakdown(
                key="german",
                title=_("By German level"),
                columns=[_("German level"), *headings],
                groups=GermanLevel.choices,
                counts=by_level,
                keys=keys,
            ),
            _breakdown(
                key="language",
                title=_("By language for messages"),
                columns=[_("Language"), *headings],
                groups=settings.LANGUAGES,
                counts=by_language,
                keys=keys,
            ),
        ],
    }


def _talks(*, event: Event) -> dict:
    """The talks held, missed and still planned, and the next steps agreed
    at the employers' tables (not those the person withdrew from the
    employer), by employer, by trade and by kind."""
    talks = Talk.objects.filter(event=event).order_by()
    by_employer: dict[int, dict] = {}
    for participation, status, n in talks.values_list("participation", "status").annotate(
        n=Count("pk")
    ):
        by_employer.setdefault(participation, {})[status] = n
    steps = (
        Contact.objects.filter(participation__event=event, withdrawn_at__isnull=True)
        .exclude(next_step=Contact.NextStep.NONE)
        .order_by()
    )
    for participation, n in steps.values_list("participation").annotate(n=Count("pk")):
        by_employer.setdefault(participation, {})["next_steps"] = n
    employers = event.participations.filter(
        Q(status=Participation.Status.APPROVED) | Q(pk__in=list(by_employer))
    ).order_by("employer__name", "pk")

    trade = "registration__applicant__trades"
    by_trade: dict = {}
    held = talks.filter(status=Talk.Status.HELD)
    for trade_id, n in held.values_list(trade).annotate(n=Count("pk")):
        by_trade.setdefault(trade_id, {})["held"] = n
    for trade_id, n in steps.values_list(trade).annotate(n=Count("pk")):
        by_trade.setdefault(trade_id, {})["next_steps"] = n

    people = Count("registration", distinct=True)
    by_kind = _by(
        steps.values("next_step").annotate(agreed=Count("pk"), people=people), "next_step"
    )
    total = steps.aggregate(agreed=Count("pk"), people=people)
    return {
        "held": sum(counts.get(Talk.Status.HELD, 0) for counts in by_employer.values()),
        "missed": sum(counts.get(Talk.Status.NO_SHOW, 0) for counts in by_employer.values()),
        "planned": sum(counts.get(Talk.Status.PLANNED, 0) for counts in by_employer.values()),
        "next_steps": total["agreed"],
        "people_with_next_step": total["people"],
        "tables": [
            _breakdown(
                key="employer",
                title=_("By employer"),
                columns=[
                    _("Employer"),
                    _("Talks held"),
                    _("Talks the person did not come to"),
                    _("Talks still planned"),
                    _("Next steps agreed"),
                ],
                groups=employers.values_list("pk", "employer__name"),
                counts=by_employer,
                keys=[Talk.Status.HELD, Talk.Status.NO_SHOW, Talk.Status.PLANNED, "next_steps"],
            ),
            _breakdown(
                key="talk-trade",
                title=_("By trade"),
                columns=[_("Trade"), _("Talks held"), _("Next steps agreed")],
                groups=_trade_groups(set(by_trade)),
                counts=by_trade,
                keys=["held", "next_steps"],
            ),
            _breakdown(
                key="next-step",
                title=_("By next step"),
                columns=[_("Next step"), _("Agreed"), _("People")],
                groups=[
                    (step, label)
                    for step, label in Contact.NextStep.choices
                    if step != Contact.NextStep.NONE
                ],
                counts=by_kind,
                keys=["agreed", "people"],
            ),
        ],
    }


def _response(*, asked: int, answered: int) -> list:
    """Asked, answered and the response rate in percent; no rate where it
    would give a hidden count away, or where nobody was asked."""
    shown = [_shown(asked), _shown(answered)]
    rate = round(100 * answered / asked) if asked and FEW not in shown else None
    return [*shown, rate]


def _follow_ups(*, event: Event) -> dict:
    """Per follow-up question: how many were asked, how many answered (an
    answer withdrawn is none) and what."""
    answers: dict[str, dict[str, int]] = {point: {} for point in FollowUp.Point.values}
    for point, answer, n in (
        FollowUp.objects.filter(registration__event=event)
        .order_by()
        .values_list("point", "answer")
        .annotate(n=Count("pk"))
    ):
        answers[point][answer] = n
    asked = {point: sum(counts.values()) for point, counts in answers.items()}
    answered = {point: asked[point] - counts.get("", 0) for point, counts in answers.items()}
    return {
        "asked": sum(asked.values()),
        "answered": sum(answered.values()),
        "tables": [
            Breakdown(
                key="follow-up",
                title=_("Asked and answered"),
                columns=[_("When"), _("Asked"), _("Answered"), _("Response rate (per cent)")],
                rows=[
                    (str(label), _response(asked=asked[point], answered=answered[point]))
                    for point, label in FollowUp.Point.choices
                ],
            ),
            _breakdown(
                key="answer",
                title=_("Answers"),
                columns=[_("Answer"), *(str(label) for _point, label in FollowUp.Point.choices)],
                groups=FollowUp.Answer.choices,
                counts={
                    answer: {point: answers[point].get(answer, 0) for point in answers}
                    for answer in FollowUp.Answer.values
                },
                keys=FollowUp.Point.values,
            ),
        ],
    }


def event_outcomes(*, event: Event) -> dict:
    """What came of the event, for its organisers and funders: who came (by
    trade, German level and language), the talks held and next steps agreed
    (by employer and trade), and the answers to the follow-up questions.

    Every breakdown hides counts of people below ``SMALL_GROUP``; the totals
    are shown as they are. A hidden count can at times be worked out from a
    total and the row's other counts: accepted, as hiding those too would
    leave little of a small fair's tables. Anonymised people count like
    everyone else (their registration, trades, level and answers stay,
    without their name). Counted in the database, in a fixed number of
    queries however many people and employers took part."""
    return {
        "small_group": SMALL_GROUP,
        "participants": _participants(event=event),
        "talks": _talks(event=event),
        "follow_ups": _follow_ups(event=event),
    }
