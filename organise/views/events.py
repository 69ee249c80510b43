"""The organiser's events: the dashboard, the event form, publishing,
closing and cancelling."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.selectors import event_counts
from applicants.services import programme
from events import selectors
from events import services as event_services
from organise import forms
from organise.permissions import event_for_organiser, organiser_required
from organise.selectors import events_dashboard
from organise.views.common import add_errors


@organiser_required
def dashboard(request):
    groups = events_dashboard(user=request.user)
    return render(request, "organise/dashboard.html", {"groups": groups})


def _event_form_save(form, event=None):
    """Create the venue if a new one was entered, then the event; None if the
    services refused it (the reasons are on the form)."""
    new_venue = form.new_venue()
    fields = form.event_fields()
    if new_venue:
        fields["venue"] = event_services.venue_get_or_create(**new_venue)
    organisations = list(form.cleaned_data["organisations"])
    try:
        if event is None:
            return event_services.event_create(organisations=organisations, **fields)
        return programme.event_change(event=event, organisations=organisations, **fields)
    except ValidationError as error:
        add_errors(form, error)
        return None


@organiser_required
def event_create(request):
    form = forms.EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = _event_form_save(form)
        if event is not None:
            messages.success(request, _("The event is saved as a draft. Now add its programme."))
            return redirect("organise:event_detail", pk=event.pk)
    return render(request, "organise/event_form.html", {"form": form})


@organiser_required
def event_edit(request, pk):
    event = event_for_organiser(request, pk)
    form = forms.EventForm(request.POST or None, instance=event, user=request.user)
    saved = request.method == "POST" and form.is_valid() and _event_form_save(form, event=event)
    if saved:
        messages.success(request, _("Your changes are saved."))
        return redirect("organise:event_detail", pk=event.pk)
    return render(request, "organise/event_form.html", {"form": form, "event": event})


@organiser_required
def event_detail(request, pk):
    event = event_for_organiser(request, pk)
    context = {
        "event": event,
        "sessions": selectors.event_organiser_programme(event=event),
        "counts": event_counts(event=event),
    }
    return render(request, "organise/event_detail.html", context)


def _status_change(request, pk, service, success_message):
    event = event_for_organiser(request, pk)
    try:
        service(event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success_message)
    return redirect("organise:event_detail", pk=event.pk)


@organiser_required
@require_POST
def event_publish(request, pk):
    return _status_change(
        request,
        pk,
        event_services.event_publish,
        _("The event is public and open for registration."),
    )


@organiser_required
@require_POST
def event_close(request, pk):
    return _status_change(
        request, pk, event_services.event_close_registration, _("Registration is closed.")
    )


@organiser_required
def event_cancel(request, pk):
    event = event_for_organiser(request, pk)
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notified = programme.event_cancel(event=event, message=form.cleaned_data["message"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The event is cancelled. %(count)d applicants are being notified.")
                % {"count": notified},
            )
            return redirect("organise:event_detail", pk=event.pk)
    return render(request, "organise/event_cancel.html", {"event": event, "form": form})
