"""The check-in app for weak networks: one page per event that a phone at
the door installs, keeps (its service worker) and runs without network,
deciding each scan from the door list it downloaded (``applicants.door``)
and sending what it recorded when the network is back (``door.door_sync``).
"""

import json

from django import forms
from django.core.validators import EmailValidator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from applicants.models import Registration
from jobfair.offline import offline_manifest, offline_worker
from organise.forms import DoorWalkInForm
from organise.permissions import event_for_organiser, organiser_required


def _strings() -> dict[str, str]:
    """What the app's script says, translated here: the page carries it."""
    return {
        "valid": _("Checked in: %(name)s"),
        "already": _("Already checked in: %(name)s"),
        "cancelled": _("Cancelled: %(name)s. Do not let in: send to the desk."),
        "unknown": _("Not on the list. Check the code, or find the person by name."),
        "listFrom": _("List from %(time)s"),
        "noList": _("No list on this device yet: it is downloaded when the network works."),
        "online": _("Online"),
        "offline": _("Offline"),
        "waiting": _("Waiting to be sent: check-ins %(check_ins)s, walk-ins %(walk_ins)s"),
        "allSent": _("Everything is sent."),
        "walkInNoted": _("Walk-in noted: %(name)s. Registered when the network works."),
        "syncAlready": _("%(name)s was already checked in at another device."),
        "syncCancelled": _("%(name)s was cancelled: see conflicts."),
        "syncUnknown": _("%(name)s was not found on the server."),
        "syncDuplicate": _("%(name)s was registered already and is now checked in."),
        "refused": _("Could not be sent: %(name)s. Register them on the check-in page."),
        "removed": _("The list is removed from this device."),
        "signOutOffline": _(
            "The list is removed from this device. Signing out needs the network:"
            " it happens as soon as the network works."
        ),
        "nobody": _("Nobody found. Check the spelling, or try part of the name."),
        "checkIn": _("Check in"),
        "present": _("Present"),
        # Django's own words, as the forms everywhere else say them.
        "required": str(forms.Field.default_error_messages["required"]),
        "emailInvalid": str(EmailValidator.message),
        "contactNeeded": _("Enter an e-mail address or a mobile phone number."),
        "noCamera": _("The camera cannot be used. Type the code instead."),
        "scanning": _("Hold the QR code in front of the camera."),
        "statuses": {value: str(label) for value, label in Registration.Status.choices},
    }


@organiser_required
@require_safe
@never_cache
def door_app(request, pk):
    """The app's page: its service worker keeps a copy to open offline."""
    event = event_for_organiser(request, pk)
    form = DoorWalkInForm(event=event)
    context = {
        "event": event,
        # After this day the device removes the list (the event is over).
        "last_day": timezone.localdate(event.ends_at).isoformat(),
        "form": form,
        "contact_fields": [form[name] for name in ("first_name", "last_name", "email", "phone")],
        "strings": json.dumps(_strings()),
    }
    return render(request, "organise/door_app.html", context)


@organiser_required
@require_safe
def door_manifest(request, pk):
    """What makes the app installable: it opens on this event's page."""
    event = event_for_organiser(request, pk)
    return offline_manifest(
        name=f"{_('Check-in')} · {event.title}",
        short_name=_("Check-in"),
        start_url=reverse("organise:door_app", kwargs={"pk": event.pk}),
    )


@require_safe
def door_worker(request):
    """The service worker, served from /organise/ so that its scope covers
    the app's pages. It holds no data, only which files the app needs: open
    to everyone, checked for a new version at every visit."""
    return offline_worker(
        request,
        name="door",
        page="organise:door_app",
        scripts=["js/offline-pages.js", "js/door-app.js"],
    )
