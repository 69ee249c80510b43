import csv
import io
import tracemalloc
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applicants.models import FollowUp, Registration
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from devtools.builders import bench_outcomes_create
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory
from events.tests.factories import EventFactory, OrganisationFactory, TradeFactory, UserFactory
from jobfair import spreadsheets
from meetings.models import Contact, Talk
from organise import exports
from organise.exports import pseudonym
from organise.reports import FEW
from organise.tests.bulk import queries_for, registrations_bulk_create

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _came(event, applicant):
    return RegistrationFactory(
        event=event, applicant=applicant, status=Registration.Status.ATTENDED, checked_in_at=NOW
    )


@pytest.fixture
def fair(event):
    """The fair day after it took place: six bricklayers with A2 German who
    write in Arabic all came (one of them anonymised since); of two roofers
    with B1 who write in Ukrainian one came. Krause talked with five
    bricklayers and agreed a trial day with each; the roofer missed the
    talk. Of the seven who came, six answered the day after (five have a
    job), two of three after four weeks."""
    event.starts_at = NOW - timedelta(days=40)
    event.ends_at = event.starts_at + timedelta(hours=6)
    event.save()
    bricklayer = TradeFactory(slug="maurer", name_de="Maurer/in", name_en="Bricklayer")
    roofer = TradeFactory(slug="dachdecker", name_de="Dachdecker/in", name_en="Roofer")
    bricklayers = []
    for number in range(6):
        applicant = ApplicantFactory(
            first_name="Ahmad",
            last_name=f"Al-Hassan {number}",
            phone=f"+4915112345{number:03d}",
            german_level="A2",
            language="ar",
        )
        applicant.trades.add(bricklayer)
        bricklayers.append(_came(event, applicant))
    anonymised = bricklayers[-1].applicant
    anonymised.first_name = anonymised.last_name = anonymised.email = anonymised.phone = ""
    anonymised.anonymised_at = NOW
    anonymised.save()
    roofers = []
    for came in (True, False):
        applicant = ApplicantFactory(
            first_name="Olena", last_name="Kovalenko", german_level="B1", language="uk"
        )
        applicant.trades.add(roofer)
        roofers.append(
            _came(event, applicant)
            if came
            else RegistrationFactory(event=event, applicant=applicant)
        )
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED, checked_in_at=NOW)

    krause = ParticipationFactory(
        event=event,
        employer=EmployerFactory(name="Dachdeckerei Krause"),
        status=Participation.Status.APPROVED,
    )
    ParticipationFactory(
        event=event,
        employer=EmployerFactory(name="Baufirma Schmidt"),
        status=Participation.Status.APPROVED,
    )
    for number, registration in enumerate(bricklayers[:5]):
        Talk.objects.create(
            event=event,
            registration=registration,
            participation=krause,
            round=number,
            status=Talk.Status.HELD,
        )
        Contact.objects.create(
            participation=krause,
            registration=registration,
            rating=4,
            note="Kann gut mauern",
            next_step=Contact.NextStep.TRIAL_DAY,
        )
    Talk.objects.create(
        event=event,
        registration=roofers[1],
        participation=krause,
        round=5,
        status=Talk.Status.NO_SHOW,
    )
    # The roofer who came took the job offer's record back from the employer.
    Contact.objects.create(
        participation=krause,
        registration=roofers[0],
        next_step=Contact.NextStep.JOB_OFFER,
        withdrawn_at=NOW,
    )
    Contact.objects.create(participation=krause, registration=bricklayers[5])

    came = [*bricklayers, roofers[0]]
    answers = ["job"] * 5 + ["looking", ""]
    for registration, answer in zip(came, answers, strict=True):
        FollowUp.objects.create(
            registration=registration,
            point=FollowUp.Point.EXIT,
            asked_at=NOW - timedelta(days=39),
            answer=answer,
            answered_at=NOW - timedelta(days=38) if answer else None,
        )
    for registration, answer in zip(came[:3], ["job", "job", ""], strict=True):
        FollowUp.objects.create(
            registration=registration,
            point=FollowUp.Point.WEEKS_4,
            asked_at=NOW - timedelta(days=12),
            answer=answer,
            answered_at=NOW - timedelta(days=11) if answer else None,
        )
    return event


def _url(name, event):
    return reverse(f"organise:{name}", kwargs={"pk": event.pk})


def _outcomes(client, event):
    client.cookies["django_language"] = "en"
    return client.get(_url("outcomes", event))


def _rows(table):
    return dict(table.rows)


def test_participants_by_trade_level_and_language_with_small_groups_hidden(organiser_client, fair):
    participants = _outcomes(organiser_client, fair).context["outcomes"]["participants"]
    assert (participants["registered"], participants["attended"], participants["missed"]) == (
        8,
        7,
        1,
    )
    by_trade, by_level, by_language = participants["tables"]
    assert by_trade.columns == ["Trade", "Registered", "Came", "Did not come"]
    assert _rows(by_trade) == {"Bricklayer": [6, 6, 0], "Roofer": [FEW, FEW, FEW]}
    assert _rows(by_level)["A2"] == [6, 6, 0]
    assert _rows(by_level)["B1"] == [FEW, FEW, FEW]
    assert _rows(by_level)["C1"] == [0, 0, 0]
    assert _rows(by_language)["Arabic"] == [6, 6, 0]
    assert _rows(by_language)["Ukrainian"] == [FEW, FEW, FEW]
    assert _rows(by_language)["German"] == [0, 0, 0]


def test_talks_and_next_steps_by_employer_trade_and_kind(organiser_client, fair):
    talks = _outcomes(organiser_client, fair).context["outcomes"]["talks"]
    assert (
        talks["held"],
        talks["missed"],
        talks["planned"],
        talks["next_steps"],
        talks["people_with_next_step"],
    ) == (5, 1, 0, 5, 5)
    by_employer, by_trade, by_kind = talks["tables"]
    assert _rows(by_employer) == {
        "Baufirma Schmidt": [0, 0, 0, 0],
        "Dachdeckerei Krause": [5, FEW, 0, 5],
    }
    assert _rows(by_trade) == {"Bricklayer": [5, 5]}
    assert _rows(by_kind)["Trial day"] == [5, 5]
    # The withdrawn job offer is the person's to take back: not counted.
    assert _rows(by_kind)["Job offer"] == [0, 0]


def test_follow_ups_asked_answered_and_answers_with_small_groups_hidden(organiser_client, fair):
    follow_ups = _outcomes(organiser_client, fair).context["outcomes"]["follow_ups"]
    assert (follow_ups["asked"], follow_ups["answered"]) == (10, 8)
    asked, answers = follow_ups["tables"]
    # The rate after four weeks would give the hidden counts away.
    assert _rows(asked) == {
        "The day after the fair": [7, 6, 86],
        "Four weeks after": [FEW, FEW, None],
        "Six months after": [0, 0, None],
    }
    assert _rows(answers)["I have a job"] == [5, FEW, 0]
    assert _rows(answers)["I am still looking"] == [FEW, 0, 0]
    assert _rows(answers)["Something else"] == [0, 0, 0]


def test_page_shows_the_figures_and_why_small_ones_are_hidden(organiser_client, fair):
    content = _outcomes(organiser_client, fair).content.decode()
    assert '<div class="fs-2" id="outcomes-attended">7</div>came' in content
    assert '<div class="fs-2" id="outcomes-next-steps">5</div>next steps agreed' in content
    assert (
        "So that nobody can be recognised, counts of 1 to 4 people are shown as "
        "“fewer than 5”." in content
    )
    hidden = '<td><span class="text-body-secondary text-nowrap">fewer than 5</span></td>'
    assert f'<th scope="row">Roofer</th>{hidden * 3}</tr>' in content
    assert (
        '<tr><th scope="row">Dachdeckerei Krause</th><td>5</td>'
        f"{hidden}<td>0</td><td>5</td></tr>" in content
    )
    assert '<th scope="row">The day after the fair</th><td>7</td><td>6</td><td>86</td>' in content
    assert f'<th scope="row">Four weeks after</th>{hidden * 2}<td>–</td>' in content
    assert 'aria-current="page" href="{}">Outcomes</a>'.format(_url("outcomes", fair)) in content
    for name in ("Al-Hassan", "Kovalenko", "Kann gut mauern"):
        assert name not in content


def test_before_the_day_nobody_is_counted_as_missing(organiser_client, event):
    RegistrationFactory(event=event)
    response = _outcomes(organiser_client, event)
    participants = response.context["outcomes"]["participants"]
    assert (participants["registered"], participants["missed"]) == (1, None)
    assert participants["tables"][0].columns == ["Trade", "Registered", "Came"]
    assert _rows(participants["tables"][0]) == {"No trade named": [FEW, 0]}
    assert 'id="outcomes-missed">–</div>' in response.content.decode()


def test_excel_file_has_a_sheet_per_section_with_the_same_hidden_figures(organiser_client, fair):
    organiser_client.cookies["django_language"] = "en"
    response = organiser_client.get(_url("outcomes_xlsx", fair))
    assert f'filename="{fair.slug}-outcomes.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames == ["Participants", "Talks", "Follow-up questions"]
    participants = list(workbook["Participants"].iter_rows(values_only=True))
    assert participants[4][:2] == ("Came", 7)
    assert ("Roofer", "fewer than 5", "fewer than 5", "fewer than 5") in participants
    assert ("Bricklayer", 6, 6, 0) in participants
    talks = list(workbook["Talks"].iter_rows(values_only=True))
    assert ("Dachdeckerei Krause", 5, "fewer than 5", 0, 5) in talks
    assert ("Trial day", 5, 5) in [row[:3] for row in talks]
    follow_ups = list(workbook["Follow-up questions"].iter_rows(values_only=True))
    assert ("The day after the fair", 7, 6, 86) in follow_ups
    assert ("Four weeks after", "fewer than 5", "fewer than 5", None) in follow_ups
    assert ("I have a job", 5, "fewer than 5", 0) in follow_ups


def _csv_rows(response):
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_pseudonymised_list_shows_next_steps_and_answers_under_a_pseudonym(organiser_client, fair):
    organiser_client.cookies["django_language"] = "en"
    response = organiser_client.get(_url("outcomes_pseudonymised", fair))
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{fair.slug}-pseudonymised.csv"' in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header == [
        "Pseudonym",
        "Came",
        "German level",
        "Language for messages",
        "Trades of interest",
        "Needs an interpreter",
        "Talks held",
        "Talks the person did not come to",
        "Next steps agreed",
        "Answer: The day after the fair",
        "Answer: Four weeks after",
        "Answer: Six months after",
    ]
    by_pseudonym = {row[0]: row[1:] for row in rows}
    registrations = fair.registrations.filter(status__in=Registration.HOLDS_PLACE)
    assert len(rows) == len(by_pseudonym) == registrations.count() == 8

    def row_of(registration):
        return by_pseudonym[pseudonym(event_id=fair.pk, applicant_id=registration.applicant_id)]

    first = registrations.filter(applicant__last_name="Al-Hassan 0").get()
    assert row_of(first) == [
        "1",
        "A2",
        "ar",
        "maurer",
        "0",
        "1",
        "0",
        "trial_day",
        "job",
        "job",
        "not_asked",
    ]
    anonymised = registrations.get(applicant__anonymised_at__isnull=False)
    assert row_of(anonymised) == [
        "1",
        "A2",
        "ar",
        "maurer",
        "0",
        "0",
        "0",
        "",
        "looking",
        "not_asked",
        "not_asked",
    ]
    roofers = registrations.filter(applicant__last_name="Kovalenko")
    absent, came = roofers.get(checked_in_at=None), roofers.get(checked_in_at__isnull=False)
    assert row_of(absent) == [
        "0",
        "B1",
        "uk",
        "dachdecker",
        "0",
        "0",
        "1",
        "",
        "not_asked",
        "not_asked",
        "not_asked",
    ]
    # The job offer this person took back from the employer is not there.
    assert row_of(came)[7:] == ["", "unanswered", "not_asked", "not_asked"]
    assert row_of(registrations.filter(applicant__last_name="Al-Hassan 2").get())[8:10] == [
        "job",
        "unanswered",
    ]


def test_pseudonymised_list_holds_no_name_contact_note_or_code(organiser_client, fair):
    content = b"".join(
        organiser_client.get(_url("outcomes_pseudonymised", fair)).streaming_content
    ).decode("utf-8-sig")
    for registration in fair.registrations.select_related("applicant"):
        applicant = registration.applicant
        for value in (applicant.last_name, applicant.email, applicant.phone, registration.code):
            assert not value or value not in content
    assert "Ahmad" not in content
    assert "Kann gut mauern" not in content


def test_pseudonym_is_the_same_at_every_download_and_differs_between_events(
    organiser_client, fair, organisation
):
    url = _url("outcomes_pseudonymised", fair)
    first = [row[0] for row in _csv_rows(organiser_client.get(url))[1:]]
    again = [row[0] for row in _csv_rows(organiser_client.get(url))[1:]]
    assert first == again
    assert all(len(value) == 12 and int(value, 16) >= 0 for value in first)

    applicant = fair.registrations.first().applicant
    other = EventFactory(organisations=[organisation])
    RegistrationFactory(event=other, applicant=applicant)
    (elsewhere,) = [
        row[0] for row in _csv_rows(organiser_client.get(_url("outcomes_pseudonymised", other)))[1:]
    ]
    assert elsewhere == pseudonym(event_id=other.pk, applicant_id=applicant.pk)
    assert elsewhere != pseudonym(event_id=fair.pk, applicant_id=applicant.pk)
    assert pseudonym(event_id=fair.pk, applicant_id=applicant.pk) in first


@pytest.mark.parametrize("name", ["outcomes", "outcomes_xlsx", "outcomes_pseudonymised"])
def test_an_organiser_of_another_organisation_sees_nothing(client, fair, name):
    stranger = UserFactory(username="stranger")
    OrganisationFactory().members.add(stranger)
    client.force_login(stranger)
    assert client.get(_url(name, fair)).status_code == 404


@pytest.mark.parametrize("name", ["outcomes", "outcomes_xlsx", "outcomes_pseudonymised"])
def test_a_partner_organisation_of_the_event_sees_the_outcomes(client, fair, name):
    partner = UserFactory(username="partner")
    organisation = OrganisationFactory(name="Handwerkskammer")
    organisation.members.add(partner)
    fair.organisations.add(organisation)
    client.force_login(partner)
    assert client.get(_url(name, fair)).status_code == 200


@pytest.fixture
def grows(event):
    """A fair day that grows from 10 to 1,000 people, each with a talk and
    answers and every other one with a next step, at three employers."""
    event.starts_at = NOW - timedelta(days=200)
    event.save()
    trades = [TradeFactory(), TradeFactory()]
    ParticipationFactory.create_batch(3, event=event, status=Participation.Status.APPROVED)

    def add(start, count):
        registrations = registrations_bulk_create(
            event=event, start=start, count=count, trades=trades
        )
        bench_outcomes_create(event=event, registrations=registrations, start=start)

    add(0, 10)
    return add


@pytest.mark.parametrize("name", ["outcomes", "outcomes_xlsx"])
def test_queries_are_the_same_at_10_and_1000_people(organiser_client, event, grows, name):
    url = _url(name, event)
    at_10 = queries_for(organiser_client, url)
    grows(10, 990)
    assert queries_for(organiser_client, url) == at_10 <= 20


def _streamed_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        lines = sum(chunk.count(b"\r\n") for chunk in client.get(url).streaming_content)
    return len(captured.captured_queries), lines


def test_pseudonymised_list_reads_in_the_same_queries_at_10_and_1000_people(
    organiser_client, event, grows
):
    url = _url("outcomes_pseudonymised", event)
    at_10, lines = _streamed_queries(organiser_client, url)
    assert lines == 1 + 10
    grows(10, 990)
    assert _streamed_queries(organiser_client, url) == (at_10, 1 + 1000)


def _peak_while_streaming(client, url) -> tuple[int, int]:
    """The most memory taken while the list is downloaded, and its lines."""
    response = client.get(url)
    tracemalloc.start()
    lines = sum(chunk.count(b"\r\n") for chunk in response.streaming_content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, lines


def test_pseudonymised_list_streams_400_people_in_the_memory_of_40(
    organiser_client, event, monkeypatch
):
    # Chunks of 20 people: 40 are two, 400 twenty.
    monkeypatch.setattr(exports, "CHUNK", 20)
    monkeypatch.setattr(spreadsheets, "LINES", 20)
    trades = [TradeFactory(), TradeFactory()]
    registrations_bulk_create(event=event, count=40, trades=trades)
    url = _url("outcomes_pseudonymised", event)
    _peak_while_streaming(organiser_client, url)
    peak_40, lines = _peak_while_streaming(organiser_client, url)
    assert lines == 1 + 40
    registrations_bulk_create(event=event, start=40, count=360, trades=trades)
    peak_400, lines = _peak_while_streaming(organiser_client, url)
    assert lines == 1 + 400
    assert peak_400 < 1.5 * peak_40, (peak_40, peak_400)
