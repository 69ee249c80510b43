"""Interpreters' personal links: signed, with no account, as applicants' are."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from meetings.models import Interpreter

SALT = "meetings.interpreter"


def interpreter_token(interpreter: Interpreter) -> str:
    return signing.dumps(interpreter.pk, salt=SALT, compress=True)


def interpreter_from_token(token: str) -> Interpreter | None:
    """The interpreter a link was made for, or ``None`` when it was tampered
    with or the interpreter was removed."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return Interpreter.objects.select_related("event").filter(pk=pk).first()


def interpreter_plan_url(interpreter: Interpreter) -> str:
    path = reverse("meetings:interpreter_plan", kwargs={"token": interpreter_token(interpreter)})
    return settings.SITE_URL.rstrip("/") + path
