from django.core.management.base import BaseCommand

from applicants.retention import applicants_anonymise_expired


class Command(BaseCommand):
    help = "Anonymise applicants whose last event ended more than RETENTION_DAYS ago."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="override RETENTION_DAYS")

    def handle(self, *args, days, **options):
        log = applicants_anonymise_expired(days=days)
        self.stdout.write(
            f"Anonymised {log.applicants_anonymised} applicants "
            f"(events ended before {log.cutoff:%Y-%m-%d}, {log.retention_days} days)."
        )
