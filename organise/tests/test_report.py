import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applicants.models import Booking, Registration
from applicants.tests.factories import ApplicantFactory, BookingFactory, RegistrationFactory
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory, PositionFactory
from events.tests.factories import SlotFactory, TradeFactory
from organise.tests.bulk import queries_for, registrations_bulk_create, waiting_bulk_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(event):
    event.starts_at = timezone.now() - timedelta(hours=7)
    event.ends_at = timezone.now() - timedelta(hours=1)
    event.save()
    """The fair day after it took place: two came, one did not, one waited."""
    bricklayer = TradeFactory(name_de="Maurer/in")
    roofer = TradeFactory(name_de="Dachdecker/in")
    came = [
        ApplicantFactory(
            first_name="Jürgen",
            last_name="Größmann",
            spoken_languages=["de"],
            phone="+4915112345678",
        ),
        ApplicantFactory(
            first_name="Ahmad",
            last_name="Al-Hassan",
            spoken_languages=["ar", "en"],
            needs_interpreter=True,
            interpreter_language="ar",
        ),
    ]
    for applicant in came:
        applicant.trades.add(bricklayer)
        RegistrationFactory(
            event=event,
            applicant=applicant,
            status=Registration.Status.ATTENDED,
            checked_in_at=timezone.now(),
        )
    absent = ApplicantFactory(first_name="Olena", last_name="Kovalenko", spoken_languages=["uk"])
    absent.trades.add(roofer)
    registration = RegistrationFactory(event=event, applicant=absent)
    BookingFactory(
        registration=registration,
        slot=SlotFactory(session__event=event, session__title_de="Lehrkabinett Dachdecker"),
    )
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    krause = EmployerFactory(name="Dachdeckerei Krause", city="Borsdorf")
    participation = ParticipationFactory(
        event=event, employer=krause, status=Participation.Status.APPROVED, table="A3", attendees=2
    )
    position = PositionFactory(employer=krause, trade=roofer, title="Dachdecker/in", openings=3)
    participation.positions.add(position)
    ParticipationFactory(event=event, status=Participation.Status.PENDING)
    return event


def _report(client, event):
    return client.get(reverse("organise:report", kwargs={"pk": event.pk}))


def test_report_counts_registered_present_and_no_shows(organiser_client, day):
    report = _report(organiser_client, day).context["report"]
    assert (report["registered"], report["present"], report["no_shows"], report["waitlisted"]) == (
        3,
        2,
        1,
        1,
    )
    by_trade = {str(row["trade"]): row for row in report["by_trade"]}
    assert by_trade["Maurer/in"]["registered"] == 2
    assert by_trade["Maurer/in"]["present"] == 2
    assert by_trade["Dachdecker/in"]["present"] == 0
    assert (by_trade["Dachdecker/in"]["positions"], by_trade["Dachdecker/in"]["openings"]) == (1, 3)
    languages = {
        label: (registered, present) for label, registered, present in report["by_language"]
    }
    assert languages["Arabisch"] == (1, 1)
    assert languages["Ukrainisch"] == (1, 0)
    assert report["interpreters"] == [("Arabisch", 1)]
    assert report["employers"]["approved"] == 1
    assert report["employers"]["pending"] == 1
    assert report["employers_attendees"] == 2


def test_report_page_shows_the_numbers(organiser_client, day):
    content = _report(organiser_client, day).content.decode()
    assert '<div class="fs-2" id="report-present">2</div>' in content
    assert '<div class="fs-2" id="report-no-shows">1</div>' in content
    assert "Dachdecker/in" in content


def test_report_tells_workshop_places_and_both_waiting_lists_apart(organiser_client, event):
    """The issue's day in small: the report said 0 waiting while people
    waited for a workshop, and "registered" hid who had no workshop place."""
    event.capacity = 3
    event.save()
    full = SlotFactory(session__event=event, capacity=1)
    other = SlotFactory(session__event=event, capacity=0)
    placed, waiting, nothing = RegistrationFactory.create_batch(3, event=event)
    BookingFactory(registration=placed, slot=full)
    BookingFactory(registration=waiting, slot=full, status=Booking.Status.WAITLISTED)
    BookingFactory(registration=waiting, slot=other, status=Booking.Status.WAITLISTED)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)

    organiser_client.cookies["django_language"] = "en"
    response = _report(organiser_client, event)
    report = response.context["report"]
    assert (report["registered"], report["with_workshop"], report["waitlisted"]) == (3, 1, 1)
    assert (report["workshop_waiting"], report["workshop_waiting_places"]) == (1, 2)
    content = response.content.decode()
    assert '<div class="fs-2" id="report-with-workshop">1</div>with a workshop place' in content
    assert '<div class="fs-2" id="report-workshop-waiting">1</div>' in content
    assert 'id="report-workshop-waiting-places">Places on waiting lists: 2</span>' in content
    assert "registered for the event" in content
    assert "with or without a workshop place" in content


def test_report_queries_are_the_same_at_10_and_1000_registrations(organiser_client, event):
    url = reverse("organise:report", kwargs={"pk": event.pk})
    trades = [TradeFactory(), TradeFactory()]
    slot = SlotFactory(session__event=event)
    waiting_bulk_create(
        registrations=registrations_bulk_create(event=event, count=10, trades=trades), slot=slot
    )
    at_10 = queries_for(organiser_client, url)
    waiting_bulk_create(
        registrations=registrations_bulk_create(event=event, start=10, count=990, trades=trades),
        slot=slot,
    )
    assert queries_for(organiser_client, url) == at_10 <= 12


def _export(client, event, what, fmt):
    url = reverse("organise:export", kwargs={"pk": event.pk, "what": what, "fmt": fmt})
    return client.get(url)


def test_participants_csv_opens_in_german_excel_with_umlauts(organiser_client, day):
    response = _export(organiser_client, day, "participants", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{day.slug}-participants.csv"' in response["Content-Disposition"]
    content = response.getvalue()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 4
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Größmann"][1] == "Jürgen"
    assert by_name["Größmann"][5] == "+4915112345678"
    assert "Lehrkabinett Dachdecker" in by_name["Kovalenko"][12]
    assert by_name["Kovalenko"][3] == ""
    assert by_name["Al-Hassan"][3] != ""
    kovalenko = Registration.objects.get(event=day, applicant__last_name="Kovalenko")
    assert by_name["Kovalenko"][14] == kovalenko.code_display


def test_participants_xlsx_parses_back(organiser_client, day):
    response = _export(organiser_client, day, "participants", "xlsx")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    names = sorted((row[0], row[1]) for row in rows[1:])
    assert ("Größmann", "Jürgen") in names
    assert len(rows) == 1 + 4


def test_employers_export_in_both_formats(organiser_client, day):
    csv_rows = list(
        csv.reader(
            io.StringIO(
                _export(organiser_client, day, "employers", "csv").getvalue().decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    krause = next(row for row in csv_rows if row[0] == "Dachdeckerei Krause")
    assert krause[2] == "A3"
    assert krause[3] == "2"
    assert "Dachdecker/in" in krause[9]
    sheet = load_workbook(
        io.BytesIO(_export(organiser_client, day, "employers", "xlsx").getvalue())
    ).active
    values = [row for row in sheet.iter_rows(values_only=True) if row[0] == "Dachdeckerei Krause"]
    assert values[0][2:4] == ("A3", 2)


def test_formulas_typed_in_by_the_public_stay_text(organiser_client, event):
    RegistrationFactory(event=event, applicant=ApplicantFactory(last_name="=HYPERLINK(1)"))
    csv_content = (
        _export(organiser_client, event, "participants", "csv").getvalue().decode("utf-8-sig")
    )
    assert "'=HYPERLINK(1)" in csv_content
    sheet = load_workbook(
        io.BytesIO(_export(organiser_client, event, "participants", "xlsx").getvalue())
    ).active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == "=HYPERLINK(1)"


def test_unknown_export_is_404(organiser_client, event):
    assert _export(organiser_client, event, "passwords", "csv").status_code == 404
    assert _export(organiser_client, event, "participants", "pdf").status_code == 404


def test_before_the_day_nobody_is_counted_as_no_show(organiser_client, event):
    RegistrationFactory(event=event)
    report = _report(organiser_client, event).context["report"]
    assert (report["registered"], report["no_shows"]) == (1, None)
    assert 'id="report-no-shows">–</div>' in _report(organiser_client, event).content.decode()


def test_report_says_what_positions_and_people_wanted_count(organiser_client, day):
    organiser_client.cookies["django_language"] = "en"
    content = _report(organiser_client, day).content.decode()
    header = content[content.index('id="report-trades"') : content.index("</thead>")]
    assert "Open positions" in header
    assert "job offers the approved employers list as open" in header
    assert "People wanted" in header
    assert "how many people these job offers are for, in total" in header
    assert "Openings" not in header
