import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applicants.models import Applicant, Registration
from applicants.tests.factories import ApplicantFactory, RegistrationFactory
from applicants.tokens import registration_personal_url
from jobfair.celery import app as celery_app
from messaging.models import Batch, Message

pytestmark = pytest.mark.django_db

GOOD = (
    "Vorname;Nachname;E-Mail;Mobil;Sprache\n"
    "Layla;Haddad;layla@example.org;;ar\n"
    "Olena;Kovalenko;;0151 23456789;uk\n"
    "Jürgen;Größmann;juergen@example.org;+49 160 1234567;Deutsch\n"
)


def _upload(client, event, text, encoding="utf-8-sig"):
    return client.post(
        reverse("organise:invite", kwargs={"pk": event.pk}),
        {"file": SimpleUploadedFile("liste.csv", text.encode(encoding), "text/csv")},
    )


def _payload(response):
    return re.search(r'name="payload" value="([^"]+)"', response.content.decode()).group(1)


def test_preview_shows_every_row_and_saves_nothing(organiser_client, event):
    response = _upload(organiser_client, event, GOOD)
    content = response.content.decode()
    assert "Größmann" in content
    assert "+4915123456789" in content
    assert 'name="payload"' in content
    assert Applicant.objects.count() == 0


def test_confirm_invites_everyone_in_their_language(organiser_client, organiser, event):
    payload = _payload(_upload(organiser_client, event, GOOD))
    response = organiser_client.post(
        reverse("organise:invite_confirm", kwargs={"pk": event.pk}),
        {"payload": payload, "consent": "on"},
    )
    assert response["Location"] == reverse("organise:registrations", kwargs={"pk": event.pk})
    registrations = Registration.objects.filter(event=event).select_related("applicant")
    assert sorted((r.applicant.last_name, r.status, r.entered_by) for r in registrations) == [
        ("Größmann", "invited", organiser),
        ("Haddad", "invited", organiser),
        ("Kovalenko", "invited", organiser),
    ]
    messages = Message.objects.filter(kind="event_invitation").order_by("recipient")
    assert [(m.recipient, m.channel, m.language) for m in messages] == [
        ("+4915123456789", "sms", "uk"),
        ("+491601234567", "sms", "de"),
        ("juergen@example.org", "email", "de"),
        ("layla@example.org", "email", "ar"),
    ]
    layla = registrations.get(applicant__last_name="Haddad")
    body = messages.get(recipient="layla@example.org").body_text
    assert registration_personal_url(layla) in body
    batch = Batch.objects.get()
    assert (batch.total, batch.created_by, batch.event) == (3, organiser, event)


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("Layla;Haddad;layla(at)example.org;;ar", "layla(at)example.org"),
        ("Layla;Haddad;;12;ar", "“12”"),
        ("Layla;Haddad;;;ar", "<td>5</td>"),
        ("Layla;Haddad;layla@example.org;;klingonisch", "klingonisch"),
        ("Layla;;layla@example.org;;ar", "<td>5</td>"),
    ],
)
def test_bad_rows_are_shown_with_their_error_and_cannot_be_imported(
    organiser_client, event, line, error
):
    # The error texts quote the value; English keeps the quotes of the source.
    organiser_client.cookies["django_language"] = "en"
    response = _upload(organiser_client, event, GOOD + line + "\n")
    content = response.content.decode()
    assert 'id="invite-errors"' in content
    bad_rows = re.findall(r'<tr class="table-danger">(.*?)</tr>', content, re.S)
    assert len(bad_rows) == 1
    assert "<td>5</td>" in bad_rows[0]
    assert error in bad_rows[0]
    assert 'name="payload"' not in content


def test_duplicates_in_the_file_and_people_already_registered(organiser_client, event):
    RegistrationFactory(event=event, applicant=ApplicantFactory(email="layla@example.org"))
    text = GOOD + "Olena;K.;;+4915123456789;uk\n"
    content = _upload(organiser_client, event, text).content.decode()
    bad_rows = re.findall(r'<tr class="table-danger">(.*?)</tr>', content, re.S)
    assert [re.search(r"<td>(\d+)</td>", row).group(1) for row in bad_rows] == ["2", "5"]
    assert "3" in bad_rows[1].split("row-errors")[1]


def test_comma_separated_windows_1252_file_with_english_headers(organiser_client, event):
    text = "first_name,last_name,email,mobile,language\nJürgen,Größmann,j@example.org,,de\n"
    content = _upload(organiser_client, event, text, encoding="cp1252").content.decode()
    assert "Größmann" in content
    assert 'name="payload"' in content


def test_file_without_the_needed_columns_is_refused(organiser_client, event):
    content = _upload(organiser_client, event, "a;b\n1;2\n").content.decode()
    assert 'id="error_1_id_file"' in content


def test_tampered_payload_imports_nothing(organiser_client, event):
    payload = _payload(_upload(organiser_client, event, GOOD))
    organiser_client.post(
        reverse("organise:invite_confirm", kwargs={"pk": event.pk}),
        {"payload": payload[:-2] + "xx", "consent": "on"},
    )
    assert Applicant.objects.count() == 0


def test_confirm_needs_the_consent_box(organiser_client, event):
    payload = _payload(_upload(organiser_client, event, GOOD))
    response = organiser_client.post(
        reverse("organise:invite_confirm", kwargs={"pk": event.pk}), {"payload": payload}
    )
    assert Applicant.objects.count() == 0
    assert 'id="error_1_id_consent"' in response.content.decode()


def test_someone_registering_meanwhile_stops_the_whole_import(organiser_client, event):
    payload = _payload(_upload(organiser_client, event, GOOD))
    RegistrationFactory(event=event, applicant=ApplicantFactory(email="juergen@example.org"))
    response = organiser_client.post(
        reverse("organise:invite_confirm", kwargs={"pk": event.pk}),
        {"payload": payload, "consent": "on"},
    )
    assert Registration.objects.filter(event=event).count() == 1
    assert 'id="invite-errors"' in response.content.decode()


def _tasks_queued() -> int:
    with celery_app.connection_for_write() as connection:
        return connection.default_channel.queue_declare(queue="celery", passive=True).message_count


def test_invitations_go_out_in_chunks_like_every_bulk_sending(
    organiser_client, event, django_capture_on_commit_callbacks
):
    """250 people: three delivery tasks of up to 100 messages, each of which
    reuses one connection, not one task and connection per person."""
    lines = "".join(f"Gast;Nummer{n};gast{n}@example.org;;de\n" for n in range(250))
    payload = _payload(
        _upload(organiser_client, event, "Vorname;Nachname;E-Mail;Mobil;Sprache\n" + lines)
    )
    celery_app.control.purge()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            organiser_client.post(
                reverse("organise:invite_confirm", kwargs={"pk": event.pk}),
                {"payload": payload, "consent": "on"},
            )
        assert _tasks_queued() == 3
    finally:
        celery_app.control.purge()
    batch = Batch.objects.get()
    assert (batch.total, batch.messages.count()) == (250, 250)
