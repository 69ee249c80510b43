"""The applicant's talks as a calendar file (RFC 5545), for the phone's
calendar: attached to the message that tells them, and on their page."""

from collections.abc import Sequence

import icalendar
from django.conf import settings
from django.utils import timezone

from applicants.exports import BERLIN, berlin_timezone
from applicants.models import Registration
from applicants.tokens import registration_personal_url
from meetings.models import Talk


def talks_calendar(*, registration: Registration, talks: Sequence[Talk]) -> str:
    """One entry per talk (``starts_at``/``ends_at`` set by the selectors),
    with the employer and the table; texts in the active language."""
    url = registration_personal_url(registration)
    host = settings.SITE_URL.split("://")[-1].split("/")[0]
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Job fair platform//jobfair//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    stamp = timezone.now()
    for talk in talks:
        entry = icalendar.Event()
        entry.add("uid", f"talk-{talk.pk}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("summary", talk.participation.employer.name)
        entry.add("dtstart", talk.starts_at.astimezone(BERLIN))
        entry.add("dtend", talk.ends_at.astimezone(BERLIN))
        place = registration.event.venue.name
        if talk.participation.table:
            place = f"{place}, {talk.participation.table}"
        entry.add("location", place)
        entry.add("description", url)
        entry.add("url", url)
        calendar.add_component(entry)
    calendar.add_component(berlin_timezone(registration.event.starts_at.year))
    return calendar.to_ical().decode()
