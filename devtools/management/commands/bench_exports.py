"""Benchmark: the peak memory of the organiser's downloads (the participants'
and employers' lists as CSV and XLSX, the pseudonymised list, the report and
the outcome report) and of a bulk sending, on a fair of 5,000 and of 50,000
people. All read their rows in chunks: each peak at 50,000 should stay
within twice the one at 5,000.

Needs PostgreSQL and Redis (``make bench-exports`` sets them up); it fills
the database it runs on with benchmark data, so point it at a database of
its own.
"""

from django.core.management.base import BaseCommand, CommandError

from devtools.memory import exports_benchmark


class Command(BaseCommand):
    help = "Peak memory of the organiser's downloads and a bulk sending at two sizes."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs=2, default=[5_000, 50_000])

    def handle(self, *args, sizes, **options):
        if not exports_benchmark(sizes=tuple(sizes), out=self.stdout):
            raise CommandError("A peak grows with the number of people.")
