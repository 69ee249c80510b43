import functools

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers import selectors, services
from employers.forms import (
    EmployerForm,
    ParticipationForm,
    PositionFilterForm,
    PositionForm,
    RegistrationForm,
    SignInRequestForm,
)
from employers.models import Participation, Position
from employers.sign_in import (
    SIGN_IN_LINK_MAX_AGE,
    SignInLinkError,
    SignInLinkExpired,
    SignInLinkUsed,
    sign_in_token_check,
)
from events.selectors import event_public_programme
from jobfair.spam import rate_limited

POSITIONS_PER_PAGE = 20


# Access: every page of an employer's own data goes through these helpers, so
# the queries are scoped to the signed-in employer and other ids give 404.


def employer_required(view):
    """Signed-in employers only; others are sent to the sign-in page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("employers:sign_in")
        employer = selectors.employer_for_user(user=request.user)
        if employer is None:
            raise PermissionDenied
        request.employer = employer
        return view(request, *args, **kwargs)

    return wrapper


def _get_position(request, pk) -> Position:
    return get_object_or_404(Position, pk=pk, employer=request.employer)


def _get_participation(request, pk) -> Participation:
    return get_object_or_404(
        Participation.objects.select_related("event", "event__venue"),
        pk=pk,
        employer=request.employer,
    )


# Public pages


@rate_limited(scope="employer-register", limit=10, period=600)
def register(request):
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.employer_register(data=form.employer_data())
        except services.EmployerAlreadyRegistered as exc:
            # Registered at the same moment by someone else: the form's own
            # check came a little too early.
            form.add_error(None, exc)
        else:
            login(request, employer.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome! Your company is registered; we sent a confirmation to %(email)s.")
                % {"email": employer.email},
            )
            return redirect("employers:company")
    return render(request, "employers/register.html", {"form": form})


@rate_limited(scope="employer-sign-in", limit=5, period=600)
def sign_in(request):
    form = SignInRequestForm(request.POST or None, initial={"email": request.GET.get("email")})
    if request.method == "POST" and form.is_valid():
        services.sign_in_link_send(email=form.cleaned_data["email"])
        return render(
            request,
            "employers/sign_in_sent.html",
            {"email": form.cleaned_data["email"], "minutes": SIGN_IN_LINK_MAX_AGE // 60},
        )
    return render(request, "employers/sign_in.html", {"form": form})


@rate_limited(scope="employer-sign-in-link", limit=20, period=600)
def sign_in_link(request, token):
    """GET shows a button, POST signs in: see employers/sign_in.py."""
    try:
        user = sign_in_token_check(token=token)
    except SignInLinkError as exc:
        if isinstance(exc, SignInLinkExpired):
            reason = _("This sign-in link has expired.")
        elif isinstance(exc, SignInLinkUsed):
            reason = _("This sign-in link has been used already.")
        else:
            reason = _("This sign-in link is not valid.")
        context = {"reason": reason, "form": SignInRequestForm()}
        return render(request, "employers/sign_in_refused.html", context, status=400)
    if request.method == "POST":
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("employers:company")
    return render(request, "employers/sign_in_confirm.html", {"employer": user.employer})


@require_POST
def sign_out(request):
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("events:home")


def positions_public(request):
    form = PositionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    positions = selectors.positions_public_list(
        trade=filters.get("trade"),
        kind=filters.get("kind", ""),
        german_level=filters.get("german_level", ""),
    )
    page = Paginator(positions, POSITIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "employers/positions_public.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


# The employer's own pages


@employer_required
def company(request):
    employer = request.employer
    participations = list(selectors.employer_participations(employer=employer))
    asked = {participation.event_id for participation in participations}
    events = [e for e in selectors.events_open_for_employers() if e.pk not in asked]
    context = {
        "employer": employer,
        "positions": selectors.employer_positions(employer=employer),
        "participations": participations,
        "events": events,
    }
    return render(request, "employers/company.html", context)


@employer_required
def company_edit(request):
    form = EmployerForm(request.POST or None, instance=request.employer)
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_update(employer=request.employer, data=form.employer_data())
        except services.EmployerAlreadyRegistered as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your company's details are saved."))
            return redirect("employers:company")
    return render(request, "employers/company_edit.html", {"form": form})


@employer_required
def position_create(request):
    form = PositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        position = services.position_create(employer=request.employer, **form.cleaned_data)
        messages.success(request, _("The position “%(title)s” is listed.") % {"title": position})
        return redirect("employers:company")
    return render(request, "employers/position_form.html", {"form": form, "position": None})


@employer_required
def position_edit(request, pk):
    position = _get_position(request, pk)
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        services.position_update(position=position, **form.cleaned_data)
        messages.success(request, _("The position is saved."))
        return redirect("employers:company")
    return render(request, "employers/position_form.html", {"form": form, "position": position})


@require_POST
@employer_required
def position_close(request, pk):
    position = services.position_close(position=_get_position(request, pk))
    messages.success(request, _("“%(title)s” is closed.") % {"title": position.title})
    return redirect("employers:company")


@require_POST
@employer_required
def position_reopen(request, pk):
    position = services.position_reopen(position=_get_position(request, pk))
    messages.success(request, _("“%(title)s” is open again.") % {"title": position.title})
    return redirect("employers:company")


@employer_required
def participation_request(request, slug):
    event = get_object_or_404(selectors.events_open_for_employers(), slug=slug)
    participation = request.employer.participations.filter(event=event).first()
    if participation is not None and participation.status in {
        Participation.Status.APPROVED,
        Participation.Status.DECLINED,
    }:
        return redirect("employers:participation_detail", pk=participation.pk)
    form = ParticipationForm(
        request.POST or None, employer=request.employer, participation=participation
    )
    if request.method == "POST" and form.is_valid():
        participation = services.participation_request(
            employer=request.employer, event=event, **form.cleaned_data
        )
        messages.success(request, _("Thank you! The organisers will answer your request."))
        return redirect("employers:participation_detail", pk=participation.pk)
    return render(request, "employers/participation_form.html", {"form": form, "event": event})


@employer_required
def participation_detail(request, pk):
    participation = _get_participation(request, pk)
    approved = participation.status == Participation.Status.APPROVED
    context = {
        "participation": participation,
        "event": participation.event,
        "positions": participation.positions.select_related("trade"),
        "sessions": event_public_programme(event=participation.event) if approved else [],
        "can_change": participation.status
        in {Participation.Status.PENDING, Participation.Status.WITHDRAWN}
        and services.event_open_for_employers(event=participation.event),
        "can_withdraw": participation.can_withdraw,
    }
    return render(request, "employers/participation_detail.html", context)


@require_POST
@employer_required
def participation_withdraw(request, pk):
    participation = _get_participation(request, pk)
    try:
        services.participation_withdraw(participation=participation)
    except services.ParticipationNotAllowed:
        messages.error(request, _("This request can no longer be withdrawn."))
    else:
        messages.success(
            request, _("You have withdrawn from “%(event)s”.") % {"event": participation.event}
        )
    return redirect("employers:participation_detail", pk=participation.pk)
