"""Who may use the applicants' pages, and how often.

Pages behind an applicant's personal link: the link is the key.

The public forms are limited per contact and against floods per address
(``jobfair.spam``): groups sign up from one address (a class in a computer
room, a shelter's Wi-Fi, phones behind a mobile carrier's NAT), so an address
alone says little about who is behind it.
"""

import functools

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from applicants.tokens import registration_from_token
from jobfair.spam import contacts_limit_spend

SIGN_UP_SCOPE = "applicants-sign-up"
# Sign-up forms per address in 10 minutes: only a flood reaches this. A class
# of 30 with a few mistakes sends about 50; 600 is one a second for ten
# minutes, room for many groups behind one mobile carrier's address at once.
SIGN_UP_CEILING = {"limit": 600, "period": 600}
# Sign-ups per e-mail address and per mobile number for one event in an hour.
# Each sends a message to that contact (the first one the confirmation, every
# further one the personal link again): the first sign-up and a few tries of
# someone who cannot find our message, but nobody's inbox filled by a stranger.
SIGN_UP_CONTACT_LIMIT = {"limit": 5, "period": 3600}

LINK_REQUEST_SCOPE = "applicants-link-request"
# Link requests per address in 10 minutes: at the entrance on the fair day
# many people ask for their link over the venue's Wi-Fi.
LINK_REQUEST_CEILING = {"limit": 300, "period": 600}
# Link requests per e-mail address and per mobile number in an hour: each
# sends every current personal link of that contact again.
LINK_REQUEST_CONTACT_LIMIT = {"limit": 3, "period": 3600}

PERSONAL_LIMIT = {"limit": 60, "period": 600}

CONTACT_TOO_MANY = {
    "email": _(
        "We have had many requests with this e-mail address in the last hour. Please "
        "look for our e-mail (also in the spam folder) or try again later."
    ),
    "phone": _(
        "We have had many requests with this mobile number in the last hour. Please "
        "look for our text message or try again later."
    ),
}


def contacts_refusal(form: forms.Form, *, scope: str, limit: int, period: int) -> str | None:
    """Count one attempt against the e-mail address and the mobile number of a
    valid form; what to tell the person when one of them is over ``limit`` per
    ``period`` seconds (None: go ahead)."""
    phone = form.cleaned_data.get("phone") or ""
    contacts = {
        "email": form.cleaned_data.get("email") or "",
        "phone": getattr(phone, "as_e164", phone),
    }
    over = contacts_limit_spend(scope=scope, contacts=contacts, limit=limit, period=period)
    return CONTACT_TOO_MANY[over[0]] if over else None


def personal_link_required(view):
    """Resolve the token of the address to the registration, or answer with
    a page that explains what to do with a broken link (404)."""

    @functools.wraps(view)
    def wrapper(request, token, *args, **kwargs):
        registration = registration_from_token(token)
        if registration is None:
            return render(request, "applicants/link_invalid.html", status=404)
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            # Opened from a message on a new device: speak the language the
            # applicant chose, not the browser's.
            translation.activate(registration.applicant.language)
            request.LANGUAGE_CODE = registration.applicant.language
        return view(request, registration, *args, token=token, **kwargs)

    return wrapper
