"""Data for the benchmark commands (``make bench-mail``, ``make bench-web``)
and the query-count tests: a published event and many booked applicants,
written with bulk inserts. Not demo data: these skip the services on purpose,
for speed."""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.utils import timezone

from applicants.codes import ALPHABET, LENGTH
from applicants.models import Applicant, Booking, FollowUp, Registration
from employers.models import Employer, Participation, Position
from events.models import Event, Organisation, Slot, Trade, Venue
from meetings.models import Contact, Talk

EMAIL_DOMAIN = "bench.example.org"


def _code(number: int) -> str:
    """The number in the codes' alphabet: a distinct code for each person of
    a bulk insert, where drawing them at random would need a check."""
    digits = []
    for _ in range(LENGTH):
        number, digit = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


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
    *,
    event: Event,
    count: int,
    slots: Sequence[Slot] = (),
    languages: Sequence[str] = ("de",),
    trades: Iterable[Trade] = (),
    start: int = 0,
    check_in_every_other: bool = False,
) -> list[Registration]:
    """``count`` consenting applicants numbered from ``start``, registered for
    ``event`` and booked round-robin into ``slots``, in round-robin
    ``languages``, each interested in all ``trades``. Every third needs an
    Arabic interpreter; with ``check_in_every_other``, every other one is
    checked in. Call it again with a later ``start`` to add more people."""
    now = timezone.now()
    applicants = Applicant.objects.bulk_create(
        Applicant(
            first_name=f"Gast{n}",
            last_name=f"Müller{n:04d}",
            email=f"gast{event.pk}-{n}@{EMAIL_DOMAIN}",
            language=languages[n % len(languages)],
            spoken_languages=[languages[n % len(languages)]],
            needs_interpreter=n % 3 == 0,
            interpreter_language="ar" if n % 3 == 0 else "",
            consent_at=now,
        )
        for n in range(start, start + count)
    )
    through = Applicant.trades.through
    through.objects.bulk_create(
        through(applicant_id=applicant.pk, trade_id=trade.pk)
        for applicant in applicants
        for trade in trades
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            applicant=applicant,
            event=event,
            status=Registration.Status.REGISTERED,
            code=_code(n),
            checked_in_at=now if check_in_every_other and n % 2 else None,
        )
        for n, applicant in enumerate(applicants, start)
    )
    if slots:
        Booking.objects.bulk_create(
            Booking(registration=r, slot=slots[n % len(slots)], status=Booking.Status.CONFIRMED)
            for n, r in enumerate(registrations, start)
        )
    return registrations


def bench_employers_create(
    *, event: Event, count: int, trades: Sequence[Trade], positions_each: int = 2
) -> list[Employer]:
    """``count`` employers taking part in ``event`` (approved), each with
    ``positions_each`` open positions of the ``trades`` in turn. Earlier
    benchmark employers of the same numbers are removed first."""
    Employer.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    employers = Employer.objects.bulk_create(
        Employer(
            name=f"Betrieb {n:04d}",
            street="Werkstraße 1",
            postcode="04109",
            city="Leipzig",
            contact_name=f"Kontakt {n}",
            email=f"betrieb-{n}@{EMAIL_DOMAIN}",
            size=Employer.Size.SMALL,
            languages=["de"],
        )
        for n in range(count)
    )
    positions = Position.objects.bulk_create(
        Position(
            employer=employer,
            trade=trades[(n + k) % len(trades)],
            title=f"Stelle {k + 1}",
            kind=Position.Kind.APPRENTICESHIP,
            german_level="A2",
        )
        for n, employer in enumerate(employers)
        for k in range(positions_each)
    )
    participations = Participation.objects.bulk_create(
        Participation(employer=employer, event=event, status=Participation.Status.APPROVED)
        for employer in employers
    )
    through = Participation.positions.through
    through.objects.bulk_create(
        through(participation_id=participation.pk, position_id=position.pk)
        for participation, position in zip(
            (p for p in participations for _ in range(positions_each)), positions, strict=True
        )
    )
    return employers


def bench_outcomes_create(
    *, event: Event, registrations: Sequence[Registration], start: int = 0
) -> None:
    """For the people of ``registrations``, at the employers taking part in
    ``event`` in turn: a talk each (held, missed or planned in turn), a next
    step agreed with every other one, and both follow-up questions asked,
    every other one answered. ``start`` people before them already have
    theirs (their talks took the first tables)."""
    participations = list(event.participations.order_by("pk"))
    statuses = [Talk.Status.HELD, Talk.Status.NO_SHOW, Talk.Status.PLANNED]
    steps = [step for step in Contact.NextStep.values if step != Contact.NextStep.NONE]
    Talk.objects.bulk_create(
        Talk(
            event=event,
            registration=registration,
            participation=participations[n % len(participations)],
            round=0,
            table=n // len(participations),
            status=statuses[n % len(statuses)],
        )
        for n, registration in enumerate(registrations, start)
    )
    Contact.objects.bulk_create(
        Contact(
            participation=participations[n % len(participations)],
            registration=registration,
            next_step=steps[n // 2 % len(steps)],
        )
        for n, registration in enumerate(registrations, start)
        if n % 2 == 0
    )
    now = timezone.now()
    FollowUp.objects.bulk_create(
        FollowUp(
            registration=registration,
            point=point,
            asked_at=now,
            answer="job" if n % 2 else "",
            answered_at=now if n % 2 else None,
        )
        for n, registration in enumerate(registrations, start)
        for point in FollowUp.Point.values
    )
