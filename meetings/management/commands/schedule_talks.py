"""``manage.py schedule_talks --in instance.json --out schedule.json``: the
talk schedule for a fair given as JSON (format in ``meetings.scheduling``),
without touching the database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.scheduling import (
    InstanceError,
    instance_from_json,
    schedule_talks,
    schedule_to_json,
)


class Command(BaseCommand):
    help = "Schedule one-to-one talks for a fair given as a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("--in", dest="source", required=True, help="the instance (JSON)")
        parser.add_argument("--out", dest="target", required=True, help="where to write")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=8.0,
            help="seconds the solver may spend (default 8)",
        )

    def handle(self, *args, source, target, time_limit, **options):
        try:
            text = Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{source}: cannot be read: {error}") from None
        try:
            instance = instance_from_json(text)
        except InstanceError as error:
            raise CommandError(
                f"{source} is not a valid instance:\n" + "\n".join(error.problems)
            ) from None
        schedule = schedule_talks(instance, time_limit=time_limit)
        try:
            Path(target).write_text(
                json.dumps(schedule_to_json(schedule), indent=2, ensure_ascii=False) + "\n",
                encoding="utf-8",
            )
        except OSError as error:
            raise CommandError(f"{target}: cannot be written: {error}") from None
        stats = schedule.stats
        self.stdout.write(
            f"{stats.talks} talks, {stats.applicants_with_talk} applicants with a talk, "
            f"{stats.applicants_without_talk} without, value {stats.total_value}, "
            f"{stats.seconds:.1f} s ({stats.method}{', optimal' if stats.optimal else ''})"
        )
