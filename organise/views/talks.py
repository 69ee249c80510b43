"""Talks between applicants and employers: the plan, the interpreters, the
demand, and the schedule made by a worker."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import selectors, services
from meetings.models import Interpreter, Talk, TalkPlan
from organise import forms
from organise.permissions import event_for_organiser, organiser_required
from organise.views.common import add_errors, is_htmx


def _refused(request, error: ValidationError):
    """A service's refusal, as a message on the page redirected to."""
    messages.error(request, " ".join(error.messages))


def _round_shown(request, *, now: int) -> int:
    """The round whose talks the page lists: the one asked for, else the
    next to start (``now``)."""
    try:
        return int(request.GET.get("round", ""))
    except ValueError:
        return now


def _page(request, event, *, plan_form=None, interpreter_form=None, talk_form=None, status=200):
    plan = TalkPlan.objects.filter(event=event).first()
    context = {"event": event, "plan": plan}
    context["plan_form"] = plan_form or forms.TalkPlanForm(instance=plan, event=event)
    if plan is not None:
        now = selectors.round_now(event=event)
        employers, languages = selectors.talk_demand(event=event)
        context |= {
            "employers": employers,
            "languages": languages,
            "interpreters": event.interpreters.all(),
            "interpreter_form": interpreter_form
            or forms.InterpreterForm(rounds=selectors.round_labels(plan)),
            "rounds": selectors.schedule_rounds(event=event, number=_round_shown(request, now=now)),
            "round_choices": selectors.round_labels(plan),
            "without_talk": selectors.schedule_without_talk(plan=plan),
            "talk_form": talk_form or forms.TalkAddForm(event=event),
            "free_places": selectors.free_talk_places(event=event, from_round=now),
        }
    return render(request, "organise/talks.html", context, status=status)


@organiser_required
def talks(request, pk):
    return _page(request, event_for_organiser(request, pk))


@organiser_required
@require_POST
def talk_plan(request, pk):
    event = event_for_organiser(request, pk)
    plan = TalkPlan.objects.filter(event=event).first()
    form = forms.TalkPlanForm(request.POST, instance=plan, event=event)
    if form.is_valid():
        try:
            services.talk_plan_save(event=event, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The talk plan is saved."))
            return redirect("organise:talks", pk=event.pk)
    return _page(request, event, plan_form=form, status=400)


@organiser_required
@require_POST
def interpreter_add(request, pk):
    event = event_for_organiser(request, pk)
    plan = get_object_or_404(TalkPlan, event=event)
    form = forms.InterpreterForm(request.POST, rounds=selectors.round_labels(plan))
    if form.is_valid():
        services.interpreter_save(event=event, **form.interpreter_fields())
        messages.success(request, _("The interpreter is added."))
        return redirect("organise:talks", pk=event.pk)
    return _page(request, event, interpreter_form=form, status=400)


@organiser_required
@require_POST
def interpreter_delete(request, pk, interpreter_pk):
    event = event_for_organiser(request, pk)
    get_object_or_404(Interpreter, event=event, pk=interpreter_pk).delete()
    messages.success(request, _("The interpreter is removed."))
    return redirect("organise:talks", pk=event.pk)


@organiser_required
@require_POST
def schedule_make(request, pk):
    event = event_for_organiser(request, pk)
    try:
        services.schedule_queue(event=event)
    except ValidationError as error:
        _refused(request, error)
    return redirect("organise:talks", pk=event.pk)


@organiser_required
def schedule_status(request, pk):
    event = event_for_organiser(request, pk)
    plan = get_object_or_404(TalkPlan, event=event)
    if not is_htmx(request):
        return redirect("organise:talks", pk=event.pk)
    return render(
        request,
        "organise/includes/talk_schedule.html",
        {
            "event": event,
            "plan": plan,
            "rounds": selectors.schedule_rounds(
                event=event,
                number=_round_shown(request, now=selectors.round_now(event=event)),
            ),
            "round_choices": selectors.round_labels(plan),
            "without_talk": selectors.schedule_without_talk(plan=plan),
        },
    )


@organiser_required
@require_POST
def schedule_publish(request, pk):
    event = event_for_organiser(request, pk)
    try:
        services.schedule_publish(event=event)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("The schedule is published. Everyone with a talk is being told.")
        )
    return redirect("organise:talks", pk=event.pk)


@organiser_required
@require_POST
def talk_add(request, pk):
    """Add a talk by hand, or give a walk-in the next free talk with an
    employer: the person's code for the entrance, then the employer."""
    event = event_for_organiser(request, pk)
    form = forms.TalkAddForm(request.POST, event=event)
    if not form.is_valid():
        return _page(request, event, talk_form=form, status=400)
    registration, participation = form.cleaned_data["code"], form.cleaned_data["employer"]
    try:
        if form.cleaned_data["round"] is None:
            talk = services.talk_next_free(
                registration=registration,
                participation=participation,
                from_round=selectors.round_now(event=event),
            )
        else:
            talk = services.talk_add(
                registration=registration,
                participation=participation,
                round=form.cleaned_data["round"],
            )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("%(name)s talks with %(employer)s at %(time)s.")
            % {
                "name": registration.applicant.full_name,
                "employer": participation.employer.name,
                "time": localtime(talk.event.talk_plan.round_times(talk.round)[0]).strftime(
                    "%H:%M"
                ),
            },
        )
    return redirect(reverse("organise:talks", kwargs={"pk": event.pk}) + "#day")


@organiser_required
@require_POST
def talk_change(request, pk, talk_pk):
    """Move a talk to another round, or take it out."""
    event = event_for_organiser(request, pk)
    talk = get_object_or_404(Talk.objects.select_related("event"), event=event, pk=talk_pk)
    try:
        if request.POST.get("round", "") == "":
            services.talk_remove(talk=talk)
            messages.success(request, _("The talk is taken out."))
        else:
            services.talk_move(talk=talk, round=int(request.POST["round"]))
            messages.success(request, _("The talk is moved."))
    except ValueError:
        messages.error(request, _("Choose a round."))
    except ValidationError as error:
        _refused(request, error)
    return redirect(reverse("organise:talks", kwargs={"pk": event.pk}) + "#schedule-heading")
