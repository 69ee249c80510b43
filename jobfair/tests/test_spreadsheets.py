import io
import tracemalloc

import pytest
from openpyxl import load_workbook

from jobfair import spreadsheets
from jobfair.spreadsheets import csv_lines, xlsx_file

HEADER = ["Name", "Telefon", "Gewerk", "Notiz"]


def _rows(count):
    return (
        [f"Müller{number:05d}", f"+49151{number:07d}", "Maurer/in", "Kann gut mauern"]
        for number in range(count)
    )


def _peak(work) -> int:
    tracemalloc.start()
    try:
        work()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


@pytest.fixture
def small_sample(monkeypatch):
    monkeypatch.setattr(spreadsheets, "WIDTH_SAMPLE", 50)
    monkeypatch.setattr(spreadsheets, "LINES", 50)


def test_xlsx_of_1000_rows_is_written_in_the_memory_of_100(small_sample):
    def write(count):
        with xlsx_file(HEADER, _rows(count), title="Teilnehmende"):
            pass

    write(10)
    at_100 = _peak(lambda: write(100))
    at_1000 = _peak(lambda: write(1000))
    assert at_1000 < 1.5 * at_100, (at_100, at_1000)


def test_csv_of_1000_rows_is_made_in_the_memory_of_100(small_sample):
    def make(count):
        for _lines in csv_lines(HEADER, _rows(count)):
            pass

    make(10)
    at_100 = _peak(lambda: make(100))
    at_1000 = _peak(lambda: make(1000))
    assert at_1000 < 1.5 * at_100, (at_100, at_1000)


def test_xlsx_has_every_row_a_bold_frozen_header_and_columns_as_wide_as_the_first_rows(
    small_sample,
):
    rows = [*_rows(60), ["Ein sehr langer Name, länger als alle ersten", "", "", ""]]
    with xlsx_file(HEADER, rows, title="Teilnehmende: Liste [alle]") as file:
        workbook = load_workbook(io.BytesIO(file.read()))
    sheet = workbook.active
    assert sheet.title == "Teilnehmende  Liste  alle "
    assert [cell.value for cell in sheet[1]] == HEADER
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1 + 61
    assert sheet.column_dimensions["A"].width == len("Müller00000") + 2
    assert sheet.column_dimensions["D"].width == len("Kann gut mauern") + 2


def test_what_a_spreadsheet_would_run_stays_text():
    rows = [["=HYPERLINK(1)", "+49 151 1234", "-1", "@SUM(A1)"]]
    with xlsx_file(HEADER, rows, title="Liste") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    assert [(cell.value, cell.data_type) for cell in sheet[2]] == [
        ("=HYPERLINK(1)", "s"),
        ("+49 151 1234", "s"),
        ("-1", "s"),
        ("@SUM(A1)", "s"),
    ]
    text = "".join(csv_lines(HEADER, rows))
    assert text.splitlines()[1] == "'=HYPERLINK(1);+49 151 1234;-1;'@SUM(A1)"
