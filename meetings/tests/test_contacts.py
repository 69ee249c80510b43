"""The employer's table: a code scanned or typed opens the person's contact,
the employer sees what the person agreed to share and takes notes; their
list and downloads; the person sees the next step on their page and may
withdraw their consent for an employer."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from applicants.exports import applicant_data_export
from applicants.models import Consent, Registration
from applicants.services.consents import consents_set
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from applicants.tokens import registration_token
from employers.models import Participation
from employers.tests.factories import EmployerFactory, ParticipationFactory
from events.tests.factories import EventFactory, TradeFactory
from meetings import services
from meetings.models import Contact, Talk
from meetings.tests.factories import TalkPlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_in_english")]

SHARE, CONTACT = Consent.Purpose.SHARE, Consent.Purpose.CONTACT


@pytest.fixture
def fair():
    return EventFactory()


def _participation(event, *, employer=None):
    return ParticipationFactory(
        event=event, status=Participation.Status.APPROVED, employer=employer or EmployerFactory()
    )


@pytest.fixture
def table(client, fair):
    """An employer at the fair, signed in."""
    participation = _participation(fair, employer=EmployerFactory(name="Dachbau Ost"))
    client.force_login(participation.employer.user)
    return participation


def _person(event, *, consents=(SHARE,), trades=(), **fields):
    applicant = ApplicantFactory(
        first_name=fields.pop("first_name", "Olena"),
        last_name="Kovalenko",
        email="olena@example.org",
        phone="+4915112345678",
        german_level="A2",
        spoken_languages=["uk", "ru"],
        talk_line="Malerin, 6 Jahre in Kyjiw",
        language=fields.pop("language", "en"),
        **fields,
    )
    applicant.trades.set(trades)
    consents_set(applicant=applicant, purposes=consents)
    return RegistrationFactory(event=event, applicant=applicant)


def _url(participation, name="table", **more):
    return reverse(f"meetings:{name}", kwargs={"pk": participation.pk, **more})


def _meet(participation, registration, **notes):
    contact = services.contact_meet(
        participation=participation,
        code=registration_token(registration, "badge"),
        noted_by=participation.employer.user,
    )
    if notes:
        services.contact_note(
            contact=contact,
            rating=notes.get("rating"),
            note=notes.get("note", ""),
            next_step=notes.get("next_step", "none"),
            noted_by=participation.employer.user,
        )
    return contact


# Finding the person by their code


def test_scanning_the_qr_code_twice_finds_the_same_contact(table, fair):
    registration = _person(fair)
    first = _meet(table, registration)
    again = _meet(table, registration)
    assert (again.pk, Contact.objects.count()) == (first.pk, 1)
    assert (first.registration, first.noted_by) == (registration, table.employer.user)


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{first}-{last}", " {first} {last} "])
def test_the_code_is_typed_in_any_case_with_or_without_hyphen(table, fair, typed):
    registration = _person(fair)
    code = registration.code
    text = typed.format(code=code, lower=code.lower(), first=code[:3], last=code[3:])
    contact = services.contact_meet(participation=table, code=text, noted_by=None)
    assert contact.registration == registration


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("QQQ-QQQ", "We do not know this code."),
        ("hello", "We do not know this code."),
        ("forged", "We do not know this code."),
        ("other_fair_qr", "This QR code is for another fair."),
        ("other_fair_typed", "We do not know this code."),
        ("cancelled", "This person is not signed up for this fair."),
    ],
)
def test_a_code_that_names_nobody_at_this_fair_is_refused(table, fair, code, message):
    other = _person(EventFactory())
    cancelled = _person(fair)
    cancelled.status = Registration.Status.CANCELLED
    cancelled.save()
    badge = registration_token(_person(fair), "badge")
    code = {
        "forged": badge[:-1] + ("0" if badge[-1] != "0" else "1"),
        "other_fair_qr": registration_token(other, "badge"),
        "other_fair_typed": other.code,
        "cancelled": cancelled.code,
    }.get(code, code)
    with pytest.raises(ValidationError) as refusal:
        services.contact_meet(participation=table, code=code, noted_by=None)
    assert refusal.value.messages[0].startswith(message)
    assert Contact.objects.count() == 0


def test_the_personal_link_token_is_no_badge_of_another_kind(table, fair):
    """An answer link ("I am coming") names the person, but is no QR code."""
    registration = _person(fair)
    with pytest.raises(ValidationError):
        services.contact_meet(
            participation=table, code=registration_token(registration, "coming"), noted_by=None
        )


# The table page


def test_a_typed_code_opens_the_persons_contact(client, table, fair):
    registration = _person(fair)
    response = client.post(_url(table), {"code": registration.code.lower()})
    contact = Contact.objects.get()
    assert response["Location"] == _url(table, "contact", contact_pk=contact.pk)
    assert (contact.participation, contact.registration) == (table, registration)


def test_a_wrong_code_is_answered_next_to_the_field_with_what_was_typed(client, table, fair):
    response = client.post(_url(table), {"code": "QQQ-QQ7"})
    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="error_1_id_code"' in content
    assert "We do not know this code." in content
    assert 'value="QQQ-QQ7"' in content
    assert Contact.objects.count() == 0


def test_another_fairs_qr_code_is_answered_next_to_the_field(client, table):
    other = _person(EventFactory())
    response = client.post(_url(table), {"code": registration_token(other, "badge")})
    assert response.status_code == 400
    assert "This QR code is for another fair." in response.content.decode()


def test_the_table_page_offers_the_scanner_and_the_form(client, table):
    content = client.get(_url(table)).content.decode()
    assert "Scan QR code" in content
    assert "vendor/qr-scanner-1.4.2/qr-scanner.umd.min.js" in content
    assert 'name="code"' in content
    assert "<script>" not in content


def test_codes_cannot_be_guessed_without_end(client, table, settings):
    settings.RATE_LIMIT_ENABLED = True
    for _ in range(120):
        client.post(_url(table), {"code": "QQQ-QQQ"})
    assert client.post(_url(table), {"code": "QQQ-QQQ"}).status_code == 429


def test_employers_on_the_venues_network_are_counted_each_on_their_own(client, table, settings):
    settings.RATE_LIMIT_ENABLED = True
    # One employer has used up their codes (as above, at once).
    cache.set(f"ratelimit:meetings-table-code:user-{table.employer.user.pk}", 120)
    assert client.post(_url(table), {"code": "QQQ-QQQ"}).status_code == 429
    other = _participation(table.event)
    neighbour = Client()
    neighbour.force_login(other.employer.user)
    assert neighbour.post(_url(other), {"code": "QQQ-QQQ"}).status_code == 400


def test_only_the_employers_own_approved_table_opens(client, table, fair):
    pending = ParticipationFactory(employer=table.employer, event=EventFactory())
    assert client.get(_url(pending)).status_code == 404
    assert client.get(_url(_participation(fair))).status_code == 404
    assert client.get(_url(table)).status_code == 200


def test_a_fair_without_talks_has_a_table_too(client, table):
    assert not Talk.objects.exists()
    response = client.get(_url(table))
    assert response.status_code == 200
    assert "Your talks" not in response.content.decode()


# What the employer sees of the person


def test_employer_sees_the_shared_profile_but_no_contact_data_without_consent(client, table, fair):
    painter = TradeFactory(name_en="Painter")
    contact = _meet(table, _person(fair, trades=[painter]))
    content = client.get(_url(table, "contact", contact_pk=contact.pk)).content.decode()
    for shown in ("Olena", "Painter", "A2", "Ukrainian, Russian", "Malerin, 6 Jahre in Kyjiw"):
        assert shown in content
    assert "has not agreed to be contacted after the fair." in content
    for hidden in ("Kovalenko", "olena@example.org", "+4915112345678"):
        assert hidden not in content


def test_employer_sees_email_and_phone_of_who_agreed_to_be_contacted(client, table, fair):
    contact = _meet(table, _person(fair, consents=(SHARE, CONTACT)))
    content = client.get(_url(table, "contact", contact_pk=contact.pk)).content.decode()
    assert "olena@example.org" in content
    assert "+4915112345678" in content
    assert "Kovalenko" not in content


def test_without_consent_to_share_only_the_code_is_shown(client, table, fair):
    registration = _person(fair, consents=(CONTACT,))
    contact = _meet(table, registration)
    content = client.get(_url(table, "contact", contact_pk=contact.pk)).content.decode()
    assert registration.code_display in content
    assert "has not agreed to share their profile." in content
    for hidden in ("Olena", "Kovalenko", "Malerin", "olena@example.org"):
        assert hidden not in content


def test_a_consent_withdrawn_on_the_persons_page_hides_the_profile(client, table, fair):
    registration = _person(fair)
    contact = _meet(table, registration)
    consents_set(applicant=registration.applicant, purposes=[SHARE], given=False)
    content = client.get(_url(table, "contact", contact_pk=contact.pk)).content.decode()
    assert "has not agreed to share their profile." in content
    assert "Olena" not in content


def test_another_employers_contacts_and_notes_are_invisible(client, table, fair):
    registration = _person(fair)
    theirs = _participation(fair)
    their_contact = _meet(theirs, registration, note="Sehr gut, sofort anrufen", rating=4)
    assert client.get(_url(table, "contact", contact_pk=their_contact.pk)).status_code == 404
    assert client.get(_url(theirs, "contacts")).status_code == 404

    client.post(_url(table), {"code": registration.code})
    mine = Contact.objects.get(participation=table)
    content = client.get(_url(table, "contact", contact_pk=mine.pk)).content.decode()
    assert "Sehr gut, sofort anrufen" not in content
    assert "Sehr gut" not in client.get(_url(table, "contacts")).content.decode()
    assert (mine.note, mine.rating) == ("", None)


# Notes


def test_employer_notes_rating_note_and_next_step(client, table, fair):
    contact = _meet(table, _person(fair))
    response = client.post(
        _url(table, "contact", contact_pk=contact.pk),
        {"rating": "3", "note": "Kann nächste Woche anfangen.", "next_step": "trial_day"},
    )
    assert response["Location"] == _url(table)
    contact.refresh_from_db()
    assert (contact.rating, contact.note, contact.next_step) == (
        3,
        "Kann nächste Woche anfangen.",
        "trial_day",
    )


def test_a_note_over_the_limit_is_refused_next_to_the_field_and_kept(client, table, fair):
    contact = _meet(table, _person(fair), note="Erste Notiz", next_step="documents")
    long_note = "Sehr motiviert. " * 40
    response = client.post(
        _url(table, "contact", contact_pk=contact.pk),
        {"rating": "4", "note": long_note, "next_step": "job_offer"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="error_1_id_note"' in content
    assert f"Write at most 500 characters (this note has {len(long_note.strip())})." in content
    assert long_note.strip() in content
    assert re.search(r'value="job_offer"[^>]*checked', content)
    contact.refresh_from_db()
    assert (contact.note, contact.next_step, contact.rating) == ("Erste Notiz", "documents", None)


def test_services_refuse_what_the_form_would(table, fair):
    contact = _meet(table, _person(fair))
    for bad in ({"rating": 5}, {"note": "x" * 501}, {"next_step": "marry"}):
        fields = {"rating": None, "note": "", "next_step": "none", **bad}
        with pytest.raises(ValidationError) as refusal:
            services.contact_note(contact=contact, noted_by=None, **fields)
        assert list(refusal.value.message_dict) == [next(iter(bad))]


def test_notes_of_a_talk_are_opened_from_the_agenda(client, table, fair):
    TalkPlanFactory(event=fair)
    registration = _person(fair)
    talk = Talk.objects.create(event=fair, registration=registration, participation=table, round=0)
    response = client.post(_url(table, "contact_from_talk", talk_pk=talk.pk))
    contact = Contact.objects.get()
    assert response["Location"] == _url(table, "contact", contact_pk=contact.pk)
    assert contact.registration == registration
    client.post(_url(table, "contact_from_talk", talk_pk=talk.pk))
    assert Contact.objects.count() == 1


def test_notes_of_another_employers_talk_are_not_found(client, table, fair):
    TalkPlanFactory(event=fair)
    talk = Talk.objects.create(
        event=fair, registration=_person(fair), participation=_participation(fair), round=0
    )
    assert client.post(_url(table, "contact_from_talk", talk_pk=talk.pk)).status_code == 404
    assert Contact.objects.count() == 0


def test_did_not_come_from_the_table_returns_to_the_table(client, table, fair):
    TalkPlanFactory(event=fair)
    talk = Talk.objects.create(event=fair, registration=_person(fair), participation=table, round=0)
    response = client.post(
        _url(table, "talk_status", talk_pk=talk.pk), {"status": "no_show", "back": "table"}
    )
    talk.refresh_from_db()
    assert talk.status == Talk.Status.NO_SHOW
    assert response["Location"] == _url(table) + "#talks"


# The list and the downloads


def test_the_list_shows_each_as_far_as_they_allow(client, table, fair):
    _meet(table, _person(fair, first_name="Olena"), next_step="internship")
    hidden = _person(fair, first_name="Amal", consents=())
    _meet(table, hidden)
    gone = _person(fair, first_name="Yonas")
    services.contact_withdraw(contact=_meet(table, gone, note="Yonas kann schweißen"))
    content = client.get(_url(table, "contacts")).content.decode()
    assert "Olena" in content
    assert "Internship" in content
    assert hidden.code_display in content
    assert "has not agreed to share their profile." in content
    assert "Amal" not in content
    assert "This person withdrew their consent for your company." in content
    assert "Yonas" not in content
    assert gone.code_display not in content


@pytest.mark.parametrize("people", [2, 10])
def test_the_list_reads_in_a_fixed_number_of_queries(
    client, table, fair, people, django_assert_num_queries
):
    trade = TradeFactory()
    for number in range(people):
        consents = [(SHARE, CONTACT), (SHARE,), ()][number % 3]
        _meet(table, _person(fair, trades=[trade], consents=consents), note="Notiz")
    with django_assert_num_queries(7):
        client.get(_url(table, "contacts"))


@pytest.mark.parametrize("talks", [1, 6])
def test_the_table_page_reads_in_a_fixed_number_of_queries(
    client, table, fair, talks, django_assert_num_queries
):
    plan = TalkPlanFactory(event=fair)
    plan.published_at = plan.starts_at
    plan.save()
    for number in range(talks):
        Talk.objects.create(
            event=fair, registration=_person(fair), participation=table, round=number
        )
    with django_assert_num_queries(9):
        client.get(_url(table))


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_holds_exactly_what_people_agreed_to_share(client, table, fair):
    painter = TradeFactory(name_en="Painter")
    _meet(
        table,
        _person(fair, trades=[painter], consents=(SHARE, CONTACT)),
        rating=4,
        next_step="job_offer",
        note="=HYPERLINK(1)",
    )
    quiet = _person(fair, first_name="Amal", consents=())
    _meet(table, quiet, next_step="documents")
    gone = _person(fair, first_name="Yonas")
    services.contact_withdraw(contact=_meet(table, gone))
    response = client.get(_url(table, "contacts_download", fmt="csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = _csv_rows(response)
    assert header[:3] == ["Code for the entrance", "First name", "Trades of interest"]
    assert len(rows) == 2
    shared = next(row for row in rows if row[1] == "Olena")
    assert shared[2:8] == [
        "Painter",
        "A2",
        "Ukrainian, Russian",
        "Malerin, 6 Jahre in Kyjiw",
        "olena@example.org",
        "+4915112345678",
    ]
    assert shared[9] == "4"
    assert shared[11] == "'=HYPERLINK(1)"
    silent = next(row for row in rows if row[0] == quiet.code_display)
    assert silent[1:8] == [""] * 7
    text = response.content.decode("utf-8-sig")
    for never in ("Kovalenko", "Yonas", gone.code_display):
        assert never not in text


def test_the_xlsx_parses_back_without_who_withdrew(client, table, fair):
    _meet(table, _person(fair), next_step="trial_day")
    services.contact_withdraw(contact=_meet(table, _person(fair, first_name="Yonas")))
    response = client.get(_url(table, "contacts_download", fmt="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == "Olena"
    assert rows[1][10] == "Trial day"
    assert "Yonas" not in str(rows)


def test_no_other_download_format(client, table):
    assert client.get(_url(table, "contacts_download", fmt="pdf")).status_code == 404


# The person's side


def _personal(registration):
    return reverse("applicants:personal", kwargs={"token": registration_token(registration)})


def test_the_person_sees_who_noted_a_next_step_in_their_language(table, fair):
    registration = _person(fair, language="uk")
    _meet(table, registration, next_step="trial_day", note="Gute Malerin")
    _meet(_participation(fair, employer=EmployerFactory(name="Korn")), registration)
    content = Client().get(_personal(registration)).content.decode()
    with translation.override("uk"):
        trial_day = str(Contact.NextStep.TRIAL_DAY.label)
    assert trial_day in content
    assert '<span lang="de" dir="ltr">Dachbau Ost</span>' in content
    assert "Korn" in content
    assert "Gute Malerin" not in content


def test_the_person_withdraws_consent_for_one_employer(client, table, fair):
    registration = _person(fair)
    contact = _meet(table, registration, note="Gute Malerin", rating=3, next_step="trial_day")
    other = _meet(_participation(fair), registration)
    token = registration_token(registration)
    response = client.post(
        reverse("meetings:contact_withdraw", kwargs={"token": token, "contact_pk": contact.pk}),
        follow=True,
    )
    content = response.content.decode()
    assert "Done. Dachbau Ost no longer sees your data." in content
    assert "You withdrew your consent. This employer no longer sees your data." in content
    contact.refresh_from_db()
    other.refresh_from_db()
    assert contact.withdrawn_at is not None
    assert (contact.note, contact.rating, contact.next_step) == ("", None, "trial_day")
    assert other.withdrawn_at is None

    client.force_login(table.employer.user)
    page = client.get(_url(table, "contact", contact_pk=contact.pk)).content.decode()
    assert "This person withdrew their consent for your company." in page
    assert "Olena" not in page
    assert 'name="note"' not in page


def test_notes_cannot_be_taken_after_withdrawal(client, table, fair):
    contact = _meet(table, _person(fair))
    services.contact_withdraw(contact=contact)
    with pytest.raises(ValidationError):
        services.contact_note(contact=contact, rating=4, note="", next_step="none", noted_by=None)
    response = client.post(
        _url(table, "contact", contact_pk=contact.pk), {"note": "Trotzdem", "next_step": "none"}
    )
    assert response.status_code == 400
    contact.refresh_from_db()
    assert contact.note == ""


def test_withdrawing_twice_keeps_the_first_time(table, fair):
    contact = services.contact_withdraw(contact=_meet(table, _person(fair)))
    again = services.contact_withdraw(contact=contact)
    assert again.withdrawn_at == contact.withdrawn_at


def test_nobody_withdraws_another_persons_contact(client, table, fair):
    contact = _meet(table, _person(fair))
    stranger = _person(fair, first_name="Amal")
    url = reverse(
        "meetings:contact_withdraw",
        kwargs={"token": registration_token(stranger), "contact_pk": contact.pk},
    )
    assert client.post(url).status_code == 404
    contact.refresh_from_db()
    assert contact.withdrawn_at is None


def test_the_data_download_holds_the_contacts(table, fair):
    registration = _person(fair)
    _meet(table, registration, rating=2, note="Noch zu früh", next_step="recognition")
    data = applicant_data_export(applicant=registration.applicant)
    assert [
        {key: row[key] for key in ("employer", "rating", "note", "next_step")}
        for row in data["contacts"]
    ] == [
        {
            "employer": "Dachbau Ost",
            "rating": 2,
            "note": "Noch zu früh",
            "next_step": "recognition",
        }
    ]
