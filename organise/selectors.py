"""Reads across the apps for the organisers' overview pages."""

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from applicants.selectors import events_with_counts
from employers.models import Participation
from events.models import Event
from events.selectors import events_for_organiser


def _count_subquery(queryset: QuerySet, outer: str = "event") -> Coalesce:
    counted = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted), 0)


def events_dashboard(*, user) -> dict[str, list[Event]]:
    """The user's events in three groups (upcoming, drafts, past) with their
    numbers (``applicants.selectors.events_with_counts`` and the approved
    employers), in two queries whatever the number of events and people."""
    events = (
        events_with_counts(events=events_for_organiser(user=user))
        .select_related("venue")
        .prefetch_related("organisations")
        .annotate(
            approved_employers_count=_count_subquery(
                Participation.objects.filter(status=Participation.Status.APPROVED)
            ),
        )
        .order_by("starts_at")
    )
    now, today = timezone.now(), timezone.localdate()
    groups: dict[str, list[Event]] = {"upcoming": [], "drafts": [], "past": []}
    for event in events:
        event.days_until_start = (timezone.localtime(event.starts_at).date() - today).days
        if event.status == Event.Status.DRAFT:
            groups["drafts"].append(event)
        elif event.ends_at >= now:
            groups["upcoming"].append(event)
        else:
            groups["past"].append(event)
    groups["past"].reverse()
    return groups
