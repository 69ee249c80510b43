"""Dates and times in each language's own format (``jobfair/formats``): no
language falls back to another's formats, none mixes scripts or customs, and
times are 24-hour in all of them, as on the fair's German letters and signs."""

import importlib
import re
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from events.tests.factories import EventFactory

LANGUAGES = [code for code, _name in settings.LANGUAGES]
BERLIN = ZoneInfo("Europe/Berlin")
AFTERNOON = datetime(2026, 12, 22, 16, 0, tzinfo=BERLIN)
FORMATS = [
    "DATE_FORMAT",
    "TIME_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
]
SCRIPT = {"de": "LATIN", "en": "LATIN", "ar": "ARABIC", "uk": "CYRILLIC", "fa": "ARABIC"}
EXPECTED = {
    "de": [
        "22. Dezember 2026",
        "16:00",
        "22. Dezember 2026, 16:00",
        "22.12.2026",
        "22.12.2026 16:00",
        "22. Dezember",
        "Dezember 2026",
    ],
    "en": [
        "22 December 2026",
        "16:00",
        "22 December 2026, 16:00",
        "22/12/2026",
        "22/12/2026 16:00",
        "22 December",
        "December 2026",
    ],
    "ar": [
        "22 ديسمبر 2026",
        "16:00",
        "22 ديسمبر 2026، 16:00",
        "22/12/2026",
        "22/12/2026 16:00",
        "22 ديسمبر",
        "ديسمبر 2026",
    ],
    "uk": [
        "22 грудня 2026 р.",
        "16:00",
        "22 грудня 2026 р., 16:00",
        "22.12.2026",
        "22.12.2026 16:00",
        "22 грудня",
        "Грудень 2026",
    ],
    "fa": [
        "22 دسامبر 2026",
        "16:00",
        "22 دسامبر 2026، ساعت 16:00",
        "2026/12/22",
        "2026/12/22، 16:00",
        "22 دسامبر",
        "دسامبر 2026",
    ],
}


def _formats_used_by_templates():
    used = set()
    for path in (Path(settings.BASE_DIR) / "templates").rglob("*"):
        if path.suffix in {".html", ".txt"}:
            used.update(re.findall(r'\|(?:date|time):"([A-Z_]+_FORMAT)"', path.read_text()))
    return used


def _rendered(language):
    with translation.override(language):
        return [date_format(AFTERNOON, name) for name in FORMATS]


def test_the_templates_use_named_formats():
    assert {"DATETIME_FORMAT", "SHORT_DATE_FORMAT", "TIME_FORMAT"} <= _formats_used_by_templates()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_defines_every_format_the_templates_use(language):
    module = importlib.import_module(f"jobfair.formats.{language}.formats")
    needed = sorted(_formats_used_by_templates() | set(FORMATS))
    assert [name for name in needed if not hasattr(module, name)] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_and_times_are_written_in_the_languages_own_format(language):
    assert _rendered(language) == EXPECTED[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_and_times_mix_no_scripts_and_no_twelve_hour_clock(language):
    for text in _rendered(language):
        scripts = {unicodedata.name(char).split()[0] for char in text if char.isalpha()}
        assert scripts <= {SCRIPT[language]}, text
        assert not re.search(r"(?<!\d)4(:00)?\b|[ap]\.?m\b|[AP]M\b", text), text
        if SCRIPT[language] == "ARABIC":
            assert "," not in text, text


@pytest.mark.django_db
def test_event_page_in_arabic_shows_the_times_on_the_24_hour_clock(client):
    day = timezone.localdate() + timedelta(days=28)
    starts_at = datetime.combine(day, datetime.min.time(), tzinfo=BERLIN).replace(hour=14)
    event = EventFactory(starts_at=starts_at, ends_at=starts_at.replace(hour=17))
    client.cookies["django_language"] = "ar"
    html = client.get(event.get_absolute_url()).content.decode()
    with translation.override("ar"):
        start = date_format(starts_at, "DATETIME_FORMAT")
    assert start.endswith("، 14:00")
    assert start in html
    assert "17:00" in html
    assert not re.search(r"\b[25]:00 [صم]", html)
