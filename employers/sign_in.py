"""Password-less sign-in for employers: a link sent by e-mail.

A small business owner signs in a few times a year; a password is one more
thing to forget. Instead they ask for a link, which carries a token:

- signed with ``SECRET_KEY`` (``django.core.signing``), so it cannot be forged;
- timestamped and refused after ``SIGN_IN_LINK_MAX_AGE`` seconds;
- single use: it names the user's ``last_login`` at the time it was made, and
  signing in changes ``last_login``. A used link (and any older link) then no
  longer matches and is refused. This is how Django's password-reset tokens
  expire, without a table of tokens to clean up.

Opening the link shows a button; only pressing it (a POST) signs in. Mail
scanners that open links in e-mails to check them therefore do not use the
link up before the person does.
"""

from django.contrib.auth import get_user_model
from django.core import signing

SIGN_IN_LINK_MAX_AGE = 30 * 60
_SALT = "employers.sign-in-link"


class SignInLinkError(Exception):
    """The link cannot sign anyone in."""


class SignInLinkInvalid(SignInLinkError):
    """Tampered with, truncated or made with another key."""


class SignInLinkExpired(SignInLinkError):
    """Older than ``SIGN_IN_LINK_MAX_AGE``."""


class SignInLinkUsed(SignInLinkError):
    """Used already, or a newer sign-in happened since it was made."""


def _login_stamp(user) -> str:
    return user.last_login.isoformat() if user.last_login else ""


def sign_in_token_make(*, user) -> str:
    return signing.dumps({"user": user.pk, "login": _login_stamp(user)}, salt=_SALT)


def sign_in_token_check(*, token: str):
    """The user the token signs in; raises a ``SignInLinkError`` otherwise."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=SIGN_IN_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise SignInLinkExpired from None
    except signing.BadSignature:
        raise SignInLinkInvalid from None
    user = (
        get_user_model()
        .objects.filter(pk=data.get("user"), is_active=True, employer__isnull=False)
        .first()
    )
    if user is None:
        raise SignInLinkInvalid
    if _login_stamp(user) != data.get("login"):
        raise SignInLinkUsed
    return user
