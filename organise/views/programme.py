"""An event's programme: sessions and their slots."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.services import programme
from events import services as event_services
from events.models import Session, Slot
from organise import forms
from organise.permissions import event_for_organiser, organiser_required
from organise.views.common import add_errors, to_programme


def _session_form(request, event, session):
    form = forms.SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            event_services.session_save(session=form.instance)
        except ValidationError as error:
            add_errors(form, error, "room")
        else:
            messages.success(request, _("The session is saved."))
            return to_programme(event)
    context = {"event": event, "form": form, "session": session}
    return render(request, "organise/session_form.html", context)


@organiser_required
def session_create(request, pk):
    event = event_for_organiser(request, pk)
    return _session_form(request, event, Session(event=event))


@organiser_required
def session_edit(request, pk, session_pk):
    event = event_for_organiser(request, pk)
    return _session_form(request, event, get_object_or_404(event.sessions, pk=session_pk))


@organiser_required
def session_cancel(request, pk, session_pk):
    event = event_for_organiser(request, pk)
    session = get_object_or_404(event.sessions, pk=session_pk, cancelled_at__isnull=True)
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        notified = programme.session_cancel(session=session, message=form.cleaned_data["message"])
        messages.success(
            request,
            _("The session is cancelled. %(count)d applicants are being notified.")
            % {"count": notified},
        )
        return to_programme(event)
    context = {"event": event, "session": session, "form": form}
    return render(request, "organise/session_cancel.html", context)


@organiser_required
@require_POST
def session_delete(request, pk, session_pk):
    event = event_for_organiser(request, pk)
    session = get_object_or_404(event.sessions, pk=session_pk)
    try:
        programme.session_delete(session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session is removed."))
    return to_programme(event)


@organiser_required
def slots_create(request, pk, session_pk):
    event = event_for_organiser(request, pk)
    session = get_object_or_404(event.sessions, pk=session_pk)
    form = forms.SlotSeriesForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            slots = event_services.slots_create(session=session, series=form.series())
        except ValidationError as error:
            add_errors(form, error, "first_start")
        else:
            messages.success(request, _("%(count)d slots created.") % {"count": len(slots)})
            return to_programme(event)
    context = {"event": event, "session": session, "form": form}
    return render(request, "organise/slots_form.html", context)


@organiser_required
def slot_edit(request, pk, slot_pk):
    event = event_for_organiser(request, pk)
    slot = get_object_or_404(
        Slot.objects.select_related("session"), session__event=event, pk=slot_pk
    )
    form = forms.SlotForm(request.POST or None, instance=Slot.objects.get(pk=slot.pk))
    if request.method == "POST" and form.is_valid():
        try:
            programme.slot_change(slot=slot, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error, "starts_at")
        else:
            messages.success(request, _("The slot is saved."))
            return to_programme(event)
    context = {"event": event, "session": slot.session, "slot": slot, "form": form}
    return render(request, "organise/slot_form.html", context)


@organiser_required
@require_POST
def slot_delete(request, pk, slot_pk):
    event = event_for_organiser(request, pk)
    slot = get_object_or_404(Slot, session__event=event, pk=slot_pk)
    try:
        programme.slot_delete(slot=slot)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The slot is removed."))
    return to_programme(event)
