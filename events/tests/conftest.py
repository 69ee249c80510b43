import pytest

from events.tests.factories import EventFactory, OrganisationFactory, UserFactory


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Jobcenter Leipzig")


@pytest.fixture
def organiser(organisation):
    user = UserFactory(username="simone", email="simone@example.org")
    organisation.members.add(user)
    return user


@pytest.fixture
def event(organisation):
    return EventFactory(organisations=[organisation], title_de="Bewerbertag Bauberufe")


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client
