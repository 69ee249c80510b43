import pytest
from django.core import mail
from django.urls import reverse

from employers.models import Employer
from employers.tests.factories import EmployerFactory
from employers.tests.mail_text import in_german
from events.tests.factories import TradeFactory
from messaging.models import Message

pytestmark = pytest.mark.django_db

URL = reverse("employers:register")


@pytest.fixture
def form_data():
    bricklayer = TradeFactory(name_en="Bricklayer")
    roofer = TradeFactory(name_en="Roofer")
    return {
        "name": "Dachdeckerei Krause",
        "trades": [bricklayer.pk, roofer.pk],
        "street": "Am Anger 4",
        "postcode": "04451",
        "city": "Borsdorf",
        "contact_name": "Jana Krause",
        "email": "Info@Krause-Dach.de",
        "phone": "0341 1234567",
        "size": Employer.Size.MICRO,
        "languages": ["de", "ru"],
        "description": "Roofs since 1990.",
        "website": "",
    }


def test_registration_creates_the_company_signs_in_and_confirms_by_email(client, form_data):
    response = client.post(URL, form_data, follow=True)

    employer = Employer.objects.get()
    assert employer.name == "Dachdeckerei Krause"
    assert employer.email == "info@krause-dach.de"
    assert employer.phone == "+493411234567"
    assert employer.languages == ["de", "ru"]
    assert sorted(t.name for t in employer.trades.all()) == ["Bricklayer", "Roofer"]
    assert not employer.user.has_usable_password()
    assert response.wsgi_request.user == employer.user
    assert response.redirect_chain[-1][0] == reverse("employers:company")
    assert "we sent a confirmation to info@krause-dach.de" in response.content.decode()
    message = Message.objects.get()
    assert (message.kind, message.recipient, message.employer) == (
        "employer_registered",
        "info@krause-dach.de",
        employer,
    )
    assert message.subject == in_german("Registered: %(name)s", name="Dachdeckerei Krause")
    assert "/employers/sign-in/" in message.body_text


def test_confirmation_email_goes_out_after_commit(
    client, form_data, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    form_data["name"] = "Holzbau Richter & Söhne"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data)

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["info@krause-dach.de"], in_german("Registered: %(name)s", name="Holzbau Richter & Söhne"))
    ]
    assert Message.objects.get().status == Message.Status.SENT


def test_invalid_form_shows_errors_next_to_fields_and_keeps_the_input(client, form_data):
    form_data.update(postcode="4451", phone="12", email="not-an-address")

    response = client.post(URL, form_data)

    content = response.content.decode()
    assert response.status_code == 200
    assert Employer.objects.count() == 0
    assert "Enter a German postcode of five digits." in content
    assert "Enter a valid phone number" in content
    assert "Enter a valid email address." in content
    assert 'value="Dachdeckerei Krause"' in content
    assert 'value="Am Anger 4"' in content
    assert "Roofs since 1990." in content
    assert Message.objects.count() == 0


def test_missing_trade_is_an_error(client, form_data):
    form_data["trades"] = []
    content = client.post(URL, form_data).content.decode()
    assert "This field is required." in content
    assert Employer.objects.count() == 0


def test_same_email_in_other_case_is_a_duplicate_with_a_way_to_sign_in(client, form_data):
    EmployerFactory(email="info@krause-dach.de")

    response = client.post(URL, form_data)

    content = response.content.decode()
    assert Employer.objects.count() == 1
    assert "A company with this e-mail address is registered already." in content
    assert "get a sign-in link by e-mail" in content
    assert reverse("employers:sign_in") + "?email=Info%40Krause-Dach.de" in content
    assert Message.objects.count() == 0


def test_same_name_and_postcode_is_a_duplicate(client, form_data):
    EmployerFactory(name="DACHDECKEREI KRAUSE", postcode="04451")

    content = client.post(URL, form_data).content.decode()

    assert Employer.objects.count() == 1
    assert "A company with this name is registered already at this postcode." in content


def test_same_name_in_another_postcode_is_another_company(client, form_data):
    EmployerFactory(name="Dachdeckerei Krause", postcode="01067")
    client.post(URL, form_data)
    assert Employer.objects.count() == 2


def test_filled_honeypot_creates_nothing(client, form_data):
    form_data["website"] = "http://spam.example"

    response = client.post(URL, form_data)

    assert response.status_code == 200
    assert Employer.objects.count() == 0
    assert "This request looks automated." in response.content.decode()


def test_registration_page_hides_the_honeypot_from_people(client):
    content = client.get(URL).content.decode()
    assert '<div class="form-honeypot" aria-hidden="true">' in content
    assert content.count('name="website"') == 1


def test_flood_of_registrations_is_answered_with_429(client, form_data):
    for number in range(10):
        form_data.update(email=f"firma{number}@example.org", name=f"Firma {number}")
        client.post(URL, form_data)

    response = client.post(URL, form_data)

    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert Employer.objects.count() == 10
