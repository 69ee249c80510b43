"""Participants and employers of an event as CSV or XLSX.

The CSV is for German Excel: UTF-8 with a byte order mark (or umlauts break)
and semicolons (Excel's list separator where the comma is the decimal mark).
"""

import csv
import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from applicants.models import Registration
from applicants.selectors import event_registrations
from employers.selectors import participations_for_event
from events.choices import GermanLevel, SpokenLanguage
from events.models import Event

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _languages(codes: Iterable[str]) -> str:
    labels = dict(SpokenLanguage.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


def participants_table(*, event: Event) -> tuple[list[str], list[list]]:
    header = [
        _("Last name"),
        _("First name"),
        _("Status"),
        _("Checked in at"),
        _("E-mail"),
        _("Mobile phone"),
        _("Language for messages"),
        _("Languages spoken"),
        _("German level"),
        _("Needs an interpreter"),
        _("Interpreter language"),
        _("Trades of interest"),
        _("Booked slots"),
        _("Registered at"),
        _("Code for the entrance"),
    ]
    rows = []
    registrations = event_registrations(event=event).exclude(status=Registration.Status.CANCELLED)
    for registration in registrations:
        applicant = registration.applicant
        rows.append(
            [
                applicant.last_name,
                applicant.first_name,
                registration.get_status_display(),
                _when(registration.checked_in_at),
                applicant.email,
                applicant.phone,
                applicant.get_language_display(),
                _languages(applicant.spoken_languages),
                str(GermanLevel(applicant.german_level).label),
                _yes_no(applicant.needs_interpreter),
                _languages(
                    [applicant.interpreter_language] if applicant.interpreter_language else []
                ),
                ", ".join(trade.name for trade in applicant.trades.all()),
                ", ".join(
                    f"{booking.slot.session.title} {_when(booking.slot.starts_at)}"
                    + (
                        ""
                        if booking.status == "confirmed"
                        else f" ({booking.get_status_display()})"
                    )
                    for booking in registration.bookings.all()
                ),
                _when(registration.created_at),
                registration.code_display,
            ]
        )
    return [str(title) for title in header], rows


def employers_table(*, event: Event) -> tuple[list[str], list[list]]:
    header = [
        _("Company"),
        _("Status"),
        _("Table"),
        _("People coming"),
        _("Contact person"),
        _("E-mail"),
        _("Phone"),
        _("Postcode"),
        _("City"),
        _("Positions to talk about"),
    ]
    rows = [
        [
            participation.employer.name,
            participation.get_status_display(),
            participation.table,
            participation.attendees,
            participation.employer.contact_name,
            participation.employer.email,
            participation.employer.phone,
            participation.employer.postcode,
            participation.employer.city,
            ", ".join(
                f"{position.title} ({position.trade.name}, {position.get_kind_display()})"
                for position in participation.positions.all()
            ),
        ]
        for participation in participations_for_event(event=event).order_by("employer__name")
    ]
    return [str(title) for title in header], rows


TABLES = {"participants": participants_table, "employers": employers_table}


def _is_formula(value) -> bool:
    """Text a spreadsheet would run as a formula (names are typed in by the
    public). Phone numbers such as +49 … stay as they are."""
    if not isinstance(value, str) or not value:
        return False
    if value[0] in "=@\t\r":
        return True
    return value[0] in "+-" and not value[1:2].isdigit()


def _csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([f"'{value}" if _is_formula(value) else value for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(header: list[str], rows: list[list], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if _is_formula(cell.value):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width, 8) + 2, 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(*, event: Event, what: str, fmt: str) -> tuple[bytes, str]:
    """The table ``what`` ("participants" or "employers") in ``fmt``
    ("csv" or "xlsx"), with its content type."""
    header, rows = TABLES[what](event=event)
    if fmt == "csv":
        return _csv(header, rows), FORMATS["csv"]
    return _xlsx(header, rows, title=what), FORMATS["xlsx"]
