"""Reads for talks: who may talk with whom, and the scheduling instance the
solver reads (the plain format of ``schedule_talks --in``); and what an
employer may see of the people they met at their table."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from applicants.models import Booking, Consent, Registration
from applicants.selectors import consent_given
from employers.models import Participation, Position
from events.choices import GermanLevel, SpokenLanguage
from events.models import Event
from meetings.models import Contact, Interpreter, Talk, TalkDesk, TalkPlan, Wish

# What a wish is worth to each side; a talk's value is their product, so a
# mutual "very much" and "yes" counts most (4 × 4 × 2 = 32).
APPLICANT_POINTS = {Wish.Level.VERY_MUCH: 4, Wish.Level.INTERESTED: 2, "": 1}
EMPLOYER_POINTS = {Wish.Answer.YES: 4, Wish.Answer.MAYBE: 2, "": 1}
GERMAN_ORDER = [level for level, _label in GermanLevel.choices]


def wish_value(wish: Wish) -> int:
    """The worth of a talk between the two sides of ``wish``; 0 when either
    side said no (such a pair never meets)."""
    if wish.answer == Wish.Answer.NO:
        return 0
    employer = EMPLOYER_POINTS[Wish.Answer.YES] if wish.invited else EMPLOYER_POINTS[wish.answer]
    return 2 * APPLICANT_POINTS[wish.level] * employer


def _with_positions(participations: QuerySet[Participation]) -> QuerySet[Participation]:
    """Employers with their desk and the positions they talk about (the
    chosen ones, else all open ones), for ``participation_positions``."""
    return participations.select_related("employer", "talk_desk").prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("trade")),
        Prefetch(
            "employer__positions",
            queryset=Position.objects.filter(is_open=True).select_related("trade"),
            to_attr="open_positions",
        ),
    )


def talk_participations(*, event: Event) -> QuerySet[Participation]:
    """The employers of the event who hold talks: approved, with their
    positions and talk desk."""
    return _with_positions(
        event.participations.filter(status=Participation.Status.APPROVED)
    ).order_by("employer__name", "pk")


def talk_participations_with_plan() -> QuerySet[Participation]:
    """Approved employers at events that have talks, to look one up by id."""
    return _with_positions(
        Participation.objects.filter(
            status=Participation.Status.APPROVED, event__talk_plan__isnull=False
        ).select_related("event__talk_plan")
    )


def talk_desk(participation: Participation) -> TalkDesk:
    """The employer's talk desk; one table and never away until they say."""
    try:
        return participation.talk_desk
    except TalkDesk.DoesNotExist:
        return TalkDesk(participation=participation)


def participation_positions(participation: Participation) -> list[Position]:
    """The positions an employer talks about at the event."""
    chosen = list(participation.positions.all())
    if chosen:
        return chosen
    employer = participation.employer
    if hasattr(employer, "open_positions"):  # loaded by ``talk_participations``
        return employer.open_positions
    return list(employer.positions.filter(is_open=True).select_related("trade"))


def german_required(participation: Participation) -> str:
    """The least German any of the employer's positions asks for."""
    levels = [position.german_level for position in participation_positions(participation)]
    return min(levels, key=GERMAN_ORDER.index) if levels else GermanLevel.NONE


def interpreter_language(applicant) -> str:
    """The language an interpreter speaks with the applicant."""
    return applicant.interpreter_language or applicant.language


def needs_interpreter(registration: Registration, participation: Participation) -> bool:
    """An applicant whose German is below what the employer asks for, and who
    shares no language with the employer, talks with an interpreter."""
    applicant = registration.applicant
    below = GERMAN_ORDER.index(applicant.german_level) < GERMAN_ORDER.index(
        german_required(participation)
    )
    shared = {*applicant.spoken_languages, interpreter_language(applicant)}
    return below and not (shared & set(participation.employer.languages))


@dataclass
class WishChoice:
    """An employer an applicant may choose, with what they offer."""

    participation: Participation
    positions: list[Position]
    suggested: bool
    field: object = field(default=None)


def wish_choices(*, registration: Registration) -> list[WishChoice]:
    """The employers holding talks at the applicant's fair, those of the
    applicant's trades (chosen at sign-up) first."""
    trades = set(registration.applicant.trades.values_list("pk", flat=True))
    choices = []
    for participation in talk_participations(event=registration.event):
        positions = participation_positions(participation)
        suggested = bool(trades & {position.trade_id for position in positions})
        choices.append(WishChoice(participation, positions, suggested))
    return sorted(choices, key=lambda choice: not choice.suggested)


def registration_wish_levels(*, registration: Registration) -> dict[int, str]:
    """The applicant's wish per employer (participation id)."""
    return dict(registration.talk_wishes.exclude(level="").values_list("participation_id", "level"))


def employer_wishes(*, participation: Participation) -> QuerySet[Wish]:
    """The people who want to talk with the employer, or whom the employer
    invited, with what they show employers."""
    return (
        participation.talk_wishes.filter(registration__status__in=Registration.HOLDS_PLACE)
        .select_related("registration__applicant")
        .prefetch_related("registration__applicant__trades")
        .order_by("registration__applicant__first_name", "pk")
    )


def employer_pool(*, participation: Participation) -> QuerySet[Registration]:
    """People of the employer's trades who may be invited: they agreed to it,
    hold a place, and neither asked for nor were invited to this employer."""
    trades = {position.trade_id for position in participation_positions(participation)}
    return (
        talk_registrations(event=participation.event)
        .filter(applicant__talk_pool=True, applicant__trades__in=trades)
        .exclude(talk_wishes__participation=participation)
        .prefetch_related("applicant__trades")
        .distinct()
        .order_by("applicant__first_name", "pk")
    )


def round_labels(plan: TalkPlan) -> list[tuple[int, str]]:
    """Each round's number and its times, for choosing rounds."""
    labels = []
    for number in range(plan.round_count):
        starts_at, ends_at = plan.round_times(number)
        labels.append((number, f"{localtime(starts_at):%H:%M}–{localtime(ends_at):%H:%M}"))
    return labels


def talk_registrations(*, event: Event) -> QuerySet[Registration]:
    """The people of the event who may have talks: those holding a place."""
    return event.registrations.filter(status__in=Registration.HOLDS_PLACE).select_related(
        "applicant"
    )


def _busy_rounds(plan: TalkPlan, bookings: list[Booking]) -> list[int]:
    rounds = [plan.round_times(number) for number in range(plan.round_count)]
    return [
        number
        for number, (starts_at, ends_at) in enumerate(rounds)
        if any(b.slot.starts_at < ends_at and b.slot.ends_at > starts_at for b in bookings)
    ]


def registration_busy_rounds(*, plan: TalkPlan, registration: Registration) -> list[int]:
    """The rounds in which the person is in a workshop they booked."""
    bookings = list(
        registration.bookings.filter(status=Booking.Status.CONFIRMED).select_related("slot")
    )
    return _busy_rounds(plan, bookings)


def talk_instance(*, event: Event) -> dict:
    """The event's scheduling instance in the solver's plain format: rounds,
    applicants (with the rounds their workshops take), employers (tables,
    rounds away), wishes with their value and interpreter need, and the
    interpreters. Pairs where either side said no are left out."""
    plan = event.talk_plan
    registrations = {
        registration.pk: registration
        for registration in talk_registrations(event=event).prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.filter(status=Booking.Status.CONFIRMED).select_related(
                    "slot"
                ),
            )
        )
    }
    participations = {p.pk: p for p in talk_participations(event=event)}
    wishes = Wish.objects.filter(
        registration__in=list(registrations), participation__in=list(participations)
    ).order_by("pk")
    return {
        "rounds": plan.round_count,
        "max_talks": plan.max_talks,
        "applicants": [
            {
                "id": str(registration.pk),
                "language": interpreter_language(registration.applicant),
                "busy_rounds": _busy_rounds(plan, list(registration.bookings.all())),
            }
            for registration in registrations.values()
        ],
        "employers": [
            {
                "id": str(participation.pk),
                "tables": talk_desk(participation).tables,
                "away_rounds": sorted(talk_desk(participation).away_rounds),
            }
            for participation in participations.values()
        ],
        "wishes": [
            {
                "applicant": str(wish.registration_id),
                "employer": str(wish.participation_id),
                "value": wish_value(wish),
                "interpreter": needs_interpreter(
                    registrations[wish.registration_id], participations[wish.participation_id]
                ),
            }
            for wish in wishes
            if wish_value(wish) > 0
        ],
        "interpreters": [
            {
                "id": str(interpreter.pk),
                "language": interpreter.language,
                "rounds": interpreter.rounds,
            }
            for interpreter in Interpreter.objects.filter(event=event).order_by("pk")
        ],
    }


@dataclass
class EmployerDemand:
    participation: Participation
    very_much: int = 0
    interested: int = 0
    invited: int = 0
    yes: int = 0
    maybe: int = 0
    no: int = 0
    tables: int = 1
    away: int = 0


@dataclass
class LanguageDemand:
    language: str
    talks: int = 0
    people: int = 0
    interpreters: int = 0
    interpreter_rounds: int = 0


def talk_demand(*, event: Event) -> tuple[list[EmployerDemand], list[LanguageDemand]]:
    """Before scheduling: wishes and answers per employer, and the talks that
    need an interpreter per language against the interpreters' rounds."""
    participations = {p.pk: p for p in talk_participations(event=event)}
    employers = {
        pk: EmployerDemand(
            participation=p,
            tables=talk_desk(p).tables,
            away=len(talk_desk(p).away_rounds),
        )
        for pk, p in participations.items()
    }
    registrations = {r.pk: r for r in talk_registrations(event=event)}
    languages: dict[str, LanguageDemand] = {}
    people: dict[str, set[int]] = {}
    wishes = Wish.objects.filter(
        participation__in=list(participations), registration__in=list(registrations)
    )
    for wish in wishes:
        row = employers[wish.participation_id]
        if wish.level:
            setattr(row, wish.level, getattr(row, wish.level) + 1)
        elif wish.invited:
            row.invited += 1
        if wish.answer:
            setattr(row, wish.answer, getattr(row, wish.answer) + 1)
        registration = registrations[wish.registration_id]
        participation = participations[wish.participation_id]
        if wish_value(wish) and needs_interpreter(registration, participation):
            language = interpreter_language(registration.applicant)
            languages.setdefault(language, LanguageDemand(language=language)).talks += 1
            people.setdefault(language, set()).add(registration.pk)
    for interpreter in Interpreter.objects.filter(event=event):
        row = languages.setdefault(
            interpreter.language, LanguageDemand(language=interpreter.language)
        )
        row.interpreters += 1
        row.interpreter_rounds += len(interpreter.rounds)
    for language, row in languages.items():
        row.people = len(people.get(language, ()))
    return list(employers.values()), sorted(languages.values(), key=lambda row: -row.talks)


@dataclass
class ScheduleRound:
    number: int
    starts_at: object
    ends_at: object
    talks: list
    count: int = 0


def schedule_rounds(*, event: Event, number: int) -> list[ScheduleRound]:
    """Every round of the event with its times and number of talks; the
    talks themselves of round ``number`` only (a large fair has thousands)."""
    plan = TalkPlan.objects.filter(event=event).first()
    if plan is None:
        return []
    counts = dict(
        Talk.objects.filter(event=event)
        .values("round")
        .annotate(count=Count("pk"))
        .values_list("round", "count")
    )
    talks = (
        Talk.objects.filter(event=event, round=number)
        .select_related("registration__applicant", "participation__employer", "interpreter")
        .order_by("participation__employer__name", "table")
    )
    rounds = []
    for round_number in range(plan.round_count):
        starts_at, ends_at = plan.round_times(round_number)
        shown = list(talks) if round_number == number else []
        rounds.append(
            ScheduleRound(round_number, starts_at, ends_at, shown, counts.get(round_number, 0))
        )
    return rounds


def talks_by_person(*, event: Event) -> tuple[dict, dict, dict]:
    """The event's talks in time order, per applicant (registration), per
    employer (participation) and per interpreter."""
    talks = (
        Talk.objects.filter(event=event)
        .select_related(
            "registration__applicant", "participation__employer", "interpreter", "event__talk_plan"
        )
        .order_by("round", "participation__employer__name", "table")
    )
    by_applicant: dict = {}
    by_employer: dict = {}
    by_interpreter: dict = {}
    for talk in _with_times(talks):
        by_applicant.setdefault(talk.registration, []).append(talk)
        by_employer.setdefault(talk.participation, []).append(talk)
        if talk.interpreter:
            by_interpreter.setdefault(talk.interpreter, []).append(talk)
    return by_applicant, by_employer, by_interpreter


def registration_talks(*, registration: Registration) -> list[Talk]:
    """The applicant's talks once the schedule is published, in time order,
    each with its start and end."""
    plan = TalkPlan.objects.filter(event_id=registration.event_id).first()
    if plan is None or plan.published_at is None:
        return []
    return _with_times(
        registration.talks.select_related("participation__employer", "interpreter").order_by(
            "round"
        ),
        plan=plan,
    )


def _with_times(talks, *, plan: TalkPlan | None = None) -> list[Talk]:
    """The talks, each with ``starts_at`` and ``ends_at`` of its round (by
    ``plan``, else its event's plan)."""
    talks = list(talks)
    for talk in talks:
        talk.starts_at, talk.ends_at = (plan or talk.event.talk_plan).round_times(talk.round)
    return talks


def interpreter_talks(*, interpreter: Interpreter) -> list[Talk]:
    """The talks an interpreter sits in, in time order."""
    return _with_times(
        interpreter.talks.select_related(
            "registration__applicant", "participation__employer", "event__talk_plan"
        ).order_by("round")
    )


def employer_agenda(*, participation: Participation) -> list[Talk]:
    """The talks at the employer's table, in time order, with what the
    applicants show employers."""
    return _with_times(
        participation.talks.select_related(
            "registration__applicant", "interpreter", "event__talk_plan"
        )
        .prefetch_related("registration__applicant__trades")
        .order_by("round", "table")
    )


def round_now(*, event: Event) -> int:
    """The first round that has not started yet (0 before the talks)."""
    plan = TalkPlan.objects.get(event=event)
    now = timezone.now()
    for number in range(plan.round_count):
        if plan.round_times(number)[0] >= now:
            return number
    return plan.round_count


@dataclass
class FreePlaces:
    participation: Participation
    places: int
    next_round: int | None


def free_talk_places(*, event: Event, from_round: int) -> list[FreePlaces]:
    """On the day: per employer, the free talk places from ``from_round`` on,
    and the first round with one (for walk-ins and people whose partner did
    not come)."""
    plan = TalkPlan.objects.get(event=event)
    taken: dict[tuple[int, int], int] = {}
    for participation_id, number in Talk.objects.filter(
        event=event, round__gte=from_round
    ).values_list("participation_id", "round"):
        taken[participation_id, number] = taken.get((participation_id, number), 0) + 1
    rows = []
    for participation in talk_participations(event=event):
        desk = talk_desk(participation)
        free = [
            number
            for number in range(from_round, plan.round_count)
            if number not in desk.away_rounds
            and taken.get((participation.pk, number), 0) < desk.tables
        ]
        places = sum(desk.tables - taken.get((participation.pk, number), 0) for number in free)
        rows.append(FreePlaces(participation, places, free[0] if free else None))
    return rows


def published_talks_of(*, registrations: list[Registration]) -> dict[int, list[Talk]]:
    """The published talks of these people (of one event), per registration
    id, in time order: for letters printed in one go."""
    if not registrations:
        return {}
    plan = TalkPlan.objects.filter(event_id=registrations[0].event_id).first()
    if plan is None or plan.published_at is None:
        return {}
    found: dict[int, list[Talk]] = {}
    talks = (
        Talk.objects.filter(registration__in=registrations)
        .select_related("participation__employer", "interpreter")
        .order_by("round")
    )
    for talk in _with_times(talks, plan=plan):
        found.setdefault(talk.registration_id, []).append(talk)
    return found


# Why someone has no talk in the schedule (the solver's reasons), in words
# for the organisers.
WITHOUT_TALK_REASONS = {
    "no_wish": _("chose no employer, and no employer invited them"),
    "no_common_round": _("in a workshop whenever the employers they chose have time"),
    "no_interpreter": _("needs an interpreter, and none of their language is there in time"),
    "interpreters_taken": _("needs an interpreter, and those of their language are taken"),
    "employers_full": _("the employers they chose have no free table in time"),
    "no_talks_allowed": _("no talks per applicant are allowed"),
}


def schedule_without_talk(*, plan: TalkPlan) -> list[tuple[Registration, str]]:
    """The people the schedule left without a talk, and why, by name."""
    reasons = {
        int(row["applicant"]): row["reason"] for row in plan.schedule_stats.get("without_talk", [])
    }
    registrations = Registration.objects.filter(pk__in=list(reasons)).select_related("applicant")
    return sorted(
        (
            (registration, WITHOUT_TALK_REASONS.get(reasons[registration.pk], ""))
            for registration in registrations
        ),
        key=lambda row: row[0].applicant.full_name,
    )


# Contacts at the employers' tables


def table_participations() -> QuerySet[Participation]:
    """Approved employers at a fair, to look one's table up by id (with or
    without talks)."""
    return Participation.objects.filter(status=Participation.Status.APPROVED).select_related(
        "event", "employer"
    )


def table_agenda(*, participation: Participation) -> list[Talk]:
    """The talks at the employer's table once the schedule is published."""
    plan = TalkPlan.objects.filter(event_id=participation.event_id).first()
    if plan is None or plan.published_at is None:
        return []
    return employer_agenda(participation=participation)


def participation_contacts(*, participation: Participation) -> QuerySet[Contact]:
    """The employer's contacts at the fair, the latest first, each with
    whether the person shares their profile with employers (``shares``) and
    may be contacted (``contactable``) now: for ``contact_shown``."""
    applicant = "registration__applicant"
    return (
        participation.contacts.select_related(applicant)
        .prefetch_related(f"{applicant}__trades")
        .annotate(
            shares=consent_given(Consent.Purpose.SHARE, applicant=applicant),
            contactable=consent_given(Consent.Purpose.CONTACT, applicant=applicant),
        )
        .order_by("-created_at", "-pk")
    )


@dataclass
class ContactShown:
    """What an employer may see of one person they met: nothing once the
    person withdrew their consent for this employer; the code for the
    entrance only without their consent to share their profile; else the
    first name, trades, German, languages and their line about themselves,
    and their e-mail and phone only if they also agreed to be contacted.
    Never the last name. Templates and exports read these fields, not the
    applicant."""

    contact: Contact
    withdrawn: bool
    shares: bool = False
    code: str = ""
    first_name: str = ""
    trades: list = field(default_factory=list)
    german_level: str = ""
    languages: list[str] = field(default_factory=list)
    talk_line: str = ""
    email: str = ""
    phone: str = ""


def contact_shown(contact: Contact) -> ContactShown:
    """``contact`` (from ``participation_contacts``) as its employer may see it."""
    if contact.withdrawn_at is not None:
        return ContactShown(contact=contact, withdrawn=True)
    registration = contact.registration
    shown = ContactShown(contact=contact, withdrawn=False, code=registration.code_display)
    applicant = registration.applicant
    if not contact.shares or applicant.anonymised_at is not None:
        return shown
    labels = dict(SpokenLanguage.choices)
    shown.shares = True
    shown.first_name = applicant.first_name
    shown.trades = list(applicant.trades.all())
    shown.german_level = applicant.get_german_level_display()
    shown.languages = [str(labels.get(code, code)) for code in applicant.spoken_languages]
    shown.talk_line = applicant.talk_line
    if contact.contactable:
        shown.email, shown.phone = applicant.email, applicant.phone
    return shown


def contacts_shown(*, participation: Participation) -> list[ContactShown]:
    """The employer's contacts as they may see them, in two queries."""
    return [
        contact_shown(contact) for contact in participation_contacts(participation=participation)
    ]


def registration_contacts(*, registration: Registration) -> QuerySet[Contact]:
    """The employers who noted the person at their table, for their page."""
    return registration.contacts.select_related("participation__employer").order_by(
        "participation__employer__name", "pk"
    )
