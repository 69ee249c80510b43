"""How the talks are found: the algorithm behind
``meetings.scheduling.schedule_talks``, on plain integers (applicants,
employers, wishes and languages by position).

Interpreters of one language are interchangeable within a round, so the
interpreter rule reduces to a capacity per language and round (how many of
them are there); the caller names the interpreters afterwards.

Three ways, each kept only where it beats the decomposition:

- **exact**: CP-SAT on the whole model, one Boolean per wish and round, with
  ``BIG × applicants covered + value`` as the objective (``BIG`` above any
  total value, so coverage comes first). Used while the model is small; it
  starts from the decomposition's answer and keeps it if it proves nothing
  better within its (deterministic) time.
- **decomposition** for everything larger, where the exact model does not
  finish:
  1. *plan* which pairs meet: a min-cost flow that forgets the rounds
     (applicant → employer, capacities the talks left to each applicant and
     the free tables of each employer), with a bonus above any value for an
     applicant's first talk, so it covers first and then adds value;
  2. *rounds* for the planned pairs, one round at a time: a maximum-weight
     b-matching (again a min-cost flow) that prefers pairs with few rounds
     left, applicants' first talks and employers with little slack, the
     interpreters of each language a cap on the round;
  3. plan again for what is left (tables and applicants' rounds still free),
     until nothing more is placed;
  4. *repair*: every applicant still without a talk tries a free table,
     then to move another talk to another round to make room, then to take
     the place of a talk whose applicant has others; then value moves that
     never lose coverage: a wish takes the place of cheaper talks, which are
     placed again elsewhere if they can be.

- **lp-rounding** for mid-size fairs (up to ``LP_UP_TO`` Booleans): the
  linear relaxation of the whole model (GLOP), nearly integral on fairs
  like ours; the talks it takes whole, then the repair of step 4.

Everything is deterministic: no random choice, ties broken by position.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

# The exact model is used up to this many (wish, round) Booleans.
EXACT_UP_TO = 6000
EXACT_DETERMINISTIC_TIME = 20.0
# Up to this many the linear relaxation is solved too (a few seconds) and
# its rounded answer repaired; it is nearly integral on fairs like ours.
LP_UP_TO = 30_000


@dataclass(frozen=True, kw_only=True)
class Problem:
    rounds: int
    max_talks: int
    # Per applicant, per round: not busy.
    applicant_free: list[list[bool]]
    employer_tables: list[int]
    # Per employer, per round: there.
    employer_present: list[list[bool]]
    wish_applicant: list[int]
    wish_employer: list[int]
    wish_value: list[int]
    # The language whose interpreter the talk needs, or -1.
    wish_language: list[int]
    # Per language, per round: how many of its interpreters are there.
    language_capacity: list[list[int]]

    @property
    def applicants(self) -> int:
        return len(self.applicant_free)

    @property
    def wishes(self) -> int:
        return len(self.wish_applicant)


@dataclass(frozen=True, kw_only=True)
class Solution:
    # Per wish, the round of its talk, or -1.
    wish_round: list[int]
    method: str
    optimal: bool


def solve(problem: Problem, *, method: str = "auto", time_limit: float = 8.0) -> Solution:
    """The talks for ``problem``: ``method`` is "auto" (exact while small),
    "exact" or "decomposition"; ``time_limit`` bounds the repair and the exact
    model, in seconds of wall time (the exact model also by a deterministic
    limit, so its answer does not depend on the machine's speed when it
    proves optimality)."""
    started = time.perf_counter()
    deadline = started + time_limit
    state = _decompose(problem, deadline=deadline)
    size = sum(len(rounds) for rounds in state.wish_rounds)
    if method == "exact" or (method == "auto" and size <= EXACT_UP_TO):
        exact, optimal = _exact(problem, state, time_limit=max(0.5, deadline - time.perf_counter()))
        if exact is not None:
            return Solution(wish_round=exact, method="exact", optimal=optimal)
    if method == "auto" and size <= LP_UP_TO:
        rounded = _lp_rounded(problem, deadline=deadline)
        if rounded.score() > state.score():
            return Solution(wish_round=rounded.wish_round, method="lp-rounding", optimal=False)
    return Solution(wish_round=state.wish_round, method="decomposition", optimal=False)


def objective(problem: Problem, wish_round: list[int]) -> tuple[int, int]:
    """(applicants with a talk, total value): what is maximised, in order."""
    covered = {problem.wish_applicant[w] for w, r in enumerate(wish_round) if r >= 0}
    value = sum(problem.wish_value[w] for w, r in enumerate(wish_round) if r >= 0)
    return len(covered), value


# -- the state of a partial schedule ------------------------------------------


class State:
    """A schedule being built, with what it occupies, so that a change is
    checked and made in constant time."""

    def __init__(self, problem: Problem):
        p = self.p = problem
        rounds = range(p.rounds)
        self.k = p.max_talks
        self.tables = p.employer_tables
        self.cap = p.language_capacity
        self.wa, self.we, self.wv, self.wl = (
            p.wish_applicant,
            p.wish_employer,
            p.wish_value,
            p.wish_language,
        )
        # The rounds a wish could ever have: applicant free, employer there
        # with a table, an interpreter of the language there if needed.
        self.wish_rounds = [
            tuple(
                r
                for r in rounds
                if p.applicant_free[a][r]
                and p.employer_present[e][r]
                and p.employer_tables[e] > 0
                and (lang < 0 or p.language_capacity[lang][r] > 0)
            )
            for a, e, lang in zip(self.wa, self.we, self.wl, strict=True)
        ]
        self.applicant_wishes = [[] for _ in range(p.applicants)]
        self.employer_wishes = [[] for _ in p.employer_tables]
        for w, (a, e) in enumerate(zip(self.wa, self.we, strict=True)):
            if self.wish_rounds[w]:
                self.applicant_wishes[a].append(w)
                self.employer_wishes[e].append(w)
        self.a_at = [[-1] * p.rounds for _ in range(p.applicants)]
        self.a_n = [0] * p.applicants
        self.e_at = [[[] for _ in rounds] for _ in p.employer_tables]
        self.l_at = [[[] for _ in rounds] for _ in p.language_capacity]
        self.wish_round = [-1] * p.wishes
        self.covered = 0
        self.value = 0

    def fits(self, w: int, r: int) -> bool:
        a, e, lang = self.wa[w], self.we[w], self.wl[w]
        return (
            self.wish_round[w] < 0
            and self.a_at[a][r] < 0
            and self.a_n[a] < self.k
            and len(self.e_at[e][r]) < self.tables[e]
            and (lang < 0 or len(self.l_at[lang][r]) < self.cap[lang][r])
            and r in self.wish_rounds[w]
        )

    def place(self, w: int, r: int) -> None:
        a, e, lang = self.wa[w], self.we[w], self.wl[w]
        self.a_at[a][r] = w
        if self.a_n[a] == 0:
            self.covered += 1
        self.a_n[a] += 1
        self.e_at[e][r].append(w)
        if lang >= 0:
            self.l_at[lang][r].append(w)
        self.wish_round[w] = r
        self.value += self.wv[w]

    def remove(self, w: int) -> int:
        r = self.wish_round[w]
        a, e, lang = self.wa[w], self.we[w], self.wl[w]
        self.a_at[a][r] = -1
        self.a_n[a] -= 1
        if self.a_n[a] == 0:
            self.covered -= 1
        self.e_at[e][r].remove(w)
        if lang >= 0:
            self.l_at[lang][r].remove(w)
        self.wish_round[w] = -1
        self.value -= self.wv[w]
        return r

    def open_rounds(self, w: int) -> list[int]:
        return [r for r in self.wish_rounds[w] if self.fits(w, r)]

    def score(self) -> tuple[int, int]:
        return self.covered, self.value


# -- the decomposition -------------------------------------------------------------


def _decompose(problem: Problem, *, deadline: float) -> State:
    state = State(problem)
    for _ in range(4):
        planned = _plan(state)
        if not planned:
            break
        before = state.score()
        _assign_rounds(state, planned)
        if state.score() == before:
            break
    _repair(state, deadline=deadline)
    return state


def flow_solve(tails, heads, capacities, costs, supply, nodes):
    """Solve a flow from node 0 to node 1 with ``supply`` units and a free
    bypass arc (so only arcs worth taking are taken); the flows of the arcs
    given."""
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.array([*tails, 0], dtype=np.int32),
        np.array([*heads, 1], dtype=np.int32),
        np.array([*capacities, supply], dtype=np.int64),
        np.array([*costs, 0], dtype=np.int64),
    )
    supplies = np.zeros(nodes, dtype=np.int64)
    supplies[0], supplies[1] = supply, -supply
    flow.set_nodes_supplies(np.arange(nodes, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return flow.flows(arcs)[:-1]


def _plan(state: State) -> list[int]:
    """The pairs to meet on top of the current schedule, as one min-cost
    flow without rounds: applicants (node 2 + a) to employers (after them),
    each applicant up to the talks and free rounds left, each employer up to
    its free tables over all rounds; the first talk of an applicant without
    one is worth more than any value."""
    p = state.p
    n = p.applicants
    bonus = sum(state.wv) + 1
    tails, heads, caps, costs, wishes = [], [], [], [], []
    supply = 0
    candidates = []
    for a in range(n):
        left = state.k - state.a_n[a]
        if left <= 0:
            continue
        wanted = [w for w in state.applicant_wishes[a] if state.open_rounds(w)]
        if not wanted:
            continue
        free = sum(1 for r in range(p.rounds) if p.applicant_free[a][r] and state.a_at[a][r] < 0)
        left = min(left, free, len(wanted))
        if left <= 0:
            continue
        if state.a_n[a] == 0:
            tails.append(0), heads.append(2 + a), caps.append(1), costs.append(-bonus)
            left -= 1
        if left:
            tails.append(0), heads.append(2 + a), caps.append(left), costs.append(0)
        candidates.extend(wanted)
    arcs_before = len(tails)
    for w in candidates:
        tails.append(2 + state.wa[w]), heads.append(2 + n + state.we[w])
        caps.append(1), costs.append(-state.wv[w])
        wishes.append(w)
    for e, tables in enumerate(state.tables):
        free = sum(
            tables - len(state.e_at[e][r])
            for r in range(p.rounds)
            if p.employer_present[e][r] and len(state.e_at[e][r]) < tables
        )
        if free:
            tails.append(2 + n + e), heads.append(1), caps.append(free), costs.append(0)
    supply = sum(caps[:arcs_before])
    if not wishes or not supply:
        return []
    # The interpreters are a cap across arcs that a flow cannot hold: where
    # a language's talks planned exceed what its interpreters have left,
    # the least needed of them (applicants with other talks first, then the
    # cheapest) are left out and the flow solved again, until they fit.
    room = [
        sum(c - len(talks) for c, talks in zip(cap, at, strict=True))
        for cap, at in zip(state.cap, state.l_at, strict=True)
    ]
    position = {w: i for i, w in enumerate(wishes)}
    interpreted = {}
    for w in wishes:
        if state.wl[w] >= 0:
            interpreted.setdefault(state.wl[w], []).append(w)

    def solve(prices):
        for lang, group in interpreted.items():
            for w in group:
                costs[arcs_before + position[w]] = prices.get(lang, 0) - state.wv[w]
        flows = flow_solve(tails, heads, caps, costs, supply, 2 + n + len(state.tables))
        planned = [
            w
            for w, f in zip(wishes, flows[arcs_before : arcs_before + len(wishes)], strict=True)
            if f > 0
        ]
        usage = Counter(state.wl[w] for w in planned if state.wl[w] >= 0)
        return planned, usage

    # A language short of interpreters gets a price on its talks, the
    # lowest on a ladder that brings them within its interpreters (found by
    # bisection, all languages at once): first in value, so that cheap
    # talks leave the interpreters to dearer ones; at the top half a first
    # talk, so that applicants with a talk without interpreter take that one
    # and leave the interpreters to those who have none.
    ladder = [0, *sorted({v for v in state.wv if v > 0})[::4], max(state.wv, default=0) + 1]
    ladder.append(bonus // 2)
    prices = {}
    planned, usage = solve(prices)
    while True:
        short = [lang for lang in interpreted if usage[lang] > room[lang] and lang not in prices]
        if not short:
            break
        low = dict.fromkeys(short, 1)
        high = {lang: len(ladder) - 1 for lang in short}
        while any(low[lang] < high[lang] for lang in short):
            middle = {lang: (low[lang] + high[lang]) // 2 for lang in short}
            planned, usage = solve(prices | {lang: ladder[middle[lang]] for lang in short})
            for lang in short:
                if low[lang] < high[lang]:
                    if usage[lang] <= room[lang]:
                        high[lang] = middle[lang]
                    else:
                        low[lang] = middle[lang] + 1
        prices |= {lang: ladder[high[lang]] for lang in short}
        planned, usage = solve(prices)
    # What the prices leave over (languages interact), the least needed of
    # it out: applicants with other talks first, then the cheapest.
    while True:
        talks = Counter(state.wa[w] for w in planned) + Counter(
            {a: 1 for a in range(n) if state.a_n[a]}
        )
        over = []
        for lang in interpreted:
            if usage[lang] > room[lang]:
                chosen = sorted(
                    (w for w in planned if state.wl[w] == lang),
                    key=lambda w: (talks[state.wa[w]] < 2, state.wv[w], w),
                )
                over.extend(chosen[: usage[lang] - room[lang]])
        if not over:
            return planned
        for w in over:
            caps[arcs_before + position[w]] = 0
        planned, usage = solve(prices)


def _assign_rounds(state: State, planned: list[int]) -> None:
    """Give planned pairs rounds, one round after the other, each a
    maximum-weight b-matching of applicants to employers' free tables. A
    pair's weight grows as its rounds run out, for an applicant's first
    talk, and for employers and applicants whose planned talks fill what
    they have left; the interpreters of each language cap the round."""
    p = state.p
    n = p.applicants
    rounds = p.rounds
    left = set(planned)
    wish_rounds_sorted = state.wish_rounds
    for r in range(rounds):
        if not left:
            return
        # Load still to place per employer and applicant, against what is
        # left of them from this round on.
        e_load = {}
        a_load = {}
        for w in left:
            e_load[state.we[w]] = e_load.get(state.we[w], 0) + 1
            a_load[state.wa[w]] = a_load.get(state.wa[w], 0) + 1
        banned = set()
        while True:
            options = [
                w
                for w in sorted(left)
                if w not in banned and r in wish_rounds_sorted[w] and state.fits(w, r)
            ]
            if not options:
                break
            weights = {}
            for w in options:
                a, e = state.wa[w], state.we[w]
                rounds_w = wish_rounds_sorted[w]
                later = len(rounds_w) - bisect_left(rounds_w, r)
                e_room = sum(
                    state.tables[e] - len(state.e_at[e][q])
                    for q in range(r, rounds)
                    if p.employer_present[e][q]
                )
                a_room = sum(
                    1 for q in range(r, rounds) if p.applicant_free[a][q] and state.a_at[a][q] < 0
                )
                weights[w] = (
                    10_000
                    + (4_000 if state.a_n[a] == 0 else 0)
                    + 3_000 // later
                    + 2_000 * e_load[e] // max(e_room, 1)
                    + 1_000 * a_load[a] // max(a_room, 1)
                    + state.wv[w]
                )
            tails, heads, caps, costs = [], [], [], []
            applicants = sorted({state.wa[w] for w in options})
            for a in applicants:
                tails.append(0), heads.append(2 + a), caps.append(1), costs.append(0)
            employers = sorted({state.we[w] for w in options})
            for w in options:
                tails.append(2 + state.wa[w]), heads.append(2 + n + state.we[w])
                caps.append(1), costs.append(-weights[w])
            for e in employers:
                tails.append(2 + n + e), heads.append(1)
                caps.append(state.tables[e] - len(state.e_at[e][r])), costs.append(0)
            flows = flow_solve(
                tails, heads, caps, costs, len(applicants), 2 + n + len(state.tables)
            )
            chosen = [
                w
                for w, f in zip(
                    options, flows[len(applicants) : len(applicants) + len(options)], strict=True
                )
                if f > 0
            ]
            # The interpreters of a language may not be enough for all the
            # talks chosen: keep the heaviest, ban the language's other talks
            # for this round and match again so that their tables go to
            # others (each language at most once, so this ends).
            by_language = {}
            for w in chosen:
                if state.wl[w] >= 0:
                    by_language.setdefault(state.wl[w], []).append(w)
            over = set()
            for lang, talks in by_language.items():
                room = state.cap[lang][r] - len(state.l_at[lang][r])
                if len(talks) > room:
                    talks.sort(key=lambda w: (-weights[w], w))
                    keep = set(talks[:room])
                    over.update(w for w in options if state.wl[w] == lang and w not in keep)
            if not over:
                for w in chosen:
                    state.place(w, r)
                    left.discard(w)
                break
            banned.update(over)


# -- repair ---------------------------------------------------------------------------


def _repair(state: State, *, deadline: float) -> None:
    for _ in range(3):
        before = state.score()
        _cover(state)
        _fill(state)
        if time.perf_counter() < deadline:
            _improve(state, deadline=deadline)
        if state.score() == before or time.perf_counter() >= deadline:
            break


def _insert_best(state: State, w: int) -> bool:
    rounds = state.open_rounds(w)
    if not rounds:
        return False
    state.place(w, rounds[0])
    return True


def _cover(state: State) -> None:
    """Each applicant without a talk (those with the fewest possible talks
    first) tries: a free table; another talk moved to another round to free
    a table or an interpreter; taking the place of a talk whose applicant
    keeps another."""
    p = state.p
    uncovered = [a for a in range(p.applicants) if state.a_n[a] == 0 and state.applicant_wishes[a]]
    uncovered.sort(key=lambda a: (len(state.applicant_wishes[a]), a))
    for a in uncovered:
        if state.a_n[a] or state.k == 0:
            continue
        wishes = sorted(state.applicant_wishes[a], key=lambda w: (-state.wv[w], w))
        if any(_insert_best(state, w) for w in wishes):
            continue
        if any(_insert_by_moving(state, w) for w in wishes):
            continue
        _insert_by_taking(state, wishes)


def _blockers(state: State, w: int, r: int) -> list[list[int]]:
    """What stands in the way of ``w`` in round ``r`` (applicant free there
    and below its talks): the talks at the employer's tables if they are
    all taken, the interpreted talks of the language if its interpreters
    are all taken."""
    e, lang = state.we[w], state.wl[w]
    groups = []
    if len(state.e_at[e][r]) >= state.tables[e]:
        groups.append(list(state.e_at[e][r]))
    if lang >= 0 and len(state.l_at[lang][r]) >= state.cap[lang][r]:
        groups.append(list(state.l_at[lang][r]))
    return groups


def _insert_by_moving(state: State, w: int) -> bool:
    a = state.wa[w]
    for r in state.wish_rounds[w]:
        if state.a_at[a][r] >= 0:
            continue
        groups = _blockers(state, w, r)
        if len(groups) != 1:
            continue
        for other in groups[0]:
            state.remove(other)
            for q in state.open_rounds(other):
                if q == r:
                    continue
                state.place(other, q)
                if state.fits(w, r):
                    state.place(w, r)
                    return True
                state.remove(other)
            state.place(other, r)
    return False


def _insert_by_taking(state: State, wishes: list[int]) -> bool:
    """Place one of ``wishes`` where talks stand in the way, losing the
    least value; the talks taken try another round, and the change is kept
    only if it covers more (their applicants keep another talk)."""
    candidates = []
    for w in wishes:
        for r in state.wish_rounds[w]:
            taken = _conflicts(state, w, r)
            if taken:
                loss = sum(state.wv[o] for o in taken)
                candidates.append((loss - state.wv[w], w, r, taken))
    candidates.sort(key=lambda c: c[:3])
    return any(_exchange(state, w, r, taken) for _, w, r, taken in candidates[:20])


def _conflicts(state: State, w: int, r: int) -> set[int]:
    """The talks to take out so that ``w`` fits in round ``r``: the
    applicant's own talk there (or, at the limit, their cheapest), one at
    the employer's tables if all are taken, one with an interpreter of the
    language if all are taken; of several, the cheapest whose applicant has
    another talk."""
    a, e, lang = state.wa[w], state.we[w], state.wl[w]
    taken = set()
    if state.a_at[a][r] >= 0:
        taken.add(state.a_at[a][r])
    elif state.a_n[a] >= state.k:
        own = [o for o in state.a_at[a] if o >= 0]
        if not own:
            return set()  # no talks allowed at all
        taken.add(min(own, key=lambda o: (state.wv[o], o)))

    def cheapest(group):
        return min(
            (o for o in group if o not in taken),
            key=lambda o: (state.a_n[state.wa[o]] < 2, state.wv[o], o),
        )

    at_tables = state.e_at[e][r]
    if len(at_tables) - sum(1 for o in taken if o in at_tables) >= state.tables[e]:
        taken.add(cheapest(at_tables))
    if lang >= 0:
        interpreted = state.l_at[lang][r]
        if len(interpreted) - sum(1 for o in taken if o in interpreted) >= state.cap[lang][r]:
            taken.add(cheapest(interpreted))
    return taken


def _exchange(state: State, w: int, r: int, taken: set[int]) -> bool:
    """Take ``taken`` out, put ``w`` in round ``r``, put the talks taken
    into another round where they fit; kept only if the schedule is better
    (more applicants covered, or as many and more value), else undone."""
    before = state.score()
    rounds = {o: state.remove(o) for o in sorted(taken)}
    if not state.fits(w, r):
        for o, q in rounds.items():
            state.place(o, q)
        return False
    state.place(w, r)
    for o in sorted(taken, key=lambda o: (-state.wv[o], o)):
        _insert_best(state, o)
    if state.score() > before:
        return True
    for o in taken:
        if state.wish_round[o] >= 0:
            state.remove(o)
    state.remove(w)
    for o, q in rounds.items():
        state.place(o, q)
    return False


def _fill(state: State) -> None:
    """Every wish still open, the most valuable first, into a free round."""
    order = sorted(range(state.p.wishes), key=lambda w: (-state.wv[w], w))
    for w in order:
        if state.wish_round[w] < 0 and state.wish_rounds[w]:
            _insert_best(state, w)


def _improve(state: State, *, deadline: float) -> None:
    """Value moves that never lose coverage: an open wish, the most valuable
    first, takes the place of the cheapest talks in its way (``_conflicts``)
    if they are worth less, and they try another round."""
    order = sorted(
        (w for w in range(state.p.wishes) if state.wish_rounds[w]),
        key=lambda w: (-state.wv[w], w),
    )
    for step, w in enumerate(order):
        if step % 256 == 0 and time.perf_counter() >= deadline:
            return
        if state.wish_round[w] >= 0:
            continue
        candidates = []
        for r in state.wish_rounds[w]:
            taken = _conflicts(state, w, r)
            loss = sum(state.wv[o] for o in taken)
            if taken and loss < state.wv[w]:
                candidates.append((loss, r, taken))
        candidates.sort(key=lambda c: c[:2])
        for _loss, r, taken in candidates[:3]:
            if _exchange(state, w, r, taken):
                break


# -- the linear relaxation ------------------------------------------------------------


def relaxation_lp(problem: Problem):
    """The linear relaxation of the whole model for GLOP: the solver, the
    variables per (wish, round) and the applicants' coverage variables."""
    state = State(problem)
    lp = pywraplp.Solver.CreateSolver("GLOP")
    x = {}
    for w, rounds in enumerate(state.wish_rounds):
        for r in rounds:
            x[w, r] = lp.NumVar(0, 1, "")
    groups = {}
    for (w, r), var in x.items():
        a = state.wa[w]
        groups.setdefault(("applicant round", a, r), []).append(var)
        groups.setdefault(("applicant", a), []).append(var)
        groups.setdefault(("wish", w), []).append(var)
        groups.setdefault(("employer round", state.we[w], r), []).append(var)
        if state.wl[w] >= 0:
            groups.setdefault(("language round", state.wl[w], r), []).append(var)
    limits = {
        "applicant round": lambda key: 1,
        "applicant": lambda key: problem.max_talks,
        "wish": lambda key: 1,
        "employer round": lambda key: problem.employer_tables[key[1]],
        "language round": lambda key: problem.language_capacity[key[1]][key[2]],
    }
    for key, group in groups.items():
        lp.Add(lp.Sum(group) <= limits[key[0]](key))
    covered = []
    for a in range(problem.applicants):
        if ("applicant", a) in groups:
            var = lp.NumVar(0, 1, "")
            lp.Add(var <= lp.Sum(groups["applicant", a]))
            covered.append(var)
    return lp, x, covered


def _lp_rounded(problem: Problem, *, deadline: float) -> State:
    """The talks the relaxation (coverage weighted above any value) takes
    whole, then the repair for the rest."""
    lp, x, covered = relaxation_lp(problem)
    big = sum(problem.wish_value) + 1
    lp.Maximize(
        big * lp.Sum(covered) + lp.Sum(problem.wish_value[w] * var for (w, _r), var in x.items())
    )
    state = State(problem)
    if lp.Solve() == pywraplp.Solver.OPTIMAL:
        for (w, r), var in sorted(x.items()):
            if var.solution_value() > 0.999 and state.fits(w, r):
                state.place(w, r)
    _repair(state, deadline=deadline)
    return state


# -- exact -----------------------------------------------------------------------------


def _exact(problem: Problem, state: State, *, time_limit: float):
    """CP-SAT on the whole model, from the decomposition's answer; the
    answer and whether it is proven optimal, or (None, False) without an
    answer at least as good."""
    p = problem
    model = cp_model.CpModel()
    x = {}
    for w, rounds in enumerate(state.wish_rounds):
        for r in rounds:
            x[w, r] = model.new_bool_var(f"x{w}_{r}")
    by_applicant_round, by_applicant, by_employer_round, by_language_round = {}, {}, {}, {}
    for (w, r), var in x.items():
        by_applicant_round.setdefault((p.wish_applicant[w], r), []).append(var)
        by_applicant.setdefault(p.wish_applicant[w], []).append(var)
        by_employer_round.setdefault((p.wish_employer[w], r), []).append(var)
        if p.wish_language[w] >= 0:
            by_language_round.setdefault((p.wish_language[w], r), []).append(var)
    for w, rounds in enumerate(state.wish_rounds):
        if len(rounds) > 1:
            model.add_at_most_one(x[w, r] for r in rounds)
    for group in by_applicant_round.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    covered = []
    for a, group in by_applicant.items():
        if len(group) > p.max_talks:
            model.add(sum(group) <= p.max_talks)
        y = model.new_bool_var(f"y{a}")
        model.add_bool_or(group).only_enforce_if(y)
        covered.append(y)
    for (e, _r), group in by_employer_round.items():
        if len(group) > p.employer_tables[e]:
            model.add(sum(group) <= p.employer_tables[e])
    for (lang, r), group in by_language_round.items():
        if len(group) > p.language_capacity[lang][r]:
            model.add(sum(group) <= p.language_capacity[lang][r])
    big = sum(p.wish_value) + 1
    model.maximize(big * sum(covered) + sum(p.wish_value[w] * var for (w, _r), var in x.items()))
    for (w, r), var in x.items():
        model.add_hint(var, state.wish_round[w] == r)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.linearization_level = 2
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.max_deterministic_time = EXACT_DETERMINISTIC_TIME
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    wish_round = [-1] * p.wishes
    for (w, r), var in x.items():
        if solver.boolean_value(var):
            wish_round[w] = r
    if objective(p, wish_round) < state.score():
        return None, False
    return wish_round, status == cp_model.OPTIMAL
