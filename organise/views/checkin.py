"""Check-in at the door, on a phone: find by name or by the QR code's code,
one tap marks present."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants import selectors
from applicants.services.attendance import registration_check_in
from organise.permissions import event_for_organiser, organiser_required
from organise.views.common import is_htmx


@organiser_required
def checkin(request, pk):
    event = event_for_organiser(request, pk)
    query, code = request.GET.get("q", "").strip(), request.GET.get("code", "").strip()
    found, code_unknown = selectors.checkin_search(event=event, query=query), False
    if code:
        by_code = selectors.registration_for_code(event=event, code=code)
        found, code_unknown = ([by_code] if by_code else []), by_code is None
    context = {
        "event": event,
        "query": query,
        "code": code,
        "found": found,
        "code_unknown": code_unknown,
        "counts": selectors.checkin_counts(event=event),
    }
    template = "organise/checkin_results.html" if is_htmx(request) else "organise/checkin.html"
    return render(request, template, context)


@organiser_required
def checkin_counts(request, pk):
    """The present / expected line, polled by the check-in page so that
    several phones at the door see each other's taps."""
    event = event_for_organiser(request, pk)
    context = {"event": event, "counts": selectors.checkin_counts(event=event)}
    return render(request, "organise/includes/checkin_counts.html", context)


@organiser_required
@require_POST
def checkin_mark(request, pk, registration_pk):
    event = event_for_organiser(request, pk)
    registration = get_object_or_404(
        event.registrations.select_related("applicant"), pk=registration_pk
    )
    refused = None
    try:
        registration = registration_check_in(registration=registration)
    except ValidationError as error:
        refused = " ".join(error.messages)
    if is_htmx(request):
        context = {
            "event": event,
            "registration": registration,
            "refused": refused,
            "counts": selectors.checkin_counts(event=event),
        }
        return render(request, "organise/checkin_marked.html", context)
    if refused:
        messages.error(request, refused)
    else:
        messages.success(request, _("%(name)s is present.") % {"name": registration.applicant})
    back = urlencode({"q": request.POST.get("q", "")})
    return redirect(reverse("organise:checkin", kwargs={"pk": event.pk}) + "?" + back)
