"""Reading a CSV of people to invite, exported from a Jobcenter's system.

Every row is checked before anything is saved, so organisers see all the
problems at once in a preview; importing is then all or nothing.
"""

import csv
import io
from dataclasses import dataclass, field

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from applicants.selectors import event_contacts_taken
from events.models import Event

MAX_ROWS = 2000

# Column names as they come from German or English exports.
COLUMNS = {
    "first_name": {"first_name", "vorname", "first name"},
    "last_name": {"last_name", "nachname", "name", "last name", "familienname"},
    "email": {"email", "e-mail", "mail", "e-mail-adresse"},
    "phone": {"mobile", "phone", "mobil", "handy", "mobilnummer", "telefon"},
    "language": {"language", "sprache"},
}


class GermanExcel(csv.excel):
    delimiter = ";"


@dataclass
class InvitationRow:
    line: int
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    language: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def contact_keys(self) -> list[str]:
        return [key for key in (self.email.lower(), self.phone) if key]


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older exports from German Excel are Windows-1252.
        return content.decode("cp1252")


def _language(value: str) -> str | None:
    value = value.strip().lower()
    codes = {code for code, _name in settings.LANGUAGES}
    if value in codes:
        return value
    names = {
        "deutsch": "de",
        "german": "de",
        "englisch": "en",
        "english": "en",
        "arabisch": "ar",
        "arabic": "ar",
        "ukrainisch": "uk",
        "ukrainian": "uk",
        "farsi": "fa",
        "persisch": "fa",
        "persian": "fa",
    }
    return names.get(value)


def _phone(value: str) -> str | None:
    try:
        number = phonenumbers.parse(value, "DE")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _header_map(header: list[str]) -> dict[str, int]:
    mapping = {}
    for index, title in enumerate(header):
        title = title.strip().lower()
        for name, aliases in COLUMNS.items():
            if title in aliases and name not in mapping:
                mapping[name] = index
    return mapping


def invitation_rows_parse(*, event: Event, content: bytes) -> list[InvitationRow]:
    """Read and check the rows. Raises ValidationError for a file that cannot
    be read at all; problems of single rows are in each row's ``errors``."""
    text = _decode(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = GermanExcel
    lines = list(csv.reader(io.StringIO(text), dialect))
    if not lines:
        raise ValidationError(_("The file is empty."))
    columns = _header_map(lines[0])
    missing = [name for name in ("last_name", "language") if name not in columns]
    if missing or ("email" not in columns and "phone" not in columns):
        raise ValidationError(
            _(
                "The first line must name the columns: first_name, last_name, email "
                "and/or mobile, language (German names such as Vorname, Nachname, "
                "E-Mail, Mobil, Sprache work too)."
            )
        )
    if len(lines) - 1 > MAX_ROWS:
        raise ValidationError(_("At most %(max)d people at once.") % {"max": MAX_ROWS})

    registered = event_contacts_taken(event=event)

    rows, seen = [], {}
    for number, values in enumerate(lines[1:], start=2):
        if not any(value.strip() for value in values):
            continue
        cell = {
            name: (values[index].strip() if index < len(values) else "")
            for name, index in columns.items()
        }
        row = InvitationRow(line=number, **{k: v for k, v in cell.items() if k != "language"})
        if not row.last_name:
            row.errors.append(_("The name is missing."))
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                row.errors.append(_("“%(email)s” is not an e-mail address.") % {"email": row.email})
        if row.phone:
            phone = _phone(row.phone)
            if phone is None:
                row.errors.append(_("“%(phone)s” is not a phone number.") % {"phone": row.phone})
            else:
                row.phone = phone
        if not row.email and not cell.get("phone"):
            row.errors.append(_("An e-mail address or a mobile number is needed."))
        language = _language(cell.get("language", ""))
        if language is None:
            row.errors.append(
                _("Unknown language “%(language)s”; use de, en, ar, uk or fa.")
                % {"language": cell.get("language", "")}
            )
        else:
            row.language = language
        for key in row.contact_keys:
            if key in seen:
                row.errors.append(_("Same contact as line %(line)d.") % {"line": seen[key]})
                break
            if key in registered:
                row.errors.append(_("Already registered or invited for this event."))
                break
        for key in row.contact_keys:
            seen.setdefault(key, row.line)
        rows.append(row)
    if not rows:
        raise ValidationError(_("The file has no one to invite."))
    return rows
