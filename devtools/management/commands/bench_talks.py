"""Benchmark: the talk schedule on seeded fairs from Borsdorf's size (80
applicants, 11 employers, 6 rounds) to 5,000 × 300 × 12, against two greedy
schedules and two bounds no schedule can beat (``meetings.bounds``): the
min-cost flow without rounds and interpreters, and, up to ``--lp-up-to``
applicants, the LP relaxation of the whole problem.

Needs no database: ``make bench-talks``.
"""

import time

from django.core.management.base import BaseCommand

from meetings import bounds
from meetings.instances import instance_generate
from meetings.scheduling import (
    Schedule,
    problem_from_instance,
    schedule_talks,
    schedule_violations,
    talks_from_rounds,
)
from meetings.solver import objective

SIZES = ["80x11x6", "500x40x8", "1000x80x10", "2500x150x12", "5000x300x12"]


class Command(BaseCommand):
    help = "The talk scheduler against greedy schedules and relaxation bounds."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes", nargs="+", default=SIZES, help="applicants x employers x rounds"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--lp-up-to", type=int, default=1000, help="applicants (LP takes seconds at 1,000)"
        )
        parser.add_argument("--time-limit", type=float, default=8.0)

    def handle(self, *args, sizes, seed, lp_up_to, time_limit, **options):
        self.stdout.write(
            f"{'fair (a×e×r)':<13} {'wishes':>6}  {'schedule':<28} {'seconds':>7} {'talks':>6} "
            f"{'value':>7} {'without':>7} {'viol.':>5}  {'without vs flow, LP':>19}  "
            f"{'value / flow, LP':>16}"
        )
        self.stdout.write(
            "(flow: the min-cost flow without rounds and interpreters, at its fewest without a "
            "talk; LP: the linear relaxation of the whole problem, value at the coverage of "
            "schedule_talks)"
        )
        for size in sizes:
            applicants, employers, rounds = (int(part) for part in size.split("x"))
            self._size(applicants, employers, rounds, seed, lp_up_to, time_limit)

    def _size(self, applicants, employers, rounds, seed, lp_up_to, time_limit):
        instance = instance_generate(
            applicants=applicants, employers=employers, rounds=rounds, seed=seed
        )
        problem = problem_from_instance(instance)
        label = f"{applicants}×{employers}×{rounds}"
        rows = []
        started = time.perf_counter()
        schedule = schedule_talks(instance, time_limit=time_limit)
        ours = (
            f"schedule_talks ({schedule.stats.method})",
            time.perf_counter() - started,
            schedule,
        )
        rows.append(ours)
        for name, greedy in (
            ("greedy by value", bounds.greedy_by_value),
            ("fairness-first greedy", bounds.greedy_fair),
        ):
            started = time.perf_counter()
            wish_round = greedy(problem)
            seconds = time.perf_counter() - started
            rows.append((name, seconds, Schedule(talks=talks_from_rounds(instance, wish_round))))
        started = time.perf_counter()
        flow = bounds.flow_bound(problem)
        flow_seconds = time.perf_counter() - started
        lp = lp_seconds = None
        if applicants <= lp_up_to:
            started = time.perf_counter()
            lp = bounds.lp_bound(problem, covered=schedule.stats.applicants_with_talk)
            lp_seconds = time.perf_counter() - started
        for position, (name, seconds, result) in enumerate(rows):
            covered, value = objective(problem, _wish_rounds(instance, result))
            without = applicants - covered
            violations = len(schedule_violations(instance, result))
            versus = f"{without - (applicants - flow.covered):+d}"
            share = f"{value / flow.value:.1%}"
            if lp:
                versus += f", {without - (applicants - lp.covered):+d}"
                share += f", {value / lp.value:.1%}"
            self.stdout.write(
                f"{label if position == 0 else '':<13} "
                f"{len(instance.wishes) if position == 0 else '':>6}  {name:<28} {seconds:>7.2f} "
                f"{len(result.talks):>6} {value:>7} {without:>7} {violations:>5}  "
                f"{versus:>19}  {share:>16}"
            )
        self.stdout.write(
            f"{'':<13} {'':>6}  {'bound: flow relaxation':<28} {flow_seconds:>7.2f} {'':>6} "
            f"{flow.value:>7.0f} {applicants - flow.covered:>7}"
        )
        if lp:
            self.stdout.write(
                f"{'':<13} {'':>6}  {'bound: LP relaxation':<28} {lp_seconds:>7.2f} {'':>6} "
                f"{lp.value:>7.0f} {applicants - lp.covered:>7}"
            )
        fair_covered, fair_value = objective(problem, bounds.greedy_fair(problem))
        stats = schedule.stats
        summary = (
            f"against the fairness-first greedy: "
            f"{stats.applicants_without_talk - (applicants - fair_covered):+d} without a talk, "
            f"value {stats.total_value / fair_value - 1:+.1%}"
        )
        if lp:
            above = stats.applicants_without_talk - (applicants - lp.covered)
            summary += (
                f"; without a talk above the LP bound: {above / applicants:.2%} of applicants"
            )
        self.stdout.write(f"{'':<13} {'':>6}  {summary}")


def _wish_rounds(instance, schedule):
    index = {(w.applicant, w.employer): n for n, w in enumerate(instance.wishes)}
    wish_round = [-1] * len(instance.wishes)
    for talk in schedule.talks:
        wish_round[index[talk.applicant, talk.employer]] = talk.round
    return wish_round
