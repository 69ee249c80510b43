"""Who may use the back office, and the one way its views reach an event.

Every view is wrapped in ``organiser_required`` and gets its event through
``event_for_organiser``, which scopes the query by the user's organisations:
another organisation's event, or a session, slot or person of it, is a 404.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from events.models import Event
from events.selectors import events_for_organiser


def organiser_required(view):
    """Signed-in members of an organisation only: other accounts (employers)
    get 403, visitors the login page."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.organisations.exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def event_for_organiser(request, pk: int) -> Event:
    """The event with this id if one of the user's organisations runs it; 404 otherwise."""
    events = events_for_organiser(user=request.user).select_related("venue")
    return get_object_or_404(events, pk=pk)
