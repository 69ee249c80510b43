"""The personal link: a signed token that carries a registration's id.

Applicants have no account; whoever holds the link may see and change the
registration. The HMAC signature (checked in constant time by Django's
signer) makes the link impossible to guess or to derive from another one;
the salt keeps tokens of other features from being accepted here.

The link expires with the data it opens: ``RETENTION_DAYS`` after the event
has ended (when the retention run anonymises the person) it opens nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from applicants.models import Registration

SALT = "applicants.registration.personal-link"


def registration_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=SALT)


def registration_from_token(token: str) -> Registration | None:
    """The registration a token was made for, or ``None`` when the token was
    tampered with, belongs to someone whose data was deleted, or is not ours."""
    try:
        registration_id = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(registration_id, int):
        return None
    expired = timezone.now() - timedelta(days=settings.RETENTION_DAYS)
    return (
        Registration.objects.select_related("applicant", "event__venue")
        .prefetch_related("event__organisations")
        .filter(
            pk=registration_id,
            applicant__anonymised_at__isnull=True,
            event__ends_at__gt=expired,
        )
        .first()
    )


def registration_personal_url(registration: Registration) -> str:
    """The absolute personal link, for e-mails, SMS and the confirmation page."""
    path = reverse("applicants:personal", kwargs={"token": registration_token(registration)})
    return f"{settings.SITE_URL}{path}"
