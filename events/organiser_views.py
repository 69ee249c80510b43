"""The organisers' side: their events, programmes, people, check-in and reports.

Every view reaches its rows through ``_get_event_for_organiser``, which scopes
the query by the user's organisations: another organisation's event is a 404.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants import services as applicant_services
from applicants.models import Registration
from applicants.tokens import registration_token
from employers import selectors as employer_selectors
from employers import services as employer_services
from employers.models import Participation
from events import exports, forms, imports, selectors, services
from events.models import Event, Session, Slot

PAGE_SIZE = 50


def organiser_required(view):
    """Signed-in members of an organisation only: other accounts (employers)
    get 403, visitors the login page."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.organisations.exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _get_event_for_organiser(request, pk: int) -> Event:
    """The event with this id if one of the user's organisations runs it; 404 otherwise."""
    events = selectors.events_for_organiser(user=request.user).select_related("venue")
    return get_object_or_404(events, pk=pk)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _add_errors(form, error: ValidationError, field: str | None = None) -> None:
    for message in error.messages:
        form.add_error(field, message)


@organiser_required
def dashboard(request):
    groups = selectors.events_dashboard(user=request.user)
    return render(request, "events/organise/dashboard.html", {"groups": groups})


def _event_form_save(form, event=None):
    """Create the venue if a new one was entered, then the event; None if the
    services refused it (the reasons are on the form)."""
    new_venue = form.new_venue()
    fields = form.event_fields()
    if new_venue:
        fields["venue"] = services.venue_get_or_create(**new_venue)
    organisations = list(form.cleaned_data["organisations"])
    try:
        if event is None:
            return services.event_create(organisations=organisations, **fields)
        return services.event_update(event=event, organisations=organisations, **fields)
    except ValidationError as error:
        _add_errors(form, error)
        return None


@organiser_required
def event_create(request):
    form = forms.EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = _event_form_save(form)
        if event is not None:
            messages.success(request, _("The event is saved as a draft. Now add its programme."))
            return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/organise/event_form.html", {"form": form})


@login_required
def event_edit(request, pk):
    event = _get_event_for_organiser(request, pk)
    form = forms.EventForm(request.POST or None, instance=event, user=request.user)
    saved = request.method == "POST" and form.is_valid() and _event_form_save(form, event=event)
    if saved:
        messages.success(request, _("Your changes are saved."))
        return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/organise/event_form.html", {"form": form, "event": event})


@login_required
def event_detail(request, pk):
    event = _get_event_for_organiser(request, pk)
    context = {
        "event": event,
        "sessions": selectors.event_organiser_programme(event=event),
        "counts": selectors.checkin_counts(event=event),
    }
    return render(request, "events/organise/event_detail.html", context)


def _status_change(request, pk, service, success_message):
    event = _get_event_for_organiser(request, pk)
    try:
        service(event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success_message)
    return redirect("events:event_detail", pk=event.pk)


@login_required
@require_POST
def event_publish(request, pk):
    return _status_change(
        request, pk, services.event_publish, _("The event is public and open for registration.")
    )


@login_required
@require_POST
def event_close(request, pk):
    return _status_change(
        request, pk, services.event_close_registration, _("Registration is closed.")
    )


@login_required
def event_cancel(request, pk):
    event = _get_event_for_organiser(request, pk)
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notified = services.event_cancel(event=event, message=form.cleaned_data["message"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The event is cancelled. %(count)d applicants are being notified.")
                % {"count": notified},
            )
            return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/organise/event_cancel.html", {"event": event, "form": form})


@login_required
def session_cancel(request, pk, session_pk):
    event = _get_event_for_organiser(request, pk)
    session = get_object_or_404(event.sessions, pk=session_pk, cancelled_at__isnull=True)
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        notified = services.session_cancel(session=session, message=form.cleaned_data["message"])
        messages.success(
            request,
            _("The session is cancelled. %(count)d applicants are being notified.")
            % {"count": notified},
        )
        return redirect("events:event_detail", pk=event.pk)
    context = {"event": event, "session": session, "form": form}
    return render(request, "events/organise/session_cancel.html", context)


def _session_form(request, event, session):
    form = forms.SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(session=form.instance)
        except ValidationError as error:
            _add_errors(form, error, "room")
        else:
            messages.success(request, _("The session is saved."))
            return redirect(reverse("events:event_detail", kwargs={"pk": event.pk}) + "#programme")
    context = {"event": event, "form": form, "session": session}
    return render(request, "events/organise/session_form.html", context)


@login_required
def session_create(request, pk):
    event = _get_event_for_organiser(request, pk)
    return _session_form(request, event, Session(event=event))


@login_required
def session_edit(request, pk, session_pk):
    event = _get_event_for_organiser(request, pk)
    return _session_form(request, event, get_object_or_404(event.sessions, pk=session_pk))


@login_required
def slots_create(request, pk, session_pk):
    event = _get_event_for_organiser(request, pk)
    session = get_object_or_404(event.sessions, pk=session_pk)
    form = forms.SlotSeriesForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            slots = services.slots_create(session=session, series=form.series())
        except ValidationError as error:
            _add_errors(form, error, "first_start")
        else:
            messages.success(request, _("%(count)d slots created.") % {"count": len(slots)})
            return redirect(reverse("events:event_detail", kwargs={"pk": event.pk}) + "#programme")
    context = {"event": event, "session": session, "form": form}
    return render(request, "events/organise/slots_form.html", context)


@login_required
def slot_edit(request, pk, slot_pk):
    event = _get_event_for_organiser(request, pk)
    slot = get_object_or_404(
        Slot.objects.select_related("session"), session__event=event, pk=slot_pk
    )
    form = forms.SlotForm(request.POST or None, instance=Slot.objects.get(pk=slot.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.slot_update(slot=slot, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error, "starts_at")
        else:
            messages.success(request, _("The slot is saved."))
            return redirect(reverse("events:event_detail", kwargs={"pk": event.pk}) + "#programme")
    context = {"event": event, "session": slot.session, "slot": slot, "form": form}
    return render(request, "events/organise/slot_form.html", context)


@login_required
@require_POST
def session_delete(request, pk, session_pk):
    event = _get_event_for_organiser(request, pk)
    session = get_object_or_404(event.sessions, pk=session_pk)
    try:
        services.session_delete(session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session is removed."))
    return redirect(reverse("events:event_detail", kwargs={"pk": event.pk}) + "#programme")


@login_required
@require_POST
def slot_delete(request, pk, slot_pk):
    event = _get_event_for_organiser(request, pk)
    slot = get_object_or_404(Slot, session__event=event, pk=slot_pk)
    try:
        services.slot_delete(slot=slot)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The slot is removed."))
    return redirect(reverse("events:event_detail", kwargs={"pk": event.pk}) + "#programme")


@login_required
def registrations(request, pk):
    event = _get_event_for_organiser(request, pk)
    filter_form = forms.RegistrationFilterForm(request.GET or None)
    found = selectors.event_registrations(event=event, **filter_form.filters())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"event": event, "filter_form": filter_form, "page": page, "query": query.urlencode()}
    return render(request, "events/organise/registrations.html", context)


@login_required
def waiting_list(request, pk):
    event = _get_event_for_organiser(request, pk)
    event_list, slot_lists = selectors.event_waiting_lists(event=event)
    context = {"event": event, "event_list": event_list, "slot_lists": slot_lists}
    return render(request, "events/organise/waiting_list.html", context)


@login_required
def participations(request, pk):
    event = _get_event_for_organiser(request, pk)
    context = {
        "event": event,
        "participations": employer_selectors.participations_for_event(event=event),
    }
    return render(request, "events/organise/participations.html", context)


@login_required
@require_POST
def participation_decide(request, pk, participation_pk):
    event = _get_event_for_organiser(request, pk)
    participations = event.participations.select_related("employer", "event")
    participation = get_object_or_404(participations, pk=participation_pk)
    form = forms.ParticipationDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or decline."))
        return redirect("events:participations", pk=event.pk)
    try:
        if form.cleaned_data["decision"] == Participation.Status.APPROVED:
            participation = employer_services.participation_approve(
                participation=participation,
                table=form.cleaned_data["table"],
                decided_by=request.user,
            )
        else:
            participation = employer_services.participation_decline(
                participation=participation, decided_by=request.user
            )
    except employer_services.ParticipationNotAllowed:
        messages.error(request, _("The employer has withdrawn the request."))
    else:
        messages.success(
            request,
            _("%(employer)s: %(status)s.")
            % {"employer": participation.employer, "status": participation.get_status_display()},
        )
    return redirect("events:participations", pk=event.pk)


@login_required
def checkin(request, pk):
    event = _get_event_for_organiser(request, pk)
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
    template = (
        "events/organise/checkin_results.html"
        if _is_htmx(request)
        else "events/organise/checkin.html"
    )
    return render(request, template, context)


@login_required
def checkin_counts(request, pk):
    """The present / expected line, polled by the check-in page so that
    several phones at the door see each other's taps."""
    event = _get_event_for_organiser(request, pk)
    context = {"event": event, "counts": selectors.checkin_counts(event=event)}
    return render(request, "events/organise/includes/checkin_counts.html", context)


@login_required
@require_POST
def checkin_mark(request, pk, registration_pk):
    event = _get_event_for_organiser(request, pk)
    registration = get_object_or_404(
        event.registrations.select_related("applicant"), pk=registration_pk
    )
    registration = services.registration_check_in(registration=registration)
    if _is_htmx(request):
        context = {
            "event": event,
            "registration": registration,
            "counts": selectors.checkin_counts(event=event),
        }
        return render(request, "events/organise/checkin_marked.html", context)
    messages.success(request, _("%(name)s is present.") % {"name": registration.applicant})
    back = urlencode({"q": request.POST.get("q", "")})
    return redirect(reverse("events:checkin", kwargs={"pk": event.pk}) + "?" + back)


@login_required
def report(request, pk):
    event = _get_event_for_organiser(request, pk)
    context = {"event": event, "report": selectors.event_report(event=event)}
    return render(request, "events/organise/report.html", context)


@login_required
def export(request, pk, what, fmt):
    event = _get_event_for_organiser(request, pk)
    if what not in exports.TABLES or fmt not in exports.FORMATS:
        raise Http404
    content, content_type = exports.export(event=event, what=what, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    filename = f"{event.slug}-{what}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _get_registration(event, registration_pk):
    registrations = event.registrations.select_related("applicant", "entered_by")
    return get_object_or_404(registrations, pk=registration_pk)


@login_required
def registration_create(request, pk):
    event = _get_event_for_organiser(request, pk)
    form = forms.OnBehalfForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        registration = services.applicant_register_on_behalf(
            event=event,
            entered_by=request.user,
            trades=form.cleaned_data["trades"],
            present=form.cleaned_data["present"],
            **form.applicant_fields(),
        )
        messages.success(
            request,
            _("%(name)s is registered (%(status)s).")
            % {"name": registration.applicant, "status": registration.get_status_display()},
        )
        return redirect("events:registration_detail", pk=event.pk, registration_pk=registration.pk)
    return render(request, "events/organise/registration_form.html", {"event": event, "form": form})


@login_required
def registration_detail(request, pk, registration_pk):
    event = _get_event_for_organiser(request, pk)
    registration = _get_registration(event, registration_pk)
    bookings = registration.bookings.select_related("slot__session").order_by("slot__starts_at")
    context = {
        "event": event,
        "registration": registration,
        "bookings": bookings,
        "slot_choices": forms.SlotChoiceForm(event=event).slot_choices(),
    }
    return render(request, "events/organise/registration_detail.html", context)


@login_required
@require_POST
def registration_cancel(request, pk, registration_pk):
    event = _get_event_for_organiser(request, pk)
    registration = _get_registration(event, registration_pk)
    applicant_services.registration_cancel(registration=registration)
    messages.success(
        request, _("The registration is cancelled; its places went to the waiting lists.")
    )
    return redirect("events:registration_detail", pk=event.pk, registration_pk=registration.pk)


@login_required
@require_POST
def booking_add(request, pk, registration_pk):
    """Book a slot for the registration, or move an existing booking there."""
    event = _get_event_for_organiser(request, pk)
    registration = _get_registration(event, registration_pk)
    form = forms.SlotChoiceForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, _("Choose a slot."))
    elif request.POST.get("booking"):
        booking = get_object_or_404(
            registration.bookings.select_related("slot__session"), pk=request.POST["booking"]
        )
        moved = services.booking_move(booking=booking, slot=form.cleaned_data["slot"])
        messages.success(request, _("Moved: %(status)s.") % {"status": moved.get_status_display()})
    else:
        booking = applicant_services.booking_create(
            registration=registration, slot=form.cleaned_data["slot"]
        )
        messages.success(
            request, _("Booked: %(status)s.") % {"status": booking.get_status_display()}
        )
    return redirect("events:registration_detail", pk=event.pk, registration_pk=registration.pk)


def _invite_preview(request, event, content: bytes, upload_form, confirm_form=None):
    try:
        rows = imports.invitation_rows_parse(event=event, content=content)
    except ValidationError as error:
        _add_errors(upload_form, error, "file")
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
    return render(request, "events/organise/invite.html", context)


@login_required
def invite(request, pk):
    """Upload a CSV; see every row checked before anything is saved."""
    event = _get_event_for_organiser(request, pk)
    form = forms.InviteUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _invite_preview(request, event, form.cleaned_data["file"], form)
    return render(request, "events/organise/invite.html", {"event": event, "form": form})


@login_required
@require_POST
def invite_confirm(request, pk):
    event = _get_event_for_organiser(request, pk)
    form = forms.InviteConfirmForm(request.POST)
    if not form.is_valid():
        if "payload" in form.errors:
            messages.error(request, " ".join(form.errors["payload"]))
            return redirect("events:invite", pk=event.pk)
        content = form.cleaned_data["payload"]
        return _invite_preview(request, event, content, forms.InviteUploadForm(), form)
    try:
        rows = imports.invitation_rows_parse(event=event, content=form.cleaned_data["payload"])
        batch = services.applicants_invite(event=event, rows=rows, invited_by=request.user)
    except ValidationError:
        # Someone registered in the meantime: show the fresh check.
        return _invite_preview(
            request, event, form.cleaned_data["payload"], forms.InviteUploadForm()
        )
    messages.success(
        request,
        _("%(count)d people invited; the invitations are being sent.") % {"count": batch.total},
    )
    return redirect("events:registrations", pk=event.pk)


@login_required
def letters(request, pk):
    """Printable invitation letters, one A4 page each, for the registrations
    the list's filters select (or the ones named by ``registration``)."""
    event = _get_event_for_organiser(request, pk)
    filter_form = forms.RegistrationFilterForm(request.GET or None)
    chosen = selectors.event_registrations(event=event, **filter_form.filters()).exclude(
        status=Registration.Status.CANCELLED
    )
    ids = [value for value in request.GET.getlist("registration") if value.isdigit()]
    if ids:
        chosen = chosen.filter(pk__in=ids)
    chosen = list(chosen[: selectors.LETTERS_MAX])
    for registration in chosen:
        registration.code = registration_token(registration)
    return render(request, "events/organise/letters.html", {"event": event, "letters": chosen})
