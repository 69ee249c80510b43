"""The links that stand for a registration: the personal page, and the
answers "I am coming" / "I cannot come" from a reminder.

Applicants have no account; whoever holds a link may do what it is for. All
links use one scheme: the registration's id and the link's purpose, in base
36, with 80 bits of HMAC (salted with ``SECRET_KEY``, compared in constant
time): impossible to guess or to derive from another link, and short enough
for an SMS.

Every link expires with the data it opens: once the person's data is deleted,
or ``RETENTION_DAYS`` after the event has ended (when the retention run
anonymises the person), it opens nothing. A follow-up question's link lives
as long as its question is open (six months and more after the fair for the
last one), and a day more.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

from applicants.models import FollowUp, Registration

SALT = "applicants.registration.link"
PURPOSES = {
    "personal": "p",
    "coming": "y",
    "not_coming": "n",
    # The QR code on the personal page and the letter: it names the person
    # at the door and at employers' tables and opens nothing.
    "badge": "b",
    # "What are you doing now?" after the fair, one per point in time.
    "follow_up_exit": "fe",
    "follow_up_weeks_4": "f4",
    "follow_up_months_6": "f6",
}
# A follow-up link's code → its point in time.
FOLLOW_UPS = {
    code: purpose.removeprefix("follow_up_")
    for purpose, code in PURPOSES.items()
    if purpose.startswith("follow_up_")
}
ANSWERS = {"y": "coming", "n": "not_coming"}
# Personal links sent before this scheme carried the id in Django's signed
# format; they keep working until they expire like every other link.
EARLIER_PERSONAL_SALT = "applicants.registration.personal-link"


def _signature(payload: str) -> str:
    return salted_hmac(SALT, payload).hexdigest()[:20]


def registration_token(registration: Registration, purpose: str = "personal") -> str:
    payload = f"{int_to_base36(registration.pk)}-{PURPOSES[purpose]}"
    return f"{payload}-{_signature(payload)}"


def _token_read(token: str) -> tuple[int, str] | None:
    """The registration id and purpose code of a well-signed token."""
    if ":" in token:
        try:
            registration_id = signing.loads(token, salt=EARLIER_PERSONAL_SALT)
        except signing.BadSignature:
            return None
        return (registration_id, "p") if isinstance(registration_id, int) else None
    try:
        pk, code, signature = token.split("-")
        registration_id = base36_to_int(pk)
    except ValueError:
        return None
    if not constant_time_compare(signature, _signature(f"{pk}-{code}")):
        return None
    return registration_id, code


def _registration_live(registration_id: int, *, days: int | None = None) -> Registration | None:
    expired = timezone.now() - timedelta(days=settings.RETENTION_DAYS if days is None else days)
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


def registration_from_token(token: str) -> Registration | None:
    """The registration a personal link was made for, or ``None`` when the
    token was tampered with, is not a personal link, or its data is gone."""
    read = _token_read(token)
    if read is None or read[1] != PURPOSES["personal"]:
        return None
    return _registration_live(read[0])


def reply_from_token(token: str) -> tuple[Registration, str] | None:
    """The registration and answer ("coming", "not_coming") of an answer
    link, or ``None`` as for ``registration_from_token``."""
    read = _token_read(token)
    if read is None or read[1] not in ANSWERS:
        return None
    registration = _registration_live(read[0])
    return None if registration is None else (registration, ANSWERS[read[1]])


def registration_from_badge(token: str) -> Registration | None:
    """The registration a QR code names (or, on letters printed before the
    codes named people only, a personal link's token), or ``None``."""
    read = _token_read(token)
    if read is None or read[1] not in (PURPOSES["badge"], PURPOSES["personal"]):
        return None
    return _registration_live(read[0])


def follow_up_from_token(token: str) -> tuple[Registration, str] | None:
    """The registration and point in time ("exit", "weeks_4", "months_6") of
    a follow-up question's link, or ``None`` as for
    ``registration_from_token``."""
    read = _token_read(token)
    if read is None or read[1] not in FOLLOW_UPS:
        return None
    point = FOLLOW_UPS[read[1]]
    # A day more than the question is open: one asked in its last minutes
    # (the event's day ended early) can still be answered.
    days = FollowUp.DAYS_AFTER[point] + FollowUp.OPEN_DAYS + 1
    registration = _registration_live(read[0], days=days)
    return None if registration is None else (registration, point)


def follow_up_url(registration: Registration, point: str, answer: str = "") -> str:
    """The absolute link that answers the follow-up question at ``point``;
    with ``answer``, that answer is chosen on the page already."""
    token = registration_token(registration, f"follow_up_{point}")
    path = reverse("applicants:follow_up", kwargs={"token": token})
    return f"{settings.SITE_URL}{path}" + (f"?answer={answer}" if answer else "")


def registration_personal_url(registration: Registration) -> str:
    """The absolute personal link, for e-mails, SMS and the confirmation page."""
    path = reverse("applicants:personal", kwargs={"token": registration_token(registration)})
    return f"{settings.SITE_URL}{path}"


def reply_url(registration: Registration, answer: str) -> str:
    """The absolute link that answers a reminder with "coming" or "not_coming"."""
    path = reverse("applicants:reply", kwargs={"token": registration_token(registration, answer)})
    return f"{settings.SITE_URL}{path}"
