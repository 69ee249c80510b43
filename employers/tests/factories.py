import factory

from employers.models import Employer, Participation, Position
from events.choices import GermanLevel
from events.tests.factories import EventFactory, TradeFactory, UserFactory


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Baufirma {n}")
    street = "Hauptstraße 1"
    postcode = factory.Sequence(lambda n: f"{4000 + n % 5000:05d}")
    city = "Leipzig"
    contact_name = "Erika Muster"
    email = factory.Sequence(lambda n: f"firma{n}@example.org")
    size = Employer.Size.SMALL
    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def trades(self, create, extracted, **kwargs):
        if create and extracted:
            self.trades.set(extracted)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    employer = factory.SubFactory(EmployerFactory)
    trade = factory.SubFactory(TradeFactory)
    title = "Maurer/in"
    kind = Position.Kind.SKILLED
    german_level = GermanLevel.A2


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    employer = factory.SubFactory(EmployerFactory)
    event = factory.SubFactory(EventFactory)
