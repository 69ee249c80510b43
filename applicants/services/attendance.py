"""Who came: check-in at the door."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.models import Registration
from applicants.services.places import places_lock


@transaction.atomic
def registration_check_in(*, registration: Registration) -> Registration:
    """Mark an applicant present: someone waiting or invited who comes takes
    a guest place. Marking twice changes nothing: the first time of arrival
    stays. A cancelled registration is refused (``ValidationError``): that
    person gave their place away."""
    places_lock(event=registration.event_id)
    now = timezone.now()
    updated = (
        Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=True)
        .exclude(status=Registration.Status.CANCELLED)
        .update(checked_in_at=now, status=Registration.Status.ATTENDED, updated_at=now)
    )
    registration.refresh_from_db()
    if not updated and registration.checked_in_at is None:
        raise ValidationError(
            _("%(name)s cancelled the registration: register them again first.")
            % {"name": registration.applicant}
        )
    return registration


def registrations_check_in(*, registrations) -> tuple[int, int, list[str]]:
    """Mark each present (a printed door list's ticks) in a transaction of
    its own, so that one refused (cancelled meanwhile) stops none of the
    others: how many were marked, how many were present already, and the
    refusals."""
    marked, already, refused = 0, 0, []
    for registration in registrations:
        if registration.checked_in_at is not None:
            already += 1
            continue
        try:
            registration_check_in(registration=registration)
        except ValidationError as error:
            refused.append(" ".join(error.messages))
        else:
            marked += 1
    return marked, already, refused
