"""Files an applicant takes away: the calendar file, the check-in QR code and
the download of all data held about them."""

import functools
import io
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

import icalendar
import segno
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from applicants.models import Applicant, Booking, Registration
from applicants.tokens import registration_personal_url

BERLIN = ZoneInfo("Europe/Berlin")


def _place(registration: Registration, booking: Booking | None = None) -> str:
    venue = registration.event.venue if booking is None else booking.slot.session.place
    place = f"{venue.name}, {venue.address}"
    if booking is not None and booking.slot.session.room:
        place = f"{booking.slot.session.room}, {place}"
    return place


def registration_calendar(*, registration: Registration, bookings: Sequence[Booking]) -> str:
    """An RFC 5545 calendar with the event and every confirmed booking, times
    in Europe/Berlin with the time zone's definition included. Texts are in
    the active language."""
    event = registration.event
    url = registration_personal_url(registration)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Job fair platform//jobfair//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entries = [(f"registration-{registration.pk}", event.title, event, None)]
    entries += [
        (f"booking-{booking.pk}", booking.slot.session.title, booking.slot, booking)
        for booking in bookings
        if booking.status == Booking.Status.CONFIRMED
    ]
    stamp = timezone.now()
    host = settings.SITE_URL.split("://")[-1].split("/")[0]
    for uid, summary, timed, booking in entries:
        entry = icalendar.Event()
        entry.add("uid", f"{uid}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("summary", summary)
        entry.add("dtstart", timed.starts_at.astimezone(BERLIN))
        entry.add("dtend", timed.ends_at.astimezone(BERLIN))
        entry.add("location", _place(registration, booking))
        entry.add("description", url)
        entry.add("url", url)
        calendar.add_component(entry)
    calendar.add_component(berlin_timezone(event.starts_at.year))
    return calendar.to_ical().decode()


@functools.cache
def berlin_timezone(year: int) -> icalendar.Timezone:
    # The time zone's rules around the event's year, derived once per year:
    # the whole tz history would cost milliseconds and kilobytes every time.
    return icalendar.Timezone.from_tzinfo(
        BERLIN, first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1)
    )


def registration_qr_svg(*, token: str) -> bytes:
    """The QR code the check-in desk and employers' tables scan: it holds
    a signed token that names the person and opens nothing."""
    buffer = io.BytesIO()
    segno.make(token, error="m").save(
        buffer, kind="svg", scale=8, border=4, xmldecl=False, title="QR"
    )
    return buffer.getvalue()


def applicant_data_export(*, applicant: Applicant) -> dict:
    """Everything held about an applicant (GDPR Art. 15), as plain data:
    this app's, and what other apps hold about them (their talks, say),
    named in ``settings.APPLICANT_DATA_PARTS`` so that this app need not
    know them."""
    data = _applicant_data(applicant)
    for name, path in settings.APPLICANT_DATA_PARTS.items():
        data[name] = import_string(path)(applicant)
    return data


def _applicant_data(applicant: Applicant) -> dict:
    registrations = applicant.registrations.select_related("event").prefetch_related(
        "bookings__slot__session", "follow_ups"
    )
    return {
        "applicant": {
            "first_name": applicant.first_name,
            "last_name": applicant.last_name,
            "email": applicant.email,
            "phone": applicant.phone,
            "language": applicant.language,
            "spoken_languages": applicant.spoken_languages,
            "german_level": applicant.german_level,
            "trades_of_interest": [trade.name for trade in applicant.trades.all()],
            "experience_years": applicant.experience_years,
            "has_foreign_certificate": applicant.has_foreign_certificate,
            "needs_interpreter": applicant.needs_interpreter,
            "interpreter_language": applicant.interpreter_language,
            "advice_topics": applicant.advice_topics,
            "questions": applicant.questions,
            "what_i_can_do": applicant.talk_line,
            "employers_of_my_trades_may_invite_me": applicant.talk_pool,
            "consent_at": applicant.consent_at,
            "created_at": applicant.created_at,
        },
        "registrations": [
            {
                "event": registration.event.title,
                "status": registration.status,
                "code_for_the_entrance": registration.code_display,
                "created_at": registration.created_at,
                "checked_in_at": registration.checked_in_at,
                "bookings": [
                    {
                        "session": booking.slot.session.title,
                        "starts_at": booking.slot.starts_at,
                        "ends_at": booking.slot.ends_at,
                        "status": booking.status,
                        "created_at": booking.created_at,
                    }
                    for booking in registration.bookings.all()
                ],
                "follow_up_answers": [
                    {
                        "when": follow_up.point,
                        "asked_at": follow_up.asked_at,
                        "answer": follow_up.answer,
                        "answered_at": follow_up.answered_at,
                    }
                    for follow_up in registration.follow_ups.all()
                ],
            }
            for registration in registrations
        ],
        "messages": [
            {
                "kind": message.kind,
                "channel": message.channel,
                "recipient": message.recipient,
                "subject": message.subject,
                "status": message.status,
                "created_at": message.created_at,
            }
            for message in applicant.messages.all()
        ],
        "consents": [
            {
                "purpose": consent.purpose,
                "text": str(consent.get_purpose_display()),
                "wording_version": consent.wording,
                "given_at": consent.given_at,
                "withdrawn_at": consent.withdrawn_at,
            }
            for consent in applicant.consents.all()
        ],
    }
