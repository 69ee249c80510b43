"""The back office's downloads and pages on an event's people hold one chunk
of rows at a time: a list of ten times the people is written in the same
memory, and read in a few queries per chunk. (The pseudonymised list's are
in test_outcomes.py, the XLSX writer's in jobfair's test_spreadsheets.py.)"""

import csv
import io
import tempfile
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employers.models import Participation
from employers.tests.factories import ParticipationFactory, PositionFactory
from events.tests.factories import SlotFactory, TradeFactory
from jobfair import spreadsheets
from organise import exports
from organise.tests.bulk import registrations_bulk_create

pytestmark = pytest.mark.django_db

# What grows with the people of an event: a row each, or counts.
DOWNLOADS = {
    "participants.csv": ("export", {"what": "participants", "fmt": "csv"}),
    "report": ("report", {}),
    "outcomes": ("outcomes", {}),
    "outcomes.xlsx": ("outcomes_xlsx", {}),
}


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 40 rows."""
    monkeypatch.setattr(exports, "CHUNK", 40)


def _url(event, name, kwargs=None):
    return reverse(f"organise:{name}", kwargs={"pk": event.pk, **(kwargs or {})})


def _download(client, url):
    """The response, its body in a temporary file (not in memory), and the
    most memory Python took while the body was made and sent."""
    body = tempfile.TemporaryFile()  # noqa: SIM115 - read by the test, closed with it
    tracemalloc.start()
    try:
        response = client.get(url)
        for chunk in response.streaming_content if response.streaming else [response.content]:
            body.write(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    body.seek(0)
    return response, body, peak


@pytest.mark.parametrize(
    ("names", "small", "large"),
    [
        # A row per person: ten times the people in twenty chunks of 20.
        (["participants.csv"], 40, 400),
        # Counts only: ten times the people for what a list of them would take.
        (["report", "outcomes", "outcomes.xlsx"], 80, 800),
    ],
)
def test_downloads_take_the_same_memory_for_ten_times_the_people(
    organiser_client, event, monkeypatch, names, small, large
):
    monkeypatch.setattr(exports, "CHUNK", small // 2)
    monkeypatch.setattr(spreadsheets, "LINES", small // 2)
    trades = [TradeFactory(), TradeFactory()]
    slot = SlotFactory(session__event=event)
    urls = {name: _url(event, *DOWNLOADS[name]) for name in names}
    registrations_bulk_create(event=event, count=small, trades=trades, slot=slot)
    # What the first download imports and caches is not what is compared.
    for url in urls.values():
        _download(organiser_client, url)
    at_small = {name: _download(organiser_client, url)[2] for name, url in urls.items()}
    registrations_bulk_create(
        event=event, start=small, count=large - small, trades=trades, slot=slot
    )
    downloads = {name: _download(organiser_client, url) for name, url in urls.items()}

    grown = {
        name: f"{at_small[name] / 1024:.0f} KiB -> {peak / 1024:.0f} KiB"
        for name, (_response, _body, peak) in downloads.items()
        if peak > 1.5 * at_small[name]
    }
    assert grown == {}
    if "participants.csv" in downloads:
        body = io.TextIOWrapper(downloads["participants.csv"][1], encoding="utf-8-sig")
        assert len(list(csv.reader(body, delimiter=";"))) == 1 + large
    if "report" in downloads:
        assert downloads["report"][0].context["report"]["registered"] == large


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_participants_are_read_a_chunk_at_a_time(organiser_client, event, small_chunks, fmt):
    """Each chunk's trades and bookings in one query each, however many
    people: the same queries for 10 people as for a chunk of 40, one
    chunk's queries more each for the two chunks more of 100."""
    trades = [TradeFactory(), TradeFactory()]
    slot = SlotFactory(session__event=event)
    url = _url(event, "export", {"what": "participants", "fmt": fmt})
    registrations_bulk_create(event=event, count=10, trades=trades, slot=slot)
    at_10 = _queries(organiser_client, url)
    registrations_bulk_create(event=event, start=10, count=30, trades=trades, slot=slot)
    at_40 = _queries(organiser_client, url)
    registrations_bulk_create(event=event, start=40, count=60, trades=trades, slot=slot)
    at_100 = _queries(organiser_client, url)
    assert at_40 == at_10
    assert at_100 == at_10 + 2 * 2


def test_employers_are_read_a_chunk_at_a_time(organiser_client, event, monkeypatch):
    """Each chunk's trades and positions in one query each."""
    monkeypatch.setattr(exports, "CHUNK", 2)
    trade = TradeFactory()
    url = _url(event, "export", {"what": "employers", "fmt": "csv"})

    def add(count):
        for participation in ParticipationFactory.create_batch(
            count, event=event, status=Participation.Status.APPROVED
        ):
            participation.positions.add(
                PositionFactory(employer=participation.employer, trade=trade)
            )

    add(2)
    at_2 = _queries(organiser_client, url)
    add(3)
    assert _queries(organiser_client, url) == at_2 + 2 * 2


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        for _chunk in response.streaming_content:
            pass
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("what", "fmt", "content_type"),
    [
        ("participants", "csv", "text/csv; charset=utf-8"),
        ("employers", "csv", "text/csv; charset=utf-8"),
        (
            "participants",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_lists_are_sent_while_they_are_written(organiser_client, event, what, fmt, content_type):
    response = organiser_client.get(_url(event, "export", {"what": what, "fmt": fmt}))
    assert response.streaming
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}-{what}.{fmt}"'
