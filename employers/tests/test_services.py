import threading

import pytest
from django.db import connection

from employers.models import Employer
from employers.services import EmployerAlreadyRegistered, EmployerData, employer_register
from employers.tests.factories import EmployerFactory
from events.tests.factories import TradeFactory


def _data(**overrides):
    fields = {
        "name": "Parkett Wagner",
        "trades": [],
        "street": "Karl-Heine-Straße 5",
        "postcode": "04229",
        "city": "Leipzig",
        "contact_name": "Petra Wagner",
        "email": "wagner@example.org",
        "phone": "",
        "size": Employer.Size.MICRO,
        "languages": ["de", "pl"],
    }
    return EmployerData(**{**fields, **overrides})


@pytest.mark.django_db
def test_register_gives_the_company_a_login_without_password():
    trade = TradeFactory()
    employer = employer_register(data=_data(trades=[trade], email=" Wagner@Example.org "))
    assert employer.email == "wagner@example.org"
    assert employer.user.email == "wagner@example.org"
    assert not employer.user.has_usable_password()
    assert list(employer.trades.all()) == [trade]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("existing", "field"),
    [({"email": "wagner@example.org"}, "email"), ({"name": "PARKETT WAGNER"}, "__all__")],
)
def test_register_refuses_duplicates(existing, field):
    EmployerFactory(**{"postcode": "04229", **existing})
    with pytest.raises(EmployerAlreadyRegistered) as raised:
        employer_register(data=_data())
    assert list(raised.value.message_dict) == [field]
    assert Employer.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_registrations_at_the_same_moment_make_one_company():
    outcomes = []
    barrier = threading.Barrier(2)

    def register():
        try:
            barrier.wait()
            employer_register(data=_data())
            outcomes.append("registered")
        except EmployerAlreadyRegistered:
            outcomes.append("duplicate")
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["duplicate", "registered"]
    assert Employer.objects.count() == 1
