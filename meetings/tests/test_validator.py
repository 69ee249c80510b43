"""The validator reports each hard rule a hand-made schedule breaks: a
validator that cannot fail would let a broken schedule through."""

import pytest

from meetings.scheduling import (
    Applicant,
    Employer,
    Instance,
    Interpreter,
    Schedule,
    Talk,
    Wish,
    schedule_violations,
)

INSTANCE = Instance(
    rounds=3,
    max_talks=2,
    applicants=(
        Applicant(id="anna"),
        Applicant(id="bashir", language="ar", busy_rounds=frozenset({2})),
        Applicant(id="chen"),
    ),
    employers=(
        Employer(id="bakery", tables=1),
        Employer(id="joinery", tables=2, away_rounds=frozenset({0})),
        Employer(id="garage", tables=1),
    ),
    wishes=(
        Wish(applicant="anna", employer="bakery", value=10),
        Wish(applicant="anna", employer="joinery", value=8),
        Wish(applicant="anna", employer="garage", value=6),
        Wish(applicant="bashir", employer="bakery", value=9, interpreter=True),
        Wish(applicant="bashir", employer="joinery", value=7, interpreter=True),
        Wish(applicant="chen", employer="bakery", value=5),
        Wish(applicant="chen", employer="joinery", value=5),
    ),
    interpreters=(
        Interpreter(id="layla", language="ar", rounds=frozenset({0, 1})),
        Interpreter(id="olena", language="uk", rounds=frozenset({0, 1, 2})),
    ),
)


def talk(applicant, employer, round_, interpreter=None):
    return Talk(applicant=applicant, employer=employer, round=round_, interpreter=interpreter)


def test_a_valid_schedule_has_no_violation():
    schedule = Schedule(
        talks=(
            talk("anna", "bakery", 0),
            talk("anna", "joinery", 1),
            talk("bashir", "bakery", 1, "layla"),
            talk("chen", "joinery", 1),
        )
    )

    assert schedule_violations(INSTANCE, schedule) == []


@pytest.mark.parametrize(
    ("talks", "violation"),
    [
        (
            [talk("chen", "garage", 0)],
            "talk chen with garage in round 0: the pair is not among the wishes",
        ),
        (
            [talk("anna", "bakery", 3)],
            "talk anna with bakery in round 3: round outside 0..2",
        ),
        (
            [talk("anna", "bakery", 1), talk("anna", "joinery", 1)],
            "applicant anna has 2 talks in round 1",
        ),
        (
            [talk("anna", "bakery", 0), talk("anna", "joinery", 1), talk("anna", "garage", 2)],
            "applicant anna has 3 talks, more than 2",
        ),
        (
            [talk("anna", "bakery", 0), talk("chen", "bakery", 0)],
            "employer bakery has 2 talks in round 0 at 1 table",
        ),
        (
            [talk("anna", "joinery", 0)],
            "talk anna with joinery in round 0: the employer is away in that round",
        ),
        (
            [talk("bashir", "bakery", 2, "layla")],
            "talk bashir with bakery in round 2: the applicant is busy in that round",
        ),
        (
            [talk("anna", "bakery", 0), talk("anna", "bakery", 1)],
            "anna and bakery meet 2 times",
        ),
        (
            [talk("bashir", "bakery", 0)],
            "talk bashir with bakery in round 0: needs an interpreter and has none",
        ),
        (
            [talk("bashir", "bakery", 0, "olena")],
            "talk bashir with bakery in round 0: interpreter olena speaks uk, the applicant ar",
        ),
        (
            [talk("bashir", "joinery", 1, "nobody")],
            "talk bashir with joinery in round 1: no interpreter has the id 'nobody'",
        ),
        (
            [talk("bashir", "joinery", 2, "layla")],
            "talk bashir with joinery in round 2: interpreter layla is not there in that round",
        ),
    ],
)
def test_each_broken_rule_is_named(talks, violation):
    violations = schedule_violations(INSTANCE, Schedule(talks=tuple(talks)))

    assert violation in violations


def test_an_interpreter_in_two_talks_at_once_is_named():
    schedule = Schedule(
        talks=(
            talk("bashir", "joinery", 1, "layla"),
            talk("anna", "bakery", 1, "layla"),
        )
    )

    assert schedule_violations(INSTANCE, schedule) == [
        "talk anna with bakery in round 1: interpreter layla speaks ar, "
        "the applicant no language given",
        "interpreter layla sits in 2 talks in round 1",
    ]


def test_every_violation_of_a_badly_broken_schedule_is_named():
    schedule = Schedule(
        talks=(
            talk("anna", "joinery", 0),
            talk("anna", "bakery", 0),
            talk("chen", "bakery", 0),
            talk("bashir", "bakery", 2),
        )
    )

    assert schedule_violations(INSTANCE, schedule) == [
        "talk anna with joinery in round 0: the employer is away in that round",
        "talk bashir with bakery in round 2: the applicant is busy in that round",
        "talk bashir with bakery in round 2: needs an interpreter and has none",
        "applicant anna has 2 talks in round 0",
        "employer bakery has 2 talks in round 0 at 1 table",
    ]
