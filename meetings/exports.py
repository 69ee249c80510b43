"""The applicant's talks as a calendar file (RFC 5545), for the phone's
calendar: attached to the message that tells them, and on their page."""

from collections.abc import Sequence

import icalendar
from django.conf import settings
from django.utils import timezone

from applicants.exports import BERLIN, berlin_timezone
from applicants.models import Registration
from applicants.tokens import registration_personal_url
from meetings.models import Talk, Wish


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


def applicant_talks_data(applicant) -> list[dict]:
    """The applicant's wishes, the employers' answers and their talks, for
    their data download."""
    wishes = Wish.objects.filter(registration__applicant=applicant).select_related(
        "registration__event", "participation__employer"
    )
    talks = {
        (talk.registration_id, talk.participation_id): talk
        for talk in Talk.objects.filter(registration__applicant=applicant)
    }
    rows = []
    for wish in wishes.order_by("pk"):
        talk = talks.get((wish.registration_id, wish.participation_id))
        rows.append(
            {
                "event": wish.registration.event.title,
                "employer": wish.participation.employer.name,
                "my_wish": wish.level,
                "employer_answer": wish.answer,
                "invited_by_employer": wish.invited,
                "talk_round": talk.round + 1 if talk else None,
                "talk_status": talk.status if talk else None,
            }
        )
    return rows
