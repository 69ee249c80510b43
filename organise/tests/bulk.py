"""Many registrations fast, for the query-count tests at 1,000."""

from applicants.models import Booking, Registration
from devtools.builders import bench_registrations_create

LANGUAGES = ["ar", "fa", "uk", "en", "de"]


def registrations_bulk_create(*, event, count, start=0, trades=(), slot=None) -> list[Registration]:
    """People in five languages, every other one checked in, all booked into
    ``slot`` if one is given."""
    return bench_registrations_create(
        event=event,
        count=count,
        start=start,
        slots=[slot] if slot is not None else [],
        languages=LANGUAGES,
        trades=trades,
        check_in_every_other=True,
    )


def waiting_bulk_create(*, registrations, slot) -> None:
    """Every other one of ``registrations`` waits for ``slot`` too, and every
    fifth one for a guest place: lists with people on every waiting list."""
    Booking.objects.bulk_create(
        Booking(registration=registration, slot=slot, status=Booking.Status.WAITLISTED)
        for registration in registrations[::2]
    )
    Registration.objects.filter(pk__in=[r.pk for r in registrations[::5]]).update(
        status=Registration.Status.WAITLISTED
    )


def queries_for(client, url, params=None) -> int:
    """How many SQL queries one GET of the page runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)
