"""Many registrations fast, for the query-count tests at 1,000."""

from django.utils import timezone

from applicants.models import Applicant, Booking, Registration

LANGUAGES = ["ar", "fa", "uk", "en", "de"]


def registrations_bulk_create(*, event, count, start=0, trades=(), slot=None) -> list[Registration]:
    now = timezone.now()
    applicants = Applicant.objects.bulk_create(
        Applicant(
            first_name=f"Gast{n}",
            last_name=f"Müller{n:04d}",
            email=f"gast{event.pk}-{n}@example.org",
            language=LANGUAGES[n % len(LANGUAGES)],
            spoken_languages=[LANGUAGES[n % len(LANGUAGES)]],
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
            checked_in_at=now if n % 2 else None,
        )
        for n, applicant in enumerate(applicants, start)
    )
    if slot is not None:
        Booking.objects.bulk_create(
            Booking(registration=registration, slot=slot, status=Booking.Status.CONFIRMED)
            for registration in registrations
        )
    return registrations


def queries_for(client, url, params=None) -> int:
    """How many SQL queries one GET of the page runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)
