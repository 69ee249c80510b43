import factory
from django.utils import timezone

from applicants.codes import checkin_code_random
from applicants.models import Applicant, Booking, Registration
from events.tests.factories import EventFactory, SlotFactory


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    first_name = "Layla"
    last_name = factory.Sequence(lambda n: f"Haddad {n}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    language = "ar"
    consent_at = factory.LazyFunction(timezone.now)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    applicant = factory.SubFactory(ApplicantFactory)
    event = factory.SubFactory(EventFactory)
    code = factory.LazyFunction(checkin_code_random)


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    registration = factory.SubFactory(RegistrationFactory)
    slot = factory.SubFactory(
        SlotFactory, session__event=factory.SelfAttribute("...registration.event")
    )
    status = Booking.Status.CONFIRMED
