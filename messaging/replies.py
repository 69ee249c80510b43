"""Answers to reminders: "I am coming" and "I cannot come", from links in the
message. The links carry a signed token; the page asks for one tap on a
button (a POST), so that mail scanners following links change nothing."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from applicants.models import Booking, Registration
from applicants.services import booking_cancel
from messaging.models import Reply

SALT = "messaging.reply"
# The links stay valid well past any event they remind of, not forever.
MAX_AGE = 60 * 60 * 24 * 90


def reply_token(registration: Registration, answer: str) -> str:
    return signing.dumps({"r": registration.pk, "a": answer}, salt=SALT)


def reply_url(registration: Registration, answer: str) -> str:
    return settings.SITE_URL + reverse("messaging:reply", args=[reply_token(registration, answer)])


def reply_from_token(token: str) -> tuple[Registration, str]:
    """The registration and answer a token stands for; raises
    ``signing.BadSignature`` (or ``Registration.DoesNotExist``) otherwise."""
    data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    answer = data["a"]
    if answer not in Reply.Answer.values:
        raise signing.BadSignature("unknown answer")
    registration = Registration.objects.select_related("event", "applicant").get(pk=data["r"])
    return registration, answer


@transaction.atomic
def reply_record(*, registration: Registration, answer: str) -> Reply:
    """Record the answer; "I cannot come" cancels the registration at once and
    its places go to the waiting lists."""
    reply, _ = Reply.objects.update_or_create(
        registration=registration, defaults={"answer": answer}
    )
    if answer == Reply.Answer.NOT_COMING and registration.status != Registration.Status.CANCELLED:
        for booking in registration.bookings.exclude(status=Booking.Status.CANCELLED):
            booking_cancel(booking=booking)
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
    return reply
