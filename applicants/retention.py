"""Retention: applicants' personal data is anonymised a set number of days
after the last event they registered for (``RETENTION_DAYS``)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from applicants.models import Applicant, RetentionLog
from applicants.services.registrations import applicant_anonymise


def applicants_expired(*, cutoff: datetime):
    """Applicants not yet anonymised whose last event ended before ``cutoff``
    (or, never registered, who were created before it)."""
    return (
        Applicant.objects.filter(anonymised_at__isnull=True)
        .annotate(last_seen=Coalesce(Max("registrations__event__ends_at"), "created_at"))
        .filter(last_seen__lt=cutoff)
    )


def applicants_anonymise_expired(*, now: datetime | None = None, days: int | None = None):
    """Anonymise every expired applicant, each in its own transaction, and
    write what was done to the retention log."""
    days = settings.RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    count = 0
    for applicant in applicants_expired(cutoff=cutoff).iterator(chunk_size=500):
        with transaction.atomic():
            applicant_anonymise(applicant=applicant)
        count += 1
    return RetentionLog.objects.create(
        retention_days=days, cutoff=cutoff, applicants_anonymised=count
    )
