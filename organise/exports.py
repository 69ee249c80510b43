"""Participants and employers of an event as CSV or XLSX; the outcome
report as XLSX and the pseudonymised list of participants for funders.

The CSV is for German Excel: UTF-8 with a byte order mark (or umlauts break)
and semicolons (Excel's list separator where the comma is the decimal mark).
The lists are tables of a header and rows read ``CHUNK`` at a time
(``jobfair.spreadsheets`` streams them or writes them row by row): an event
of 50,000 people is exported in the memory of one chunk.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from applicants.models import Applicant, Booking, FollowUp, Registration
from applicants.selectors import event_registrations
from employers.selectors import participations_for_event
from events.choices import GermanLevel, SpokenLanguage
from events.models import Event, Slot, Trade
from jobfair.spreadsheets import sheet_title, styled_cell, xlsx_cell, xlsx_save, xlsx_workbook
from meetings.models import Contact, Talk
from organise.reports import Breakdown

# Rows the lists read from the database at a time, with what each row needs
# (trades, bookings, positions) read for the whole chunk: their memory stays
# the same at 200 people or 50,000.
CHUNK = 2000


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


@dataclass(frozen=True)
class _ParticipantLabels:
    """The texts of a participant's codes, looked up once per download in
    its language rather than for each of its thousands of rows."""

    statuses: dict[str, str]
    bookings: dict[str, str]
    languages: dict[str, str]
    spoken: dict[str, str]
    levels: dict[str, str]
    yes_no: dict[bool, str]

    @classmethod
    def active(cls) -> "_ParticipantLabels":
        return cls(
            statuses=_labels(Registration.Status.choices),
            bookings=_labels(Booking.Status.choices),
            languages=_labels(settings.LANGUAGES),
            spoken=_labels(SpokenLanguage.choices),
            levels=_labels(GermanLevel.choices),
            yes_no={True: _("yes"), False: _("no")},
        )

    def spoken_list(self, codes: Iterable[str]) -> str:
        return ", ".join(self.spoken.get(code, code) for code in codes)


def participants_table(*, event: Event) -> tuple[list[str], Iterator[list]]:
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
    return [str(title) for title in header], _participant_rows(event=event)


def _participant_rows(*, event: Event) -> Iterator[list]:
    """The rows of ``participants_table``: the people ``CHUNK`` at a time,
    each chunk's trades and bookings read in a query each as plain values.
    (Prefetched model instances refer to each other; such cycles wait for
    the garbage collector's rare full sweeps, and the list's memory grew
    with its people.)"""
    labels = _ParticipantLabels.active()
    # Trades in the order of their names, as everywhere in the back office.
    trades = {trade.pk: trade.name for trade in Trade.objects.all()}
    trade_order = {pk: number for number, pk in enumerate(trades)}
    slots = {
        slot.pk: f"{slot.session.title} {_when(slot.starts_at)}"
        for slot in Slot.objects.filter(session__event=event).select_related("session")
    }
    registrations = (
        event_registrations(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .prefetch_related(None)
    )
    for chunk in _chunks(registrations.iterator(chunk_size=CHUNK), CHUNK):
        their_trades: dict[int, list[str]] = defaultdict(list)
        for applicant_id, trade_id in sorted(
            Applicant.trades.through.objects.filter(
                applicant_id__in=[registration.applicant_id for registration in chunk]
            ).values_list("applicant_id", "trade_id"),
            key=lambda pair: trade_order[pair[1]],
        ):
            their_trades[applicant_id].append(trades[trade_id])
        bookings: dict[int, list[str]] = defaultdict(list)
        for registration_id, slot_id, status in (
            Booking.objects.filter(registration_id__in=[registration.pk for registration in chunk])
            .exclude(status=Booking.Status.CANCELLED)
            .order_by("slot__starts_at", "pk")
            .values_list("registration_id", "slot_id", "status")
        ):
            bookings[registration_id].append(
                slots[slot_id]
                if status == Booking.Status.CONFIRMED
                else f"{slots[slot_id]} ({labels.bookings[status]})"
            )
        for registration in chunk:
            yield _participant_row(
                registration,
                trades=their_trades[registration.applicant_id],
                bookings=bookings[registration.pk],
                labels=labels,
            )


def _participant_row(
    registration: Registration,
    *,
    trades: list[str],
    bookings: list[str],
    labels: _ParticipantLabels,
) -> list:
    applicant = registration.applicant
    interpreter = applicant.interpreter_language
    return [
        applicant.last_name,
        applicant.first_name,
        labels.statuses.get(registration.status, registration.status),
        _when(registration.checked_in_at),
        applicant.email,
        applicant.phone,
        labels.languages.get(applicant.language, applicant.language),
        labels.spoken_list(applicant.spoken_languages),
        labels.levels.get(applicant.german_level, applicant.german_level),
        labels.yes_no[applicant.needs_interpreter],
        labels.spoken_list([interpreter] if interpreter else []),
        ", ".join(trades),
        ", ".join(bookings),
        _when(registration.created_at),
        registration.code_display,
    ]


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def employers_table(*, event: Event) -> tuple[list[str], Iterator[list]]:
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
    return [str(title) for title in header], _employer_rows(event=event)


def _employer_rows(*, event: Event) -> Iterator[list]:
    participations = participations_for_event(event=event).order_by("employer__name")
    for participation in participations.iterator(chunk_size=CHUNK):
        employer = participation.employer
        yield [
            employer.name,
            participation.get_status_display(),
            participation.table,
            participation.attendees,
            employer.contact_name,
            employer.email,
            employer.phone,
            employer.postcode,
            employer.city,
            ", ".join(
                f"{position.title} ({position.trade.name}, {position.get_kind_display()})"
                for position in participation.positions.all()
            ),
        ]


# The lists an organiser downloads, each a header and its rows to be read.
TABLES = {"participants": participants_table, "employers": employers_table}


def _cell(value):
    """A figure as it is, a hidden one as its text ("fewer than 5"), no rate as empty."""
    return value if value is None or isinstance(value, int) else str(value)


def outcomes_xlsx(*, outcomes: dict) -> IO[bytes]:
    """The outcome report (``event_outcomes``) with the same hidden figures,
    as a temporary file: a sheet for the participants, the talks and the
    follow-up questions, each with its totals and then its tables one below
    the other."""
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
    workbook = xlsx_workbook()
    for title, totals, tables in sections:
        sheet = workbook.create_sheet(sheet_title(title))
        sheet.column_dimensions["A"].width = 40
        for letter in "BCDEF":
            sheet.column_dimensions[letter].width = 18
        sheet.append([styled_cell(sheet, title, bold=True, size=14)])
        sheet.append([small])
        sheet.append([])
        for label, value in totals:
            sheet.append([label, value])
        for table in tables:
            _table_append(sheet, table)
    return xlsx_save(workbook)


def _table_append(sheet, table: Breakdown) -> None:
    sheet.append([])
    sheet.append([styled_cell(sheet, table.title, bold=True)])
    sheet.append([styled_cell(sheet, column, bold=True) for column in table.columns])
    for label, values in table.rows:
        # Employers' and trades' names are typed in by people.
        sheet.append([xlsx_cell(sheet, label), *(_cell(value) for value in values)])


PSEUDONYM_LENGTH = 12
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


def pseudonymised_table(*, event: Event) -> tuple[list[str], Iterator[list]]:
    """The event's participants for a funder: one row per person who held
    a guest place, under a pseudonym (``pseudonym``), with codes only: came
    (1/0), German level, language for messages, trades (their codes,
    comma-separated), interpreter needed (1/0), talks held and missed, next
    steps agreed (comma-separated), and the answer to each follow-up
    question (``not_asked``, ``unanswered`` or the answer's code). No name,
    contact data, free text or code for the entrance. The header is in the
    organiser's language."""
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
    return [str(title) for title in header], _pseudonymised_values(event=event)


def _pseudonymised_values(*, event: Event) -> Iterator[list]:
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
        yield [
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
