"""Retention: applicants' personal data is anonymised a set number of days
after the last event they registered for (``RETENTION_DAYS``); of people
who agreed to be asked after the fair, once the last question has closed."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from applicants.models import Applicant, Consent, FollowUp, RetentionLog
from applicants.selectors import consent_given
from applicants.services.registrations import applicant_anonymise

# Days after the event until the last follow-up question closes.
FOLLOW_UPS_CLOSE = FollowUp.DAYS_AFTER[FollowUp.Point.MONTHS_6] + FollowUp.OPEN_DAYS


def applicants_expired(*, cutoff: datetime, follow_up_cutoff: datetime | None = None):
    """Applicants not yet anonymised whose last event ended before ``cutoff``
    (or, never registered, who were created before it); those who agree to
    follow-up questions only once it ended before ``follow_up_cutoff``."""
    follow_up_cutoff = min(cutoff, follow_up_cutoff or cutoff)
    return (
        Applicant.objects.filter(anonymised_at__isnull=True)
        .annotate(
            last_seen=Coalesce(Max("registrations__event__ends_at"), "created_at"),
            asked_later=consent_given(Consent.Purpose.FOLLOW_UP, applicant="pk"),
        )
        .filter(last_seen__lt=cutoff)
        .exclude(asked_later=True, last_seen__gte=follow_up_cutoff)
    )


def applicants_anonymise_expired(*, now: datetime | None = None, days: int | None = None):
    """Anonymise every expired applicant, each in its own transaction, and
    write what was done to the retention log."""
    days = settings.RETENTION_DAYS if days is None else days
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    follow_up_cutoff = now - timedelta(days=max(days, FOLLOW_UPS_CLOSE))
    count = 0
    expired = applicants_expired(cutoff=cutoff, follow_up_cutoff=follow_up_cutoff)
    for applicant in expired.iterator(chunk_size=500):
        with transaction.atomic():
            applicant_anonymise(applicant=applicant)
        count += 1
    return RetentionLog.objects.create(
        retention_days=days, cutoff=cutoff, applicants_anonymised=count
    )
