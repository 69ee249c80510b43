"""Pages behind an applicant's personal link: the link is the key."""

import functools

from django.conf import settings
from django.shortcuts import render
from django.utils import translation

from applicants.tokens import registration_from_token

SIGN_UP_LIMIT = {"limit": 30, "period": 600}
PERSONAL_LIMIT = {"limit": 60, "period": 600}


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
