"""Messages of an event: the log, sending a failure again, and free messages
to a group with their progress."""

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.services.notices import free_message_send
from messaging import selectors, services
from messaging.models import Batch, Message
from organise.forms import FreeMessageForm
from organise.permissions import event_for_organiser, organiser_required
from organise.views.common import PAGE_SIZE, is_htmx


@organiser_required
def message_log(request, pk):
    event = event_for_organiser(request, pk)
    status = request.GET.get("status", "")
    found = selectors.messages_for_event(event=event, status=status)
    context = {
        "event": event,
        "page": Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")),
        "status": status,
        "statuses": Message.Status.choices,
        "batches": event.message_batches.all()[:10],
    }
    return render(request, "organise/messages/log.html", context)


@organiser_required
@require_POST
def message_retry(request, pk, message_pk):
    event = event_for_organiser(request, pk)
    message = get_object_or_404(Message, event=event, pk=message_pk)
    if services.message_retry(message=message):
        flash.success(request, _("The message is being sent again."))
    return redirect("organise:message_log", pk=event.pk)


@organiser_required
def message_write(request, pk):
    event = event_for_organiser(request, pk)
    form = FreeMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = free_message_send(
            event=event,
            statuses=form.statuses(),
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            created_by=request.user,
            form_token=form.cleaned_data["once"],
        )
        return redirect("organise:batch", pk=event.pk, batch_pk=batch.pk)
    return render(request, "organise/messages/free_message.html", {"event": event, "form": form})


@organiser_required
@require_POST
def batch_retry(request, pk, batch_pk):
    event = event_for_organiser(request, pk)
    batch = get_object_or_404(Batch, event=event, pk=batch_pk)
    count = services.batch_retry_failed(batch=batch)
    flash.success(request, _("%(count)d messages are being sent again.") % {"count": count})
    return redirect("organise:batch", pk=event.pk, batch_pk=batch.pk)


@organiser_required
def batch_detail(request, pk, batch_pk):
    event = event_for_organiser(request, pk)
    batch = get_object_or_404(Batch, event=event, pk=batch_pk)
    context = {"event": event, "batch": batch, "progress": selectors.batch_progress(batch=batch)}
    template = (
        "organise/messages/batch_progress.html"
        if is_htmx(request)
        else "organise/messages/batch.html"
    )
    return render(request, template, context)
