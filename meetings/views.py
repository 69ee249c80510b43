"""Applicants' pages of the talks, behind their personal link."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from applicants.access import PERSONAL_LIMIT, personal_link_required
from applicants.models import Registration
from applicants.services.registrations import applicant_talk_profile_set
from jobfair.spam import rate_limited
from meetings import selectors, services
from meetings.forms import WishesForm
from meetings.models import TalkPlan


@rate_limited(scope="applicants-personal", **PERSONAL_LIMIT)
@personal_link_required
def wishes(request, registration, *, token):
    event = registration.event
    plan = TalkPlan.objects.filter(event=event).first()
    if plan is None or registration.status not in Registration.HOLDS_PLACE:
        return render(request, "meetings/no_talks.html", {"event": event}, status=404)
    choices = selectors.wish_choices(registration=registration)
    form = WishesForm(
        request.POST or None,
        participations=[choice.participation for choice in choices],
        current=selectors.registration_wish_levels(registration=registration),
        max_wishes=plan.max_wishes,
        initial={
            "talk_line": registration.applicant.talk_line,
            "talk_pool": registration.applicant.talk_pool,
        },
    )
    if plan.published_at is None and request.method == "POST" and form.is_valid():
        services.wishes_set(registration=registration, levels=form.levels())
        applicant_talk_profile_set(
            applicant=registration.applicant,
            talk_line=form.cleaned_data["talk_line"],
            talk_pool=form.cleaned_data["talk_pool"],
        )
        messages.success(request, _("Thank you! The employers see your wishes."))
        return redirect("applicants:personal", token=token)
    for choice in choices:
        choice.field = form[form.field_name(choice.participation)]
    return render(
        request,
        "meetings/wishes.html",
        {
            "event": event,
            "plan": plan,
            "form": form,
            "choices": choices,
            "token": token,
            "registration": registration,
        },
    )
