"""The people of an event: the list, a person's page, registering on
someone's behalf, booking and moving slots, and the waiting lists."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants import selectors
from applicants.services import bookings, registrations
from meetings.models import Contact
from organise import forms
from organise.permissions import event_for_organiser, organiser_required
from organise.views.common import PAGE_SIZE


@organiser_required
def registration_list(request, pk):
    event = event_for_organiser(request, pk)
    filter_form = forms.RegistrationFilterForm(request.GET or None)
    found = selectors.event_registrations(event=event, **filter_form.filters())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"event": event, "filter_form": filter_form, "page": page, "query": query.urlencode()}
    return render(request, "organise/registrations.html", context)


@organiser_required
def waiting_list(request, pk):
    event = event_for_organiser(request, pk)
    event_list, slot_lists = selectors.event_waiting_lists(event=event)
    context = {"event": event, "event_list": event_list, "slot_lists": slot_lists}
    return render(request, "organise/waiting_list.html", context)


def _get_registration(event, registration_pk):
    found = event.registrations.select_related("applicant", "entered_by")
    return get_object_or_404(found, pk=registration_pk)


@organiser_required
def registration_create(request, pk):
    event = event_for_organiser(request, pk)
    form = forms.OnBehalfForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        registration = registrations.applicant_register_on_behalf(
            event=event,
            entered_by=request.user,
            trades=form.cleaned_data["trades"],
            present=form.cleaned_data["present"],
            consents=form.consents(),
            **form.applicant_fields(),
        )
        messages.success(
            request,
            _("%(name)s is registered (%(status)s).")
            % {"name": registration.applicant, "status": registration.get_status_display()},
        )
        return redirect(
            "organise:registration_detail", pk=event.pk, registration_pk=registration.pk
        )
    return render(request, "organise/registration_form.html", {"event": event, "form": form})


@organiser_required
def registration_detail(request, pk, registration_pk):
    event = event_for_organiser(request, pk)
    registration = _get_registration(event, registration_pk)
    booked = registration.bookings.select_related("slot__session").order_by("slot__starts_at")
    context = {
        "event": event,
        "registration": registration,
        "bookings": booked,
        "slot_choices": forms.SlotChoiceForm(event=event).slot_choices(),
        "consents": registration.applicant.consents.filter(withdrawn_at__isnull=True),
        # What employers agreed with the person (never their notes), and
        # what the person answered afterwards.
        "next_steps": registration.contacts.filter(withdrawn_at__isnull=True)
        .exclude(next_step=Contact.NextStep.NONE)
        .select_related("participation__employer"),
        "follow_ups": registration.follow_ups.all(),
    }
    return render(request, "organise/registration_detail.html", context)


@organiser_required
@require_POST
def registration_cancel(request, pk, registration_pk):
    event = event_for_organiser(request, pk)
    registration = _get_registration(event, registration_pk)
    registrations.registration_cancel(registration=registration)
    messages.success(
        request, _("The registration is cancelled; its places went to the waiting lists.")
    )
    return redirect("organise:registration_detail", pk=event.pk, registration_pk=registration.pk)


@organiser_required
@require_POST
def booking_add(request, pk, registration_pk):
    """Book a slot for the registration, or move an existing booking there."""
    event = event_for_organiser(request, pk)
    registration = _get_registration(event, registration_pk)
    back = redirect("organise:registration_detail", pk=event.pk, registration_pk=registration.pk)
    form = forms.SlotChoiceForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, _("Choose a slot of this event."))
        return back
    slot, booking_pk = form.cleaned_data["slot"], form.cleaned_data["booking"]
    try:
        if booking_pk is not None:
            booking = get_object_or_404(
                registration.bookings.select_related("slot__session"), pk=booking_pk
            )
            moved = bookings.booking_move(booking=booking, slot=slot)
            messages.success(
                request, _("Moved: %(status)s.") % {"status": moved.get_status_display()}
            )
        else:
            booked = bookings.booking_create(registration=registration, slot=slot)
            messages.success(
                request, _("Booked: %(status)s.") % {"status": booked.get_status_display()}
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return back
