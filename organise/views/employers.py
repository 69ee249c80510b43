"""Employers' requests to attend an event: approve with a table, or decline."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers import selectors, services
from employers.models import Participation
from organise import forms
from organise.permissions import event_for_organiser, organiser_required


@organiser_required
def participations(request, pk):
    event = event_for_organiser(request, pk)
    context = {"event": event, "participations": selectors.participations_for_event(event=event)}
    return render(request, "organise/participations.html", context)


@organiser_required
@require_POST
def participation_decide(request, pk, participation_pk):
    event = event_for_organiser(request, pk)
    participation = get_object_or_404(
        event.participations.select_related("employer", "event"), pk=participation_pk
    )
    form = forms.ParticipationDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or decline."))
        return redirect("organise:participations", pk=event.pk)
    try:
        if form.cleaned_data["decision"] == Participation.Status.APPROVED:
            participation = services.participation_approve(
                participation=participation,
                table=form.cleaned_data["table"],
                decided_by=request.user,
            )
        else:
            participation = services.participation_decline(
                participation=participation, decided_by=request.user
            )
    except services.ParticipationNotAllowed:
        messages.error(request, _("The employer has withdrawn the request."))
    else:
        messages.success(
            request,
            _("%(employer)s: %(status)s.")
            % {"employer": participation.employer, "status": participation.get_status_display()},
        )
    return redirect("organise:participations", pk=event.pk)
