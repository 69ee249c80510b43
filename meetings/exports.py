"""The applicant's talks as a calendar file (RFC 5545), for the phone's
calendar: attached to the message that tells them, and on their page; an
employer's contacts at the fair as CSV or XLSX; and what the talks and
tables hold of an applicant, for their data download."""

from collections.abc import Sequence

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.exports import BERLIN, berlin_timezone
from applicants.models import Registration
from applicants.tokens import registration_personal_url
from employers.models import Participation
from jobfair.spreadsheets import CONTENT_TYPES, csv_bytes, xlsx_bytes
from meetings.models import Contact, Talk, Wish
from meetings.selectors import contacts_shown


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


def applicant_contacts_data(applicant) -> list[dict]:
    """The employers who noted the applicant at their table and what they
    noted, for their data download."""
    contacts = (
        Contact.objects.filter(registration__applicant=applicant)
        .select_related("registration__event", "participation__employer")
        .order_by("created_at", "pk")
    )
    return [
        {
            "event": contact.registration.event.title,
            "employer": contact.participation.employer.name,
            "met_at": contact.created_at.isoformat(),
            "rating": contact.rating,
            "note": contact.note,
            "next_step": contact.next_step,
            "consent_withdrawn_at": contact.withdrawn_at.isoformat()
            if contact.withdrawn_at
            else None,
        }
        for contact in contacts
    ]


# An employer's contacts. The CSV is for German Excel, as the organisers'
# lists: UTF-8 with a byte order mark, semicolons.
EXPORT_FORMATS = CONTENT_TYPES


def contacts_table(*, participation: Participation) -> tuple[list[str], list[list]]:
    """One row per contact: what the person shares (``ContactShown``) and
    the employer's notes; nobody who withdrew their consent."""
    header = [
        _("Code for the entrance"),
        _("First name"),
        _("Trades of interest"),
        _("German level"),
        _("Languages spoken"),
        _("What I can do"),
        _("E-mail"),
        _("Mobile phone"),
        _("Met at"),
        _("Rating"),
        _("Next step"),
        _("Note"),
    ]
    rows = []
    for shown in contacts_shown(participation=participation):
        if shown.withdrawn:
            continue
        contact = shown.contact
        rows.append(
            [
                shown.code,
                shown.first_name,
                ", ".join(trade.name for trade in shown.trades),
                shown.german_level,
                ", ".join(shown.languages),
                shown.talk_line,
                shown.email,
                shown.phone,
                timezone.localtime(contact.created_at).strftime("%d.%m.%Y %H:%M"),
                contact.rating,
                contact.get_next_step_display(),
                contact.note,
            ]
        )
    return [str(title) for title in header], rows


def contacts_export(*, participation: Participation, fmt: str) -> tuple[bytes, str]:
    """The employer's contacts in ``fmt`` ("csv" or "xlsx"), with its
    content type."""
    header, rows = contacts_table(participation=participation)
    if fmt == "csv":
        content = csv_bytes(header, rows)
    else:
        content = xlsx_bytes(header, rows, title=str(_("Contacts")))
    return content, EXPORT_FORMATS[fmt]
