"""Check-in at the door, on a phone: find by name or by the QR code's code,
one tap marks present. When the network fails too, a printed door list is
ticked by pen and its ticks are entered afterwards."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from applicants import selectors
from applicants.door import door_conflicts, door_paper_list
from applicants.models import Registration
from applicants.services.attendance import registration_check_in, registrations_check_in
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
        "door_conflicts": door_conflicts(event=event).count(),
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


def _door_context(*, event, **more) -> dict:
    people = door_paper_list(event=event)
    counts = {
        "places": sum(r.status in Registration.HOLDS_PLACE for r in people),
        "waiting": sum(r.status == Registration.Status.WAITLISTED for r in people),
        "present": sum(r.checked_in_at is not None for r in people),
    }
    return {"event": event, "people": people, "counts": counts, **more}


# The lists name everyone expected: the browser keeps no copy of them.
@never_cache
@organiser_required
def door_list(request, pk):
    """The door list to print before the doors open: the last way in when
    neither the check-in page nor the offline app works."""
    event = event_for_organiser(request, pk)
    return render(request, "organise/door_list.html", _door_context(event=event))


@never_cache
@organiser_required
@require_http_methods(["GET", "POST"])
def door_ticks(request, pk):
    """The door list as a form: the people ticked on paper are marked present
    (the time recorded is the time the ticks are entered)."""
    event = event_for_organiser(request, pk)
    if request.method == "POST":
        ids = [value for value in request.POST.getlist("registration") if value.isdigit()]
        if ids:
            ticked = event.registrations.select_related("applicant").filter(pk__in=ids)
            marked, already, refused = registrations_check_in(registrations=ticked.order_by("pk"))
            messages.success(
                request,
                ngettext(
                    "%(count)s person marked present.",
                    "%(count)s people marked present.",
                    marked,
                )
                % {"count": marked},
            )
            if already:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s ticked person was present already.",
                        "%(count)s ticked people were present already.",
                        already,
                    )
                    % {"count": already},
                )
            for refusal in refused:
                messages.error(request, refusal)
            return redirect("organise:door_ticks", pk=event.pk)
    context = _door_context(event=event, nothing_ticked=request.method == "POST")
    return render(request, "organise/door_ticks.html", context)
