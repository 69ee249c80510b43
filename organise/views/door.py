"""The door when the venue's network fails: the list a device at the door
downloads, the queue it sends back when online again, and the conflicts
that leaves for staff (rules in ``applicants.door`` and
``applicants.services.door``)."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applicants import door
from applicants.models import DoorCheckIn
from applicants.services.door import DoorItem, door_conflict_resolve, door_sync
from events.models import Event
from organise.forms import DoorItemForm, DoorWalkInForm
from organise.permissions import event_for_organiser, organiser_required

# A device's queue after a long outage at a big fair, and then some.
ITEMS_MAX = 1000


def _errors(form: forms.Form) -> dict[str, list[str]]:
    return {field: [str(message) for message in errors] for field, errors in form.errors.items()}


def _item_read(data, *, event: Event) -> tuple[DoorItem | None, dict]:
    """The item, or what is wrong with it, by field."""
    if not isinstance(data, dict):
        return None, {NON_FIELD_ERRORS: [_("Each item must be a JSON object.")]}
    form = DoorItemForm(data)
    if not form.is_valid():
        return None, _errors(form)
    item = form.cleaned_data
    walk_in = None
    if item["kind"] == DoorCheckIn.Kind.WALK_IN:
        person = data.get("person")
        if not isinstance(person, dict):
            return None, {"person": [_("A walk-in needs the person's details.")]}
        walk_in_form = DoorWalkInForm(person, event=event)
        if not walk_in_form.is_valid():
            return None, {"person": _errors(walk_in_form)}
        walk_in = walk_in_form.walk_in()
    return DoorItem(
        client_id=item["client_id"],
        kind=item["kind"],
        recorded_at=item["recorded_at"],
        registration=item["registration"],
        code=item["code"],
        walk_in=walk_in,
    ), {}


def _items_read(body: bytes, *, event: Event) -> tuple[list[DoorItem], list[dict]]:
    """The queue a device sent, or its errors: item by item, with the item's
    place in the queue and its id, so that the device can show them."""
    try:
        items = json.loads(body).get("items")
    except (ValueError, AttributeError):
        items = None
    if not isinstance(items, list) or len(items) > ITEMS_MAX:
        message = _('Send a JSON object with a list "items" of at most %(count)s items.')
        return [], [{"index": None, "errors": {NON_FIELD_ERRORS: [message % {"count": ITEMS_MAX}]}}]
    read, errors = [], []
    for index, data in enumerate(items):
        item, item_errors = _item_read(data, event=event)
        if item_errors:
            client_id = data.get("client_id") if isinstance(data, dict) else None
            errors.append({"index": index, "client_id": client_id, "errors": item_errors})
        read.append(item)
    return read, errors


@organiser_required
@require_GET
def door_data(request, pk):
    """The door list, for a device to keep while the network holds."""
    event = event_for_organiser(request, pk)
    response = JsonResponse(door.door_list(event=event))
    # Names of people: never kept in a cache on the way or in the browser's.
    response["Cache-Control"] = "no-store"
    return response


@organiser_required
@require_POST
def door_sync_view(request, pk):
    """A device's queue: all applied, or (one item wrong) none, with 400."""
    event = event_for_organiser(request, pk)
    items, errors = _items_read(request.body, event=event)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    results = door_sync(event=event, items=items, entered_by=request.user)
    return JsonResponse({"results": results})


@organiser_required
def door_conflicts(request, pk):
    event = event_for_organiser(request, pk)
    context = {"event": event, "conflicts": door.door_conflicts(event=event)}
    return render(request, "organise/door_conflicts.html", context)


@organiser_required
@require_POST
def door_conflict_resolved(request, pk, conflict_pk):
    event = event_for_organiser(request, pk)
    conflict = get_object_or_404(
        event.door_check_ins.filter(outcome=DoorCheckIn.Outcome.CONFLICT_CANCELLED), pk=conflict_pk
    )
    door_conflict_resolve(door_check_in=conflict, resolved_by=request.user)
    messages.success(request, _("Marked as resolved."))
    return redirect("organise:door_conflicts", pk=event.pk)
