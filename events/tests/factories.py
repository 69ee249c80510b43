from datetime import datetime, time, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from events.models import Event, Organisation, Session, Slot, Trade, Venue


def four_weeks_ahead_at_nine() -> datetime:
    """A fair day's start as organisers set it: in the morning, four weeks
    from today (the same day whatever time the tests run at)."""
    day = timezone.localdate() + timedelta(days=28)
    return timezone.make_aware(datetime.combine(day, time(9)))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("secret-password")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Jobcenter {n}")
    kind = Organisation.Kind.JOBCENTER


class TradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trade
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"trade-{n}")
    name_de = factory.Sequence(lambda n: f"Handwerk {n}")
    name_en = factory.Sequence(lambda n: f"Trade {n}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Bildungszentrum {n}")
    street = "Steinweg 3"
    postcode = "04451"
    city = "Borsdorf"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"fair-day-{n}")
    title_de = factory.Sequence(lambda n: f"Bewerbertag {n}")
    title_en = factory.Sequence(lambda n: f"Applicant day {n}")
    venue = factory.SubFactory(VenueFactory)
    starts_at = factory.LazyFunction(four_weeks_ahead_at_nine)
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=6))
    status = Event.Status.PUBLISHED
    capacity = 80

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create:
            self.organisations.set(extracted or [OrganisationFactory()])


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    kind = Session.Kind.WORKSHOP
    trade = factory.SubFactory(TradeFactory)
    title_de = factory.Sequence(lambda n: f"Lehrkabinett {n}")
    room = factory.Sequence(lambda n: f"Halle {n}")


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    session = factory.SubFactory(SessionFactory)
    starts_at = factory.LazyAttribute(lambda slot: slot.session.event.starts_at)
    ends_at = factory.LazyAttribute(lambda slot: slot.starts_at + timedelta(minutes=45))
    capacity = 10
