"""Answers to reminders: "I am coming" and "I cannot come", from links in the
message. The links carry a signed token; the page asks for one tap on a
button (a POST), so that mail scanners following links change nothing."""

from datetime import date

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

from applicants.models import Registration
from applicants.services import registration_cancel
from messaging.models import Reply

SALT = "messaging.reply"
# The links stay valid well past any event they remind of, not forever.
MAX_AGE_DAYS = 90
ANSWER_CODES = {"coming": "y", "not_coming": "n"}
EPOCH = date(2020, 1, 1)


def _signature(payload: str) -> str:
    # 80 bits of HMAC: short enough for an SMS, far beyond guessing online.
    return salted_hmac(SALT, payload).hexdigest()[:20]


def reply_token(registration: Registration, answer: str, *, today: date | None = None) -> str:
    """A compact signed token, short enough for an SMS: registration id,
    answer and day of issue, each in base 36, and their signature."""
    issued = ((today or timezone.localdate()) - EPOCH).days
    payload = f"{int_to_base36(registration.pk)}-{ANSWER_CODES[answer]}-{int_to_base36(issued)}"
    return f"{payload}-{_signature(payload)}"


def reply_url(registration: Registration, answer: str) -> str:
    return settings.SITE_URL + reverse("messaging:reply", args=[reply_token(registration, answer)])


def reply_from_token(token: str) -> tuple[Registration, str]:
    """The registration and answer a token stands for; raises ``BadSignature``
    for a forged, broken or expired token."""
    try:
        pk, code, issued, signature = token.split("-")
        answer = {v: k for k, v in ANSWER_CODES.items()}[code]
        age = (timezone.localdate() - EPOCH).days - base36_to_int(issued)
        registration_id = base36_to_int(pk)
    except (ValueError, KeyError) as exc:
        raise signing.BadSignature("malformed") from exc
    if not constant_time_compare(signature, _signature(f"{pk}-{code}-{issued}")):
        raise signing.BadSignature("signature")
    if not 0 <= age <= MAX_AGE_DAYS:
        raise signing.BadSignature("expired")
    try:
        registration = Registration.objects.select_related("event", "applicant").get(
            pk=registration_id
        )
    except Registration.DoesNotExist as exc:
        raise signing.BadSignature("unknown registration") from exc
    return registration, answer


@transaction.atomic
def reply_record(*, registration: Registration, answer: str) -> Reply:
    """Record the answer; "I cannot come" cancels the registration at once and
    its places go to the waiting lists."""
    reply, _ = Reply.objects.update_or_create(
        registration=registration, defaults={"answer": answer}
    )
    if answer == Reply.Answer.NOT_COMING:
        registration_cancel(registration=registration)
    return reply
