"""Organisers invite people from a list (a CSV from the Jobcenter's system)."""

from collections.abc import Sequence
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.models import Applicant, Registration
from applicants.services.notices import applicant_recipient
from applicants.services.places import places_lock
from applicants.services.registrations import registration_codes_new
from applicants.tokens import registration_personal_url
from events.models import Event
from messaging.models import Batch
from messaging.services import Delivery, batch_send


class Invitee(Protocol):
    """A checked row of an invitation list."""

    first_name: str
    last_name: str
    email: str
    phone: str
    language: str
    errors: list[str]


@transaction.atomic
def applicants_invite(*, event: Event, rows: Sequence[Invitee], invited_by) -> Batch:
    """Invite the people of a checked list: all of them or, if one row has an
    error, none. Each gets an invitation in their language through the bulk
    path after the commit; its personal link opens the sign-up, filled in.
    ``invited_by`` confirmed that they agreed to be contacted. Returns the
    bulk sending, whose progress organisers can follow. Each gets a code for
    the entrance, drawn under the event's row lock."""
    if any(row.errors for row in rows):
        raise ValidationError(_("Correct the rows with errors first; nothing was imported."))
    event, _slots = places_lock(event=event)
    codes = registration_codes_new(event=event, count=len(rows))
    now = timezone.now()
    registrations = []
    for row, code in zip(rows, codes, strict=True):
        applicant = Applicant(
            first_name=row.first_name,
            last_name=row.last_name,
            email=row.email,
            phone=row.phone,
            language=row.language,
            consent_at=now,
        )
        applicant.full_clean()
        applicant.save()
        registrations.append(
            Registration.objects.create(
                applicant=applicant,
                event=event,
                status=Registration.Status.INVITED,
                entered_by=invited_by,
                code=code,
            )
        )
    return batch_send(
        event=event,
        kind="event_invitation",
        deliveries=[
            Delivery(
                recipient=applicant_recipient(applicant=registration.applicant),
                context={
                    "applicant": registration.applicant,
                    "personal_url": registration_personal_url(registration),
                },
                dedupe_key=f"event_invitation:{event.pk}:{registration.applicant_id}",
            )
            for registration in registrations
        ],
        created_by=invited_by,
    )
