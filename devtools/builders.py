"""Data for the benchmark commands (``make bench-mail``, ``make bench-web``):
a published event and many booked applicants, written with bulk inserts."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.utils import timezone

from applicants.models import Applicant, Booking, Registration
from events.models import Event, Organisation, Slot, Venue

EMAIL_DOMAIN = "bench.example.org"


def bench_event_create(*, slug: str, title: str, starts_at: datetime, capacity: int) -> Event:
    """A published event open for sign-up; an earlier one with the slug and
    the benchmark's applicants are removed first."""
    Event.objects.filter(slug=slug).delete()
    Applicant.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    organisation, _ = Organisation.objects.get_or_create(
        name="Bench organisation", defaults={"kind": Organisation.Kind.OTHER}
    )
    venue, _ = Venue.objects.get_or_create(
        name="Bench venue", city="Leipzig", defaults={"street": "Weg 1", "postcode": "04109"}
    )
    event = Event.objects.create(
        slug=slug,
        title=title,
        venue=venue,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=8),
        status=Event.Status.PUBLISHED,
        registration_opens_at=timezone.now() - timedelta(days=1),
        capacity=capacity,
    )
    event.organisations.add(organisation)
    return event


def bench_registrations_create(
    *, event: Event, slots: Sequence[Slot], count: int, languages: Sequence[str] = ("de",)
) -> list[Registration]:
    """``count`` consenting applicants, registered and booked round-robin
    into ``slots``, in round-robin ``languages``."""
    applicants = Applicant.objects.bulk_create(
        Applicant(
            first_name=f"Person{n}",
            last_name="Bench",
            email=f"person{n}@{EMAIL_DOMAIN}",
            language=languages[n % len(languages)],
            consent_at=timezone.now(),
        )
        for n in range(count)
    )
    registrations = Registration.objects.bulk_create(
        Registration(applicant=applicant, event=event) for applicant in applicants
    )
    Booking.objects.bulk_create(
        Booking(registration=r, slot=slots[n % len(slots)], status=Booking.Status.CONFIRMED)
        for n, r in enumerate(registrations)
    )
    return registrations
