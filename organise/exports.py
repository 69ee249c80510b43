"""Participants and employers of an event as CSV or XLSX; the outcome
report as XLSX and the pseudonymised list of participants for funders.

The CSV is for German Excel: UTF-8 with a byte order mark (or umlauts break)
and semicolons (Excel's list separator where the comma is the decimal mark).
"""

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from applicants.models import Applicant, FollowUp, Registration
from applicants.selectors import event_registrations
from employers.selectors import participations_for_event
from events.choices import GermanLevel, SpokenLanguage
from events.models import Event
from jobfair.spreadsheets import CONTENT_TYPES, as_text, csv_bytes, is_formula, xlsx_bytes
from meetings.models import Contact, Talk
from organise.reports import Breakdown

FORMATS = CONTENT_TYPES


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


def export(*, event: Event, what: str, fmt: str) -> tuple[bytes, str]:
    """The table ``what`` ("participants" or "employers") in ``fmt``
    ("csv" or "xlsx"), with its content type."""
    header, rows = TABLES[what](event=event)
    if fmt == "csv":
        return csv_bytes(header, rows), FORMATS["csv"]
    return xlsx_bytes(header, rows, title=what), FORMATS["xlsx"]


def _sheet_title(title: str) -> str:
    """A sheet's name as Excel takes it: at most 31 characters, none of []:*?/\\."""
    return "".join(" " if char in "[]:*?/\\" else char for char in title)[:31]


def _cell(value):
    """A figure as it is, a hidden one as its text ("fewer than 5"), no rate as empty."""
    return value if value is None or isinstance(value, int) else str(value)


def outcomes_xlsx(*, outcomes: dict) -> bytes:
    """The outcome report (``event_outcomes``) with the same hidden figures:
    a sheet for the participants, the talks and the follow-up questions,
    each with its totals and then its tables one below the other."""
    small = _(
        "So that nobody can be recognised, counts of 1 to %(largest)s people are shown "
        "as “fewer than %(small)s”."
    ) % {"largest": outcomes["small_group"] - 1, "small": outcomes["small_group"]}
    participants, talks, follow_ups = (
        outcomes["participants"],
        outcomes["talks"],
        outcomes["follow_ups"],
    )
    sections = [
        (
            _("Participants"),
            [
                (_("Registered"), participants["registered"]),
                (_("Came"), participants["attended"]),
                (_("Did not come"), participants["missed"]),
            ],
            participants["tables"],
        ),
        (
            _("Talks"),
            [
                (_("Talks held"), talks["held"]),
                (_("Talks the person did not come to"), talks["missed"]),
                (_("Talks still planned"), talks["planned"]),
                (_("Next steps agreed"), talks["next_steps"]),
                (_("People with a next step"), talks["people_with_next_step"]),
            ],
            talks["tables"],
        ),
        (
            _("Follow-up questions"),
            [(_("Asked"), follow_ups["asked"]), (_("Answered"), follow_ups["answered"])],
            follow_ups["tables"],
        ),
    ]
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, totals, tables in sections:
        sheet = workbook.create_sheet(_sheet_title(title))
        sheet.append([title])
        sheet.append([small])
        sheet.append([])
        for label, value in totals:
            sheet.append([label, value])
        for table in tables:
            _table_append(sheet, table)
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.column_dimensions["A"].width = 40
        for letter in "BCDEF":
            sheet.column_dimensions[letter].width = 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _table_append(sheet, table: Breakdown) -> None:
    sheet.append([])
    sheet.append([table.title])
    sheet.append(table.columns)
    for cell in (*sheet[sheet.max_row - 1], *sheet[sheet.max_row]):
        cell.font = Font(bold=True)
    for label, values in table.rows:
        sheet.append([label, *(_cell(value) for value in values)])
        # Employers' and trades' names are typed in by people.
        if is_formula(label):
            sheet.cell(row=sheet.max_row, column=1).data_type = "s"


PSEUDONYM_LENGTH = 12
# Rows the pseudonymised list reads from the database at a time: its memory
# stays the same at 200 people or 20,000.
CHUNK = 2000
NOT_ASKED, UNANSWERED = "not_asked", "unanswered"


def pseudonym(*, event_id: int, applicant_id: int) -> str:
    """A person's name in the funders' list: the same at every download of
    the event's list, another for the same person at another event, and not
    to be traced back without the site's SECRET_KEY (an HMAC of it)."""
    digest = salted_hmac(
        "organise.exports.pseudonym", f"{event_id}:{applicant_id}", algorithm="sha256"
    )
    return digest.hexdigest()[:PSEUDONYM_LENGTH]


def _count(rows: QuerySet) -> Coalesce:
    """How many of ``rows`` belong to the outer registration."""
    counts = rows.order_by().values("registration").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _pseudonymised_rows(*, event: Event) -> QuerySet:
    """One row of codes per person who held a guest place, the talks
    counted and the answers looked up by subqueries."""
    registration = OuterRef("pk")
    answers = {
        f"answer_{point}": Subquery(
            FollowUp.objects.filter(registration=registration, point=point).values("answer")[:1]
        )
        for point in FollowUp.Point.values
    }
    return (
        event.registrations.filter(status__in=Registration.HOLDS_PLACE)
        .order_by("pk")
        .annotate(
            talks_held=_count(
                Talk.objects.filter(registration=registration, status=Talk.Status.HELD)
            ),
            talks_missed=_count(
                Talk.objects.filter(registration=registration, status=Talk.Status.NO_SHOW)
            ),
            **answers,
        )
        .values_list(
            "pk",
            "applicant_id",
            "checked_in_at",
            "applicant__german_level",
            "applicant__language",
            "applicant__needs_interpreter",
            "talks_held",
            "talks_missed",
            *answers,
        )
    )


def _pseudonymised_people(*, event: Event) -> Iterator[tuple[tuple, list[str], list[str]]]:
    """The rows of ``_pseudonymised_rows`` with each person's trade codes and
    next steps, read ``CHUNK`` people at a time (by id, each chunk a short
    query of its own): three queries per chunk, on every database, and one
    chunk in memory."""
    rows, last = _pseudonymised_rows(event=event), 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return
        last = chunk[-1][0]
        trades: dict[int, list[str]] = defaultdict(list)
        for applicant_id, slug in (
            Applicant.trades.through.objects.filter(applicant_id__in={row[1] for row in chunk})
            .order_by("trade__slug")
            .values_list("applicant_id", "trade__slug")
        ):
            trades[applicant_id].append(slug)
        next_steps: dict[int, list[str]] = defaultdict(list)
        for registration_id, step in (
            Contact.objects.filter(
                registration_id__in=[row[0] for row in chunk], withdrawn_at__isnull=True
            )
            .exclude(next_step=Contact.NextStep.NONE)
            .order_by("next_step")
            .values_list("registration_id", "next_step")
        ):
            next_steps[registration_id].append(step)
        for row in chunk:
            yield row, trades[row[1]], next_steps[row[0]]
        # Let the chunk go before the next one is read.
        chunk = trades = next_steps = None


class _Lines:
    """What ``csv.writer`` writes, handed back as the line."""

    def write(self, line: str) -> str:
        return line


def pseudonymised_csv(*, event: Event) -> Iterator[str]:
    """The event's participants for a funder, as CSV lines to stream: one
    row per person who held a guest place, under a pseudonym (``pseudonym``),
    with codes only: came (1/0), German level, language for messages,
    trades (their codes, comma-separated), interpreter needed (1/0), talks
    held and missed, next steps agreed (comma-separated), and the answer
    to each follow-up question (``not_asked``, ``unanswered`` or the
    answer's code). No name, contact data, free text or code for the
    entrance. The header is in the organiser's language."""
    header = [
        _("Pseudonym"),
        _("Came"),
        _("German level"),
        _("Language for messages"),
        _("Trades of interest"),
        _("Needs an interpreter"),
        _("Talks held"),
        _("Talks the person did not come to"),
        _("Next steps agreed"),
        *(_("Answer: %(when)s") % {"when": label} for _point, label in FollowUp.Point.choices),
    ]
    return _csv_lines(event=event, header=header)


def _csv_lines(*, event: Event, header: list[str]) -> Iterator[str]:
    writer = csv.writer(_Lines(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(header)
    lines = []
    for row, trade_codes, next_steps in _pseudonymised_people(event=event):
        (
            _pk,
            applicant_id,
            checked_in_at,
            german_level,
            language,
            needs_interpreter,
            talks_held,
            talks_missed,
            *answers,
        ) = row
        values = [
            pseudonym(event_id=event.pk, applicant_id=applicant_id),
            int(checked_in_at is not None),
            german_level,
            language,
            ",".join(trade_codes),
            int(needs_interpreter),
            talks_held,
            talks_missed,
            ",".join(next_steps),
            *(NOT_ASKED if answer is None else answer or UNANSWERED for answer in answers),
        ]
        lines.append(writer.writerow([as_text(value) for value in values]))
        if len(lines) == CHUNK:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)
