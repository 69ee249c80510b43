"""What a schedule is measured against: two simple greedy schedules and two
upper bounds that no schedule can beat.

- ``greedy_by_value``: the most valuable wishes first, each into the first
  round where it fits; leaves many without a talk.
- ``greedy_fair``: everyone's best first talk (applicants with the fewest
  wishes first), then everyone's second, and so on.
- ``flow_bound``: a min-cost flow that forgets the rounds and interpreters
  (each applicant up to ``max_talks`` and their free rounds, each employer
  up to its tables times its rounds): the fewest applicants without a talk
  and the most value at that coverage, of a problem looser than the real.
- ``lp_bound``: the linear relaxation of the real problem (rounds and
  interpreters kept), solved by GLOP: at most this many applicants covered,
  and at most this much value at a given coverage. Much tighter, but slow
  past a few thousand applicants.
"""

from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from meetings.solver import Problem, State, flow_solve, relaxation_lp


def greedy_by_value(problem: Problem) -> list[int]:
    state = State(problem)
    for w in sorted(range(problem.wishes), key=lambda w: (-state.wv[w], w)):
        rounds = state.open_rounds(w)
        if rounds:
            state.place(w, rounds[0])
    return state.wish_round


def greedy_fair(problem: Problem) -> list[int]:
    state = State(problem)
    order = sorted(range(problem.applicants), key=lambda a: (len(state.applicant_wishes[a]), a))
    for _talk in range(problem.max_talks):
        for a in order:
            for w in sorted(state.applicant_wishes[a], key=lambda w: (-state.wv[w], w)):
                rounds = state.open_rounds(w)
                if rounds:
                    state.place(w, rounds[0])
                    break
    return state.wish_round


@dataclass(frozen=True, kw_only=True)
class Bound:
    # At most this many applicants can have a talk (rounded down).
    covered: int
    # At most this much value with ``covered`` applicants covered.
    value: float


def flow_bound(problem: Problem) -> Bound:
    state = State(problem)
    n = problem.applicants
    bonus = sum(problem.wish_value) + 1
    tails, heads, caps, costs = [], [], [], []
    for a in range(n):
        wanted = state.applicant_wishes[a]
        free = sum(problem.applicant_free[a])
        talks = min(problem.max_talks, free, len(wanted))
        if talks:
            tails.append(0), heads.append(2 + a), caps.append(1), costs.append(-bonus)
        if talks > 1:
            tails.append(0), heads.append(2 + a), caps.append(talks - 1), costs.append(0)
    first_arcs = len(tails)
    wishes = [w for a in range(n) for w in state.applicant_wishes[a]]
    for w in wishes:
        tails.append(2 + state.wa[w]), heads.append(2 + n + state.we[w])
        caps.append(1), costs.append(-state.wv[w])
    for e, tables in enumerate(problem.employer_tables):
        tails.append(2 + n + e), heads.append(1)
        caps.append(tables * sum(problem.employer_present[e])), costs.append(0)
    supply = sum(caps[:first_arcs])
    if not supply or not wishes:
        return Bound(covered=0, value=0)
    flows = flow_solve(tails, heads, caps, costs, supply, 2 + n + len(problem.employer_tables))
    covered = sum(int(flows[i]) for i in range(first_arcs) if costs[i] == -bonus)
    value = sum(
        problem.wish_value[w] * int(f)
        for w, f in zip(wishes, flows[first_arcs : first_arcs + len(wishes)], strict=True)
    )
    return Bound(covered=covered, value=value)


def lp_bound(problem: Problem, *, covered: int | None = None) -> Bound:
    """The LP relaxation: first the most applicants covered, then the most
    value with at least ``covered`` of them (default: that most, rounded
    down)."""
    lp, x, y = relaxation_lp(problem)
    if not y:
        return Bound(covered=0, value=0)
    lp.Maximize(lp.Sum(y))
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        raise RuntimeError("the LP relaxation was not solved")
    most = int(lp.Objective().Value() + 1e-6)
    lp.Add(lp.Sum(y) >= (most if covered is None else covered))
    lp.Maximize(lp.Sum(problem.wish_value[w] * var for (w, _r), var in x.items()))
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        raise RuntimeError("the LP relaxation was not solved")
    return Bound(covered=most, value=lp.Objective().Value())
