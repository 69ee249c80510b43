"""Seeded instances that look like a fair's, for the benchmark and the tests.

Shaped after the fair days so far: most employers have one table, some two
or three, and some are away for a round; a few employers are asked for by
many; about half of the applicants speak German well enough, the others
one of six languages of uneven demand and need an interpreter for the
talks with employers who ask for more German; interpreters are fewer than
the talks that need them (one language much scarcer); about a third of the
applicants are busy in two rounds running (a workshop).
"""

import random

from meetings.scheduling import Applicant, Employer, Instance, Interpreter, Wish

# Language, share of applicants, interpreters per 100 applicants of it.
LANGUAGES = [
    ("de", 0.50, 0),
    ("ar", 0.16, 6),
    ("uk", 0.12, 7),
    ("fa", 0.09, 5),
    ("ti", 0.05, 2),
    ("ru", 0.05, 6),
    ("tr", 0.03, 8),
]
# (applicant's interest, employer's interest) → value; "very much" and
# "yes" on both sides count most. Pairs where one said no are not wishes.
VALUES = {(3, 3): 32, (3, 2): 20, (2, 3): 20, (2, 2): 12, (3, 1): 8, (1, 3): 8}
DEFAULT_VALUE = 4


def instance_generate(
    *, applicants: int, employers: int, rounds: int, seed: int, max_talks: int = 3
) -> Instance:
    """A fair with the given numbers, the same for the same arguments."""
    rng = random.Random(f"{seed}-{applicants}-{employers}-{rounds}")  # noqa: S311
    employer_list = []
    for j in range(employers):
        tables = rng.choices([1, 2, 3], weights=[55, 33, 12])[0]
        away = frozenset({rng.randrange(rounds)}) if rng.random() < 0.2 else frozenset()
        employer_list.append(Employer(id=f"e{j}", tables=tables, away_rounds=away))
    # Popularity: a few employers draw many wishes.
    popularity = [1 / (rank + 3) ** 0.9 for rank in range(employers)]
    rng.shuffle(popularity)
    # Employers who ask for good German: talks with them need an interpreter
    # for applicants who do not speak it.
    strict = [rng.random() < 0.6 for _ in range(employers)]
    languages = [language for language, _share, _per in LANGUAGES]
    shares = [share for _language, share, _per in LANGUAGES]
    applicant_list = []
    wishes = []
    for i in range(applicants):
        language = rng.choices(languages, weights=shares)[0]
        busy = frozenset()
        if rng.random() < 1 / 3 and rounds > 2:
            start = rng.randrange(rounds - 1)
            busy = frozenset({start, start + 1})
        applicant_list.append(
            Applicant(id=f"a{i}", language="" if language == "de" else language, busy_rounds=busy)
        )
        if rng.random() < 0.01:
            continue  # signed up and asked for nobody
        count = min(employers, rng.choice([2, 3, 4, 5, 6, 8, 10]))
        chosen = set()
        while len(chosen) < count:
            chosen.add(rng.choices(range(employers), weights=popularity)[0])
        for j in sorted(chosen):
            interest = (rng.choice([1, 2, 3, 3]), rng.choice([1, 2, 2, 3]))
            wishes.append(
                Wish(
                    applicant=f"a{i}",
                    employer=f"e{j}",
                    value=VALUES.get(interest, DEFAULT_VALUE) + rng.randrange(4),
                    interpreter=language != "de" and strict[j],
                )
            )
    interpreters = []
    for language, _share, per_hundred in LANGUAGES:
        speakers = sum(1 for a in applicant_list if a.language == language)
        for number in range(round(speakers * per_hundred / 100)):
            # Most stay the whole day, some only half.
            if rng.random() < 0.7:
                present = frozenset(range(rounds))
            elif rng.random() < 0.5:
                present = frozenset(range(rounds // 2))
            else:
                present = frozenset(range(rounds // 2, rounds))
            interpreters.append(
                Interpreter(id=f"i-{language}-{number}", language=language, rounds=present)
            )
    return Instance(
        rounds=rounds,
        max_talks=max_talks,
        applicants=tuple(applicant_list),
        employers=tuple(employer_list),
        wishes=tuple(wishes),
        interpreters=tuple(interpreters),
    )
