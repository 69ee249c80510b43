"""The pages of the talks and of the employers' tables: the applicants'
behind their personal link, the employers' behind their sign-in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.access import PERSONAL_LIMIT, personal_link_required
from applicants.models import Registration
from applicants.services.registrations import applicant_talk_profile_set
from employers.views import employer_required
from jobfair.spam import rate_limited
from meetings import selectors, services
from meetings.exports import EXPORT_FORMATS, contacts_export, talks_calendar
from meetings.forms import AnswersForm, ContactNoteForm, DeskForm, TableCodeForm, WishesForm
from meetings.models import TalkPlan
from meetings.tokens import interpreter_from_token


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


def _participation(request, pk):
    """The signed-in employer's approved place at an event with talks."""
    participation = get_object_or_404(
        selectors.talk_participations_with_plan(), pk=pk, employer=request.employer
    )
    return participation, participation.event.talk_plan


@employer_required
def employer_talks(request, pk):
    participation, plan = _participation(request, pk)
    wishes = list(selectors.employer_wishes(participation=participation))
    form = AnswersForm(request.POST or None, wishes=wishes)
    if request.method == "POST" and form.is_valid():
        for wish, answer in form.answers():
            services.wish_answer(
                participation=participation, registration=wish.registration, answer=answer
            )
        messages.success(request, _("Your answers are saved."))
        return redirect("meetings:employer_talks", pk=participation.pk)
    return _employer_page(request, participation, plan, wishes=wishes, form=form)


def _employer_page(request, participation, plan, *, wishes, form, desk_form=None, status=200):
    desk = selectors.talk_desk(participation)
    return render(
        request,
        "meetings/employer_talks.html",
        {
            "participation": participation,
            "event": participation.event,
            "plan": plan,
            "form": form,
            "rows": [(wish, form[form.field_name(wish)]) for wish in wishes],
            "pool": selectors.employer_pool(participation=participation),
            "agenda": selectors.employer_agenda(participation=participation)
            if plan.published_at
            else [],
            "desk_form": desk_form
            or DeskForm(
                initial={"tables": desk.tables, "away_rounds": desk.away_rounds},
                rounds=selectors.round_labels(plan),
            ),
        },
        status=status,
    )


@require_POST
@employer_required
def employer_desk(request, pk):
    participation, plan = _participation(request, pk)
    form = DeskForm(request.POST, rounds=selectors.round_labels(plan))
    if not form.is_valid():
        # The page again, with the error next to the field and the input kept.
        wishes = list(selectors.employer_wishes(participation=participation))
        answers = AnswersForm(wishes=wishes)
        return _employer_page(
            request, participation, plan, wishes=wishes, form=answers, desk_form=form, status=400
        )
    services.talk_desk_save(
        participation=participation,
        tables=form.cleaned_data["tables"],
        away_rounds=form.cleaned_data["away_rounds"],
    )
    messages.success(request, _("Saved."))
    return redirect("meetings:employer_talks", pk=participation.pk)


@require_POST
@employer_required
def employer_invite(request, pk, registration_pk):
    participation, _plan = _participation(request, pk)
    registration = get_object_or_404(
        selectors.employer_pool(participation=participation), pk=registration_pk
    )
    services.wish_answer(participation=participation, registration=registration, answer="yes")
    messages.success(
        request,
        _("You invited %(name)s to a talk.") % {"name": registration.applicant.first_name},
    )
    return redirect("meetings:employer_talks", pk=participation.pk)


def interpreter_plan(request, token):
    """An interpreter's talks, behind their personal link."""
    interpreter = interpreter_from_token(token)
    if interpreter is None:
        return render(request, "applicants/link_invalid.html", status=404)
    plan = TalkPlan.objects.get(event=interpreter.event)
    talks = selectors.interpreter_talks(interpreter=interpreter) if plan.published_at else []
    return render(
        request,
        "meetings/interpreter_plan.html",
        {"interpreter": interpreter, "event": interpreter.event, "plan": plan, "talks": talks},
    )


@require_POST
@employer_required
def talk_status(request, pk, talk_pk):
    """On the day the employer marks a talk held, or that the person did not come."""
    participation, _plan = _participation(request, pk)
    talk = get_object_or_404(participation.talks.select_related("event"), pk=talk_pk)
    try:
        services.talk_status_set(talk=talk, status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.POST.get("back") == "table":
        return redirect(reverse("meetings:table", kwargs={"pk": participation.pk}) + "#talks")
    return redirect(
        reverse("meetings:employer_talks", kwargs={"pk": participation.pk}) + "#agenda-heading"
    )


@personal_link_required
def talks_calendar_file(request, registration, *, token):
    """The applicant's published talks as a calendar file."""
    talks = selectors.registration_talks(registration=registration)
    content = talks_calendar(registration=registration, talks=talks)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="talks.ics"'
    return response


# The employer's table at the fair: codes scanned or typed, and notes


def _table(request, pk):
    """The signed-in employer's approved place at a fair, with or without
    talks; another's, or one not approved, is not found."""
    return get_object_or_404(selectors.table_participations(), pk=pk, employer=request.employer)


# Every code typed or scanned is a POST, counted per employer's account (all
# tables share the venue's network): at this pace a busy table is never
# stopped, while guessing one of 244 million codes would take years.
TABLE_CODE_LIMIT = {"limit": 120, "period": 600, "per_account": True}
TABLE_CODE_SCOPE = "meetings-table-code"


@rate_limited(scope=TABLE_CODE_SCOPE, **TABLE_CODE_LIMIT)
@employer_required
def table(request, pk):
    """Scan a person's QR code, or type the code under it, to open their
    contact; the talks at the table on the day."""
    participation = _table(request, pk)
    form = TableCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_meet(
                participation=participation,
                code=form.cleaned_data["code"],
                noted_by=request.user,
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            return redirect("meetings:contact", pk=participation.pk, contact_pk=contact.pk)
    context = {
        "participation": participation,
        "event": participation.event,
        "form": form,
        "talks": selectors.table_agenda(participation=participation),
        "contact_count": participation.contacts.count(),
    }
    return render(request, "meetings/table.html", context, status=400 if form.errors else 200)


@employer_required
def contact(request, pk, contact_pk):
    """What the person shares with the employer, and the employer's notes."""
    participation = _table(request, pk)
    contact = get_object_or_404(
        selectors.participation_contacts(participation=participation), pk=contact_pk
    )
    form = ContactNoteForm(
        request.POST or None,
        initial={"rating": contact.rating, "note": contact.note, "next_step": contact.next_step},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_note(contact=contact, noted_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your notes are saved."))
            return redirect("meetings:table", pk=participation.pk)
    context = {
        "participation": participation,
        "event": participation.event,
        "shown": selectors.contact_shown(contact),
        "form": form,
    }
    return render(request, "meetings/contact.html", context, status=400 if form.errors else 200)


@require_POST
@employer_required
def contact_from_talk(request, pk, talk_pk):
    """Notes on the person of a talk at the table, from the agenda."""
    participation = _table(request, pk)
    talk = get_object_or_404(participation.talks.select_related("participation"), pk=talk_pk)
    contact = services.contact_from_talk(talk=talk, noted_by=request.user)
    return redirect("meetings:contact", pk=participation.pk, contact_pk=contact.pk)


@employer_required
def contacts(request, pk):
    """The employer's contacts at the fair, as far as each person allows."""
    participation = _table(request, pk)
    return render(
        request,
        "meetings/contacts.html",
        {
            "participation": participation,
            "event": participation.event,
            "contacts": selectors.contacts_shown(participation=participation),
        },
    )


@employer_required
def contacts_download(request, pk, fmt):
    """The contacts as CSV or XLSX: what the people agreed to share, and
    nobody who withdrew."""
    participation = _table(request, pk)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    content, content_type = contacts_export(participation=participation, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="contacts-{participation.event.slug}.{fmt}"'
    )
    return response


@require_POST
@rate_limited(scope="applicants-personal", **PERSONAL_LIMIT)
@personal_link_required
def contact_withdraw(request, registration, *, token, contact_pk):
    """The person withdraws their consent for one employer they met."""
    contact = get_object_or_404(
        registration.contacts.select_related("participation__employer"), pk=contact_pk
    )
    services.contact_withdraw(contact=contact)
    messages.success(
        request,
        _("Done. %(employer)s no longer sees your data.")
        % {"employer": contact.participation.employer.name},
    )
    return redirect(reverse("applicants:personal", kwargs={"token": token}) + "#contacts-heading")
