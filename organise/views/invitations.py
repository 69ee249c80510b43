"""Inviting people from a CSV (preview first, then all or nothing) and
printable invitation letters."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.models import Registration
from applicants.selectors import event_registrations
from applicants.services.invitations import applicants_invite
from applicants.tokens import registration_token
from meetings.selectors import published_talks_of
from organise import forms, imports
from organise.permissions import event_for_organiser, organiser_required
from organise.views.common import add_errors

# A print run beyond this is better split by filters (trade, language).
LETTERS_MAX = 500


def _invite_preview(request, event, content: bytes, upload_form, confirm_form=None):
    try:
        rows = imports.invitation_rows_parse(event=event, content=content)
    except ValidationError as error:
        add_errors(upload_form, error, "file")
        rows = []
    has_errors = any(row.errors for row in rows)
    if not rows or has_errors:
        confirm_form = None
    elif confirm_form is None:
        confirm_form = forms.InviteConfirmForm(
            initial={"payload": forms.InviteConfirmForm.sign(content)}
        )
    context = {
        "event": event,
        "form": upload_form,
        "rows": rows,
        "has_errors": has_errors,
        "confirm_form": confirm_form,
    }
    return render(request, "organise/invite.html", context)


@organiser_required
def invite(request, pk):
    """Upload a CSV; see every row checked before anything is saved."""
    event = event_for_organiser(request, pk)
    form = forms.InviteUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _invite_preview(request, event, form.cleaned_data["file"], form)
    return render(request, "organise/invite.html", {"event": event, "form": form})


@organiser_required
@require_POST
def invite_confirm(request, pk):
    event = event_for_organiser(request, pk)
    form = forms.InviteConfirmForm(request.POST)
    if not form.is_valid():
        if "payload" in form.errors:
            messages.error(request, " ".join(form.errors["payload"]))
            return redirect("organise:invite", pk=event.pk)
        content = form.cleaned_data["payload"]
        return _invite_preview(request, event, content, forms.InviteUploadForm(), form)
    try:
        rows = imports.invitation_rows_parse(event=event, content=form.cleaned_data["payload"])
        batch = applicants_invite(event=event, rows=rows, invited_by=request.user)
    except ValidationError:
        # Someone registered in the meantime: show the fresh check.
        return _invite_preview(
            request, event, form.cleaned_data["payload"], forms.InviteUploadForm()
        )
    messages.success(
        request,
        _("%(count)d people invited; the invitations are being sent.") % {"count": batch.total},
    )
    return redirect("organise:registrations", pk=event.pk)


@organiser_required
def letters(request, pk):
    """Printable invitation letters, one A4 page each, for the registrations
    the list's filters select (or the ones named by ``registration``)."""
    event = event_for_organiser(request, pk)
    filter_form = forms.RegistrationFilterForm(request.GET or None)
    chosen = event_registrations(event=event, **filter_form.filters()).exclude(
        status=Registration.Status.CANCELLED
    )
    ids = [value for value in request.GET.getlist("registration") if value.isdigit()]
    if ids:
        chosen = chosen.filter(pk__in=ids)
    chosen = list(chosen[:LETTERS_MAX])
    talks = published_talks_of(registrations=chosen)
    for registration in chosen:
        registration.qr_token = registration_token(registration, "badge")
        registration.planned_talks = talks.get(registration.pk, [])
    return render(request, "organise/letters.html", {"event": event, "letters": chosen})
