"""Organisers' pages for messages: the log of an event, retrying failures,
and free messages to a group with their progress."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.models import Applicant
from events.models import Event
from events.selectors import events_for_organiser
from messaging import selectors, services
from messaging.forms import FreeMessageForm
from messaging.models import Batch, Message


def _get_event_for_organiser(request, pk) -> Event:
    return get_object_or_404(events_for_organiser(user=request.user), pk=pk)


@login_required
def message_log(request, event_pk):
    event = _get_event_for_organiser(request, event_pk)
    status = request.GET.get("status", "")
    messages = selectors.messages_for_event(event=event, status=status)
    page = Paginator(messages, 50).get_page(request.GET.get("page"))
    context = {
        "event": event,
        "page": page,
        "status": status,
        "statuses": Message.Status.choices,
        "batches": event.message_batches.all()[:10],
    }
    return render(request, "messaging/organiser/log.html", context)


@login_required
@require_POST
def message_retry(request, event_pk, pk):
    event = _get_event_for_organiser(request, event_pk)
    message = get_object_or_404(Message, event=event, pk=pk)
    if services.message_retry(message=message):
        flash.success(request, _("The message is being sent again."))
    return redirect("messaging:log", event_pk=event.pk)


@login_required
def free_message(request, event_pk):
    event = _get_event_for_organiser(request, event_pk)
    form = FreeMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        applicants = Applicant.objects.filter(
            registrations__event=event, registrations__status__in=form.statuses()
        ).distinct()
        batch = services.batch_send(
            event=event,
            kind="free_message",
            applicants=applicants,
            context={"subject": form.cleaned_data["subject"], "body": form.cleaned_data["body"]},
            created_by=request.user,
        )
        return redirect("messaging:batch", event_pk=event.pk, pk=batch.pk)
    return render(request, "messaging/organiser/free_message.html", {"event": event, "form": form})


@login_required
def batch_detail(request, event_pk, pk):
    event = _get_event_for_organiser(request, event_pk)
    batch = get_object_or_404(Batch, event=event, pk=pk)
    context = {"event": event, "batch": batch, "progress": selectors.batch_progress(batch=batch)}
    template = (
        "messaging/organiser/batch_progress.html"
        if request.headers.get("HX-Request")
        else "messaging/organiser/batch.html"
    )
    return render(request, template, context)
