"""The schedule of one-to-one talks at a fair: who meets whom in which
round, and which interpreter sits in.

Plain data in, plain data out, no database: the app builds an ``Instance``
from its rows and writes the ``Schedule`` back; ``manage.py schedule_talks``
reads and writes the same as JSON (``instance_from_json``,
``schedule_to_json``).

Hard rules, never broken whatever the input (``schedule_violations`` names
every one a schedule breaks):

- only pairs in ``wishes`` meet, and a pair meets at most once;
- an applicant has at most one talk per round, at most ``max_talks`` in all,
  and none in a round they are busy (a workshop they booked);
- an employer has at most ``tables`` talks per round and none in a round it
  is away;
- a talk whose wish needs an interpreter has one of the applicant's
  language, who sits in at most one talk per round and only in their rounds.

The aim, in this order: as many applicants as possible get at least one
talk; then the total value of the talks. The solver itself lives in
``meetings.solver``; this module is the contract around it.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from meetings import solver


class InstanceError(ValueError):
    """An instance that cannot be scheduled as given; the message names every
    problem found, one per line, each with where it is."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True, kw_only=True)
class Applicant:
    id: str
    # The language an interpreter must speak for this applicant's talks that
    # need one; empty if none of them does.
    language: str = ""
    busy_rounds: frozenset[int] = frozenset()


@dataclass(frozen=True, kw_only=True)
class Employer:
    id: str
    tables: int = 1
    away_rounds: frozenset[int] = frozenset()


@dataclass(frozen=True, kw_only=True)
class Wish:
    """A pair that may meet (the app leaves out pairs where either side said
    no, or neither asked), its worth, and whether its talk needs an
    interpreter of the applicant's language."""

    applicant: str
    employer: str
    value: int
    interpreter: bool = False


@dataclass(frozen=True, kw_only=True)
class Interpreter:
    id: str
    language: str
    rounds: frozenset[int]


@dataclass(frozen=True, kw_only=True)
class Instance:
    rounds: int
    max_talks: int
    applicants: tuple[Applicant, ...]
    employers: tuple[Employer, ...]
    wishes: tuple[Wish, ...]
    interpreters: tuple[Interpreter, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Talk:
    applicant: str
    employer: str
    round: int
    interpreter: str | None = None


# Why an applicant has no talk, from the most to the least fundamental.
REASONS = {
    "no_wish": "no wish with any employer",
    "no_common_round": "busy in every round the employers wished are there",
    "no_interpreter": "every wished talk needs an interpreter of {language}, "
    "and none is there in a round that fits",
    "interpreters_taken": "the interpreters of {language} are taken in every round that fits",
    "employers_full": "the employers wished have no table free in a round that fits",
    "no_talks_allowed": "max_talks is 0",
}


@dataclass(frozen=True, kw_only=True)
class Unscheduled:
    """An applicant without a talk and why (a key of ``REASONS``)."""

    applicant: str
    reason: str
    detail: str


@dataclass(frozen=True, kw_only=True)
class Stats:
    talks: int
    applicants_with_talk: int
    applicants_without_talk: int
    total_value: int
    interpreters_used: int
    seconds: float
    # "exact" (CP-SAT on the whole model) or "decomposition".
    method: str = ""
    # The exact model proved that no schedule covers more applicants, or
    # reaches more value at that coverage.
    optimal: bool = False
    talks_per_applicant: dict[int, int] = field(default_factory=dict)
    interpreted_talks: int = 0
    table_rounds_used: int = 0
    table_rounds_open: int = 0
    without_talk: tuple[Unscheduled, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Schedule:
    talks: tuple[Talk, ...]
    stats: Stats | None = None


# -- reading an instance ------------------------------------------------------


def instance_from_json(text: str) -> Instance:
    """The instance in ``text`` (the format of ``manage.py schedule_talks``),
    checked by ``instance_problems``; raises ``InstanceError`` naming every
    problem, a JSON syntax error with its line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InstanceError(
            [f"not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}"]
        ) from None
    instance = instance_from_dict(data)
    problems = instance_problems(instance)
    if problems:
        raise InstanceError(problems)
    return instance


def instance_from_dict(data: Any) -> Instance:
    """The instance in parsed JSON, its shape checked (types, required
    fields); the rules across fields are ``instance_problems``'."""
    reader = _Reader()
    if not isinstance(data, dict):
        raise InstanceError(["the instance must be a JSON object"])
    rounds = reader.integer(data, "rounds", "", minimum=1)
    max_talks = reader.integer(data, "max_talks", "", minimum=0)
    applicants = tuple(
        Applicant(
            id=reader.text(item, "id", where),
            language=reader.text(item, "language", where, default=""),
            busy_rounds=reader.rounds(item, "busy_rounds", where),
        )
        for item, where in reader.objects(data, "applicants")
    )
    employers = tuple(
        Employer(
            id=reader.text(item, "id", where),
            tables=reader.integer(item, "tables", where, minimum=0, default=1),
            away_rounds=reader.rounds(item, "away_rounds", where),
        )
        for item, where in reader.objects(data, "employers")
    )
    wishes = tuple(
        Wish(
            applicant=reader.text(item, "applicant", where),
            employer=reader.text(item, "employer", where),
            value=reader.integer(item, "value", where, minimum=0),
            interpreter=reader.boolean(item, "interpreter", where),
        )
        for item, where in reader.objects(data, "wishes")
    )
    interpreters = tuple(
        Interpreter(
            id=reader.text(item, "id", where),
            language=reader.text(item, "language", where),
            rounds=reader.rounds(item, "rounds", where),
        )
        for item, where in reader.objects(data, "interpreters", required=False)
    )
    if reader.problems:
        raise InstanceError(reader.problems)
    return Instance(
        rounds=rounds,
        max_talks=max_talks,
        applicants=applicants,
        employers=employers,
        wishes=wishes,
        interpreters=interpreters,
    )


_REQUIRED = object()


class _Reader:
    """Reads fields of parsed JSON, collecting a problem per bad field (with
    its place, e.g. ``applicants[3].busy_rounds``) instead of stopping at the
    first."""

    def __init__(self):
        self.problems: list[str] = []

    def _get(self, item, key, where, default):
        if key not in item:
            if default is _REQUIRED:
                self.problems.append(f"{where}{key}: missing")
            return default
        return item[key]

    def integer(self, item, key, where, *, minimum, default=_REQUIRED):
        value = self._get(item, key, where, default)
        if value is _REQUIRED:
            return 0
        if isinstance(value, bool) or not isinstance(value, int):
            self.problems.append(f"{where}{key}: must be a whole number, not {value!r}")
            return 0
        if value < minimum:
            self.problems.append(f"{where}{key}: must be {minimum} or more, not {value}")
            return minimum
        return value

    def text(self, item, key, where, *, default=_REQUIRED):
        value = self._get(item, key, where, default)
        if value is _REQUIRED:
            return ""
        if not isinstance(value, str):
            self.problems.append(f"{where}{key}: must be a string, not {value!r}")
            return ""
        return value

    def boolean(self, item, key, where):
        value = self._get(item, key, where, False)
        if not isinstance(value, bool):
            self.problems.append(f"{where}{key}: must be true or false, not {value!r}")
            return False
        return value

    def rounds(self, item, key, where):
        value = self._get(item, key, where, [])
        if not isinstance(value, list) or not all(
            isinstance(number, int) and not isinstance(number, bool) for number in value
        ):
            self.problems.append(f"{where}{key}: must be a list of round numbers, not {value!r}")
            return frozenset()
        return frozenset(value)

    def objects(self, data, key, *, required=True):
        value = self._get(data, key, "", _REQUIRED if required else [])
        if value is _REQUIRED:
            return
        if not isinstance(value, list):
            self.problems.append(f"{key}: must be a list, not {type(value).__name__}")
            return
        for position, item in enumerate(value):
            if not isinstance(item, dict):
                self.problems.append(f"{key}[{position}]: must be an object, not {item!r}")
                continue
            yield item, f"{key}[{position}]."


def instance_problems(instance: Instance) -> list[str]:
    """Every rule of a well-formed instance it breaks, each named with its
    place: ids unique and known, rounds within 0..rounds-1, tables and
    max_talks not negative, every interpreter and every applicant who needs
    one with a language."""
    problems = []
    if instance.rounds < 1:
        problems.append(f"rounds: must be 1 or more, not {instance.rounds}")
    if instance.max_talks < 0:
        problems.append(f"max_talks: must be 0 or more, not {instance.max_talks}")
    last = instance.rounds - 1

    def check_rounds(rounds, where):
        outside = sorted(r for r in rounds if not 0 <= r <= last)
        if outside:
            problems.append(
                f"{where}: round {', '.join(map(str, outside))} outside 0..{last} "
                "(rounds are numbered from 0)"
            )

    for kind, items in (
        ("applicants", instance.applicants),
        ("employers", instance.employers),
        ("interpreters", instance.interpreters),
    ):
        for item_id, count in Counter(item.id for item in items).items():
            if count > 1:
                problems.append(f"{kind}: id {item_id!r} appears {count} times")
        for position, item in enumerate(items):
            if not item.id:
                problems.append(f"{kind}[{position}].id: must not be empty")
    for position, applicant in enumerate(instance.applicants):
        check_rounds(applicant.busy_rounds, f"applicants[{position}].busy_rounds")
    for position, employer in enumerate(instance.employers):
        check_rounds(employer.away_rounds, f"employers[{position}].away_rounds")
        if employer.tables < 0:
            problems.append(
                f"employers[{position}].tables: must be 0 or more, not {employer.tables}"
            )
    for position, interpreter in enumerate(instance.interpreters):
        check_rounds(interpreter.rounds, f"interpreters[{position}].rounds")
        if not interpreter.language:
            problems.append(f"interpreters[{position}].language: missing (which language?)")
    applicants = {applicant.id: applicant for applicant in instance.applicants}
    employers = {employer.id for employer in instance.employers}
    seen = set()
    for position, wish in enumerate(instance.wishes):
        where = f"wishes[{position}]"
        if wish.applicant not in applicants:
            problems.append(f"{where}.applicant: no applicant has the id {wish.applicant!r}")
        if wish.employer not in employers:
            problems.append(f"{where}.employer: no employer has the id {wish.employer!r}")
        if wish.value < 0:
            problems.append(f"{where}.value: must be 0 or more, not {wish.value}")
        if (wish.applicant, wish.employer) in seen:
            problems.append(
                f"{where}: the pair {wish.applicant!r}, {wish.employer!r} is listed twice"
            )
        seen.add((wish.applicant, wish.employer))
        if (
            wish.interpreter
            and wish.applicant in applicants
            and not applicants[wish.applicant].language
        ):
            problems.append(
                f"{where}.interpreter: applicant {wish.applicant!r} has no language "
                "for an interpreter"
            )
    return problems


# -- scheduling ------------------------------------------------------------------


def schedule_talks(
    instance: Instance,
    *,
    method: Literal["auto", "exact", "decomposition"] = "auto",
    time_limit: float = 8.0,
) -> Schedule:
    """The talks for ``instance`` under the hard rules, covering as many
    applicants as it can and then as much value (see ``meetings.solver`` for
    how). Raises ``InstanceError`` for an instance ``instance_problems``
    rejects. The same instance always gives the same schedule (unless the
    exact model runs into ``time_limit``, seconds of wall time)."""
    started = time.perf_counter()
    problems = instance_problems(instance)
    if problems:
        raise InstanceError(problems)
    problem = problem_from_instance(instance)
    solution = solver.solve(problem, method=method, time_limit=time_limit)
    talks = talks_from_rounds(instance, solution.wish_round)
    violations = schedule_violations(instance, Schedule(talks=talks))
    if violations:
        # The solver keeps every rule by construction; should that ever
        # fail, no broken schedule leaves this function.
        raise RuntimeError("the schedule breaks hard rules: " + "; ".join(violations))
    stats = schedule_stats(
        instance,
        talks,
        seconds=time.perf_counter() - started,
        method=solution.method,
        optimal=solution.optimal,
    )
    return Schedule(talks=talks, stats=stats)


def problem_from_instance(instance: Instance) -> solver.Problem:
    """The instance by position, as the solver (and the bounds) take it."""
    rounds = range(instance.rounds)
    applicant_index = {a.id: i for i, a in enumerate(instance.applicants)}
    employer_index = {e.id: j for j, e in enumerate(instance.employers)}
    languages = sorted({i.language for i in instance.interpreters})
    language_index = {language: number for number, language in enumerate(languages)}
    capacity = [[0] * instance.rounds for _ in languages]
    for interpreter in instance.interpreters:
        for r in interpreter.rounds:
            capacity[language_index[interpreter.language]][r] += 1
    # A language no interpreter speaks gets a row of zeros: its talks cannot
    # take place.
    for wish in instance.wishes:
        language = instance.applicants[applicant_index[wish.applicant]].language
        if wish.interpreter and language not in language_index:
            language_index[language] = len(capacity)
            capacity.append([0] * instance.rounds)
    return solver.Problem(
        rounds=instance.rounds,
        max_talks=instance.max_talks,
        applicant_free=[[r not in a.busy_rounds for r in rounds] for a in instance.applicants],
        employer_tables=[e.tables for e in instance.employers],
        employer_present=[[r not in e.away_rounds for r in rounds] for e in instance.employers],
        wish_applicant=[applicant_index[w.applicant] for w in instance.wishes],
        wish_employer=[employer_index[w.employer] for w in instance.wishes],
        wish_value=[w.value for w in instance.wishes],
        wish_language=[
            language_index[instance.applicants[applicant_index[w.applicant]].language]
            if w.interpreter
            else -1
            for w in instance.wishes
        ],
        language_capacity=capacity,
    )


def talks_from_rounds(instance: Instance, wish_round: list[int]) -> tuple[Talk, ...]:
    """The talks of the rounds chosen, each needing one named by an
    interpreter of the language there in that round (in the order given,
    so the same answer names the same interpreters)."""
    applicants = {a.id: a for a in instance.applicants}
    free = defaultdict(list)
    for interpreter in instance.interpreters:
        for r in sorted(interpreter.rounds):
            free[interpreter.language, r].append(interpreter.id)
    talks = []
    for wish, r in zip(instance.wishes, wish_round, strict=True):
        if r < 0:
            continue
        interpreter = None
        if wish.interpreter:
            interpreter = free[applicants[wish.applicant].language, r].pop(0)
        talks.append(
            Talk(applicant=wish.applicant, employer=wish.employer, round=r, interpreter=interpreter)
        )
    talks.sort(key=lambda t: (t.round, t.employer, t.applicant))
    return tuple(talks)


# -- checking a schedule ------------------------------------------------------


def schedule_violations(instance: Instance, schedule: Schedule) -> list[str]:
    """Every hard rule the schedule breaks, one line each naming who and
    when; empty for a valid schedule. Independent of the solver: it works on
    the ids as given, so it also judges schedules from elsewhere."""
    violations = []
    applicants = {applicant.id: applicant for applicant in instance.applicants}
    employers = {employer.id: employer for employer in instance.employers}
    interpreters = {interpreter.id: interpreter for interpreter in instance.interpreters}
    wishes = {(wish.applicant, wish.employer): wish for wish in instance.wishes}
    applicant_rounds = Counter()
    applicant_talks = Counter()
    employer_rounds = Counter()
    interpreter_rounds = Counter()
    pairs = Counter()
    for talk in schedule.talks:
        name = f"talk {talk.applicant} with {talk.employer} in round {talk.round}"
        wish = wishes.get((talk.applicant, talk.employer))
        if wish is None:
            violations.append(f"{name}: the pair is not among the wishes")
        if not 0 <= talk.round < instance.rounds:
            violations.append(f"{name}: round outside 0..{instance.rounds - 1}")
        applicant = applicants.get(talk.applicant)
        if applicant is not None and talk.round in applicant.busy_rounds:
            violations.append(f"{name}: the applicant is busy in that round")
        employer = employers.get(talk.employer)
        if employer is not None and talk.round in employer.away_rounds:
            violations.append(f"{name}: the employer is away in that round")
        if talk.interpreter is not None:
            interpreter = interpreters.get(talk.interpreter)
            if interpreter is None:
                violations.append(f"{name}: no interpreter has the id {talk.interpreter!r}")
            else:
                if talk.round not in interpreter.rounds:
                    violations.append(
                        f"{name}: interpreter {interpreter.id} is not there in that round"
                    )
                if applicant is not None and interpreter.language != applicant.language:
                    violations.append(
                        f"{name}: interpreter {interpreter.id} speaks {interpreter.language}, "
                        f"the applicant {applicant.language or 'no language given'}"
                    )
                interpreter_rounds[talk.interpreter, talk.round] += 1
        elif wish is not None and wish.interpreter:
            violations.append(f"{name}: needs an interpreter and has none")
        applicant_rounds[talk.applicant, talk.round] += 1
        applicant_talks[talk.applicant] += 1
        employer_rounds[talk.employer, talk.round] += 1
        pairs[talk.applicant, talk.employer] += 1
    for (applicant_id, round_), count in sorted(applicant_rounds.items()):
        if count > 1:
            violations.append(f"applicant {applicant_id} has {count} talks in round {round_}")
    for applicant_id, count in sorted(applicant_talks.items()):
        if count > instance.max_talks:
            violations.append(
                f"applicant {applicant_id} has {count} talks, more than {instance.max_talks}"
            )
    for (employer_id, round_), count in sorted(employer_rounds.items()):
        tables = employers[employer_id].tables if employer_id in employers else 0
        if count > tables:
            violations.append(
                f"employer {employer_id} has {count} talks in round {round_} "
                f"at {tables} table{'s' if tables != 1 else ''}"
            )
    for (interpreter_id, round_), count in sorted(interpreter_rounds.items()):
        if count > 1:
            violations.append(
                f"interpreter {interpreter_id} sits in {count} talks in round {round_}"
            )
    for (applicant_id, employer_id), count in sorted(pairs.items()):
        if count > 1:
            violations.append(f"{applicant_id} and {employer_id} meet {count} times")
    return violations


# -- the answer as JSON ---------------------------------------------------------


def schedule_to_json(schedule: Schedule) -> dict:
    """The schedule in the format of ``manage.py schedule_talks``."""
    talks = [
        {
            "applicant": talk.applicant,
            "employer": talk.employer,
            "round": talk.round,
            "interpreter": talk.interpreter,
        }
        for talk in schedule.talks
    ]
    stats = schedule.stats
    if stats is None:
        return {"talks": talks}
    reasons = Counter(unscheduled.reason for unscheduled in stats.without_talk)
    return {
        "talks": talks,
        "stats": {
            "talks": stats.talks,
            "applicants_with_talk": stats.applicants_with_talk,
            "applicants_without_talk": stats.applicants_without_talk,
            "total_value": stats.total_value,
            "interpreters_used": stats.interpreters_used,
            "interpreted_talks": stats.interpreted_talks,
            "seconds": round(stats.seconds, 3),
            "method": stats.method,
            "optimal": stats.optimal,
            "applicants_by_number_of_talks": {
                str(number): count for number, count in sorted(stats.talks_per_applicant.items())
            },
            "table_rounds_used": stats.table_rounds_used,
            "table_rounds_open": stats.table_rounds_open,
            "without_talk_by_reason": dict(sorted(reasons.items())),
            "without_talk": [
                {
                    "applicant": unscheduled.applicant,
                    "reason": unscheduled.reason,
                    "detail": unscheduled.detail,
                }
                for unscheduled in stats.without_talk
            ],
        },
    }


def instance_to_json(instance: Instance) -> dict:
    """The instance in the format ``instance_from_json`` reads."""
    return {
        "rounds": instance.rounds,
        "max_talks": instance.max_talks,
        "applicants": [
            {"id": a.id, "language": a.language, "busy_rounds": sorted(a.busy_rounds)}
            for a in instance.applicants
        ],
        "employers": [
            {"id": e.id, "tables": e.tables, "away_rounds": sorted(e.away_rounds)}
            for e in instance.employers
        ],
        "wishes": [
            {
                "applicant": w.applicant,
                "employer": w.employer,
                "value": w.value,
                "interpreter": w.interpreter,
            }
            for w in instance.wishes
        ],
        "interpreters": [
            {"id": i.id, "language": i.language, "rounds": sorted(i.rounds)}
            for i in instance.interpreters
        ],
    }


def schedule_stats(
    instance: Instance, talks: tuple[Talk, ...], *, seconds: float, method: str, optimal: bool
) -> Stats:
    """The figures an organiser looks at, and for each applicant without a
    talk the most fundamental reason."""
    values = {(wish.applicant, wish.employer): wish.value for wish in instance.wishes}
    per_applicant = Counter(talk.applicant for talk in talks)
    without = [a for a in instance.applicants if a.id not in per_applicant]
    table_rounds_open = sum(
        employer.tables * sum(1 for r in range(instance.rounds) if r not in employer.away_rounds)
        for employer in instance.employers
    )
    return Stats(
        talks=len(talks),
        applicants_with_talk=len(per_applicant),
        applicants_without_talk=len(without),
        total_value=sum(values[talk.applicant, talk.employer] for talk in talks),
        interpreters_used=len({talk.interpreter for talk in talks if talk.interpreter}),
        interpreted_talks=sum(1 for talk in talks if talk.interpreter),
        seconds=seconds,
        method=method,
        optimal=optimal,
        talks_per_applicant=dict(
            sorted(Counter(per_applicant.get(a.id, 0) for a in instance.applicants).items())
        ),
        table_rounds_used=len(talks),
        table_rounds_open=table_rounds_open,
        without_talk=tuple(_why_without_talk(instance, talks, without)),
    )


def _why_without_talk(instance, talks, without):
    """For each applicant without a talk, the first reason that holds: no
    wish; no round that the applicant and a wished employer share; no
    interpreter there in any shared round of a talk that needs one; the
    interpreters taken; the tables taken."""
    employers = {employer.id: employer for employer in instance.employers}
    wishes = defaultdict(list)
    for wish in instance.wishes:
        wishes[wish.applicant].append(wish)
    language_rounds = defaultdict(Counter)
    for interpreter in instance.interpreters:
        for round_ in interpreter.rounds:
            language_rounds[interpreter.language][round_] += 1
    tables_taken = Counter((talk.employer, talk.round) for talk in talks)
    for applicant in without:
        language = applicant.language
        shared = []
        for wish in wishes[applicant.id]:
            employer = employers[wish.employer]
            rounds = [
                r
                for r in range(instance.rounds)
                if r not in applicant.busy_rounds and r not in employer.away_rounds
            ]
            if rounds and employer.tables > 0:
                shared.append((wish, employer, rounds))
        if not wishes[applicant.id]:
            reason = "no_wish"
        elif instance.max_talks == 0:
            reason = "no_talks_allowed"
        elif not shared:
            reason = "no_common_round"
        elif all(
            wish.interpreter and not any(language_rounds[language][r] for r in rounds)
            for wish, _employer, rounds in shared
        ):
            reason = "no_interpreter"
        elif any(
            tables_taken[employer.id, r] < employer.tables
            for wish, employer, rounds in shared
            if wish.interpreter
            for r in rounds
            if language_rounds[language][r]
        ):
            reason = "interpreters_taken"
        else:
            reason = "employers_full"
        yield Unscheduled(
            applicant=applicant.id,
            reason=reason,
            detail=REASONS[reason].format(language=language),
        )
