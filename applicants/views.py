"""The public side for applicants: sign-up and the personal page.

The personal page has no login: the signed token in its address is the key.
Every view under it resolves the token first (``_with_registration``); a
token that does not check out gets a friendly page, never an error.
"""

import hashlib
import json
from collections.abc import Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants import exports
from applicants.access import (
    LINK_REQUEST_CEILING,
    LINK_REQUEST_CONTACT_LIMIT,
    LINK_REQUEST_SCOPE,
    PERSONAL_LIMIT,
    SIGN_UP_CEILING,
    SIGN_UP_CONTACT_LIMIT,
    SIGN_UP_SCOPE,
    contacts_refusal,
    personal_link_required,
)
from applicants.forms import (
    CHOSEN_CONSENTS,
    BookingsForm,
    ConsentsForm,
    ContactForm,
    FollowUpAnswerForm,
    LinkRequestForm,
    SignUpForm,
)
from applicants.models import Consent, FollowUp, Registration, Reply
from applicants.selectors import applicant_consents, registration_bookings
from applicants.services import bookings, follow_ups, registrations
from applicants.services.consents import consents_choose
from applicants.tokens import (
    follow_up_from_token,
    registration_from_token,
    registration_personal_url,
    registration_token,
    reply_from_token,
)
from events.models import Event
from events.selectors import event_public_get, event_public_programme
from jobfair.cache import page_cached, page_context, page_forget, page_keep, page_response
from jobfair.spam import failure_count, failure_forgive, rate_limited, too_many


def _personal(token):
    return redirect("applicants:personal", token=token)


@rate_limited(scope=SIGN_UP_SCOPE, failures=True, **SIGN_UP_CEILING)
def sign_up(request, slug):
    try:
        event = event_public_get(slug=slug)
    except Event.DoesNotExist:
        raise Http404 from None
    if not event.sign_up_open:
        return render(request, "applicants/sign_up_closed.html", {"event": event})
    invitation_token = request.POST.get("invitation") or request.GET.get("invitation") or ""
    invitation = _invitation_get(invitation_token, event=event)
    if invitation is not None and invitation.status != Registration.Status.INVITED:
        return _personal(invitation_token)
    # A form sent is checked against the programme without counting places
    # (the service counts them under the event's lock); shown, it says them.
    sent = request.method == "POST"
    form = SignUpForm(
        request.POST or None,
        event=event,
        sessions=event_public_programme(event=event, places=not sent),
        initial=_sign_up_initial(invitation),
    )
    if sent and form.is_valid():
        scope = f"{SIGN_UP_SCOPE}:{event.pk}"
        if refusal := contacts_refusal(form, scope=scope, **SIGN_UP_CONTACT_LIMIT):
            return too_many(request, SIGN_UP_CONTACT_LIMIT["period"], reason=refusal)
        result = registrations.registration_sign_up(
            event=event,
            applicant_data=form.applicant_data(),
            trades=form.cleaned_data["trades"],
            slots=form.cleaned_data["slots"],
            invitation=invitation,
            form_token=form.cleaned_data["once"],
            consents=form.consents(),
        )
        failure_forgive(request, scope=SIGN_UP_SCOPE)
        if not (result.created or result.repeated):
            return render(request, "applicants/already_registered.html", {"event": event})
        messages.success(request, _("Thank you! We have your sign-up."))
        return _personal(registration_token(result.registration))
    if sent:
        failure_count(request, scope=SIGN_UP_SCOPE)
        # Going back to the person: the programme with the places left.
        form.sessions = event_public_programme(event=event)
    return render(
        request,
        "applicants/sign_up.html",
        {"event": event, "form": form, "invitation_token": invitation_token if invitation else ""},
    )


def _invitation_get(token: str, *, event: Event) -> Registration | None:
    """The invited registration behind an invitation link for this event."""
    if not token:
        return None
    registration = registration_from_token(token)
    if registration is None or registration.event_id != event.pk:
        return None
    return registration


def _sign_up_initial(invitation: Registration | None) -> dict:
    if invitation is None:
        return {"language": translation.get_language()}
    applicant = invitation.applicant
    return {
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "email": applicant.email,
        "phone": applicant.phone,
        "language": applicant.language,
    }


def personal(request, token):
    """The personal page is read far more often than it changes (from every
    reminder, at the door, again and again in a rush): a visit without a
    login or query is answered from the cache for up to
    ``PERSONAL_PAGE_CACHE_SECONDS``. Every change the person makes leads back
    here with a message, which drops what was kept; what others change (a
    place from the waiting list, an organiser's edit) shows within that
    time."""
    if len(messages.get_messages(request)):
        page_forget(_personal_cache_keys(token))
        return _personal_page(request, token, cache_key=None)
    key = _personal_cache_key(request, token)
    if key is not None and (body := page_cached(key)) is not None:
        return page_response(request, body)
    return _personal_page(request, token, cache_key=key)


def _personal_cache_key(request, token: str) -> str | None:
    if settings.PERSONAL_PAGE_CACHE_SECONDS <= 0 or request.user.is_authenticated or request.GET:
        return None
    # Without a language cookie the page speaks the applicant's language.
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return _personal_cache_keys(token, languages=[translation.get_language()])[0]
    return _personal_cache_keys(token, languages=["applicant"])[0]


def _personal_cache_keys(token: str, *, languages: Iterable[str] | None = None) -> list[str]:
    """The keys of the page kept in each language (all by default)."""
    if languages is None:
        languages = ["applicant", *(code for code, _name in settings.LANGUAGES)]
    digest = hashlib.sha256(token.encode()).hexdigest()
    return [f"personal-page:{digest}:{language}" for language in languages]


@personal_link_required
def _personal_page(request, registration, *, token, cache_key):
    if registration.status == Registration.Status.INVITED:
        # The organisers' invitation links here: the answer is the sign-up.
        sign_up_url = reverse("applicants:sign_up", kwargs={"slug": registration.event.slug})
        return redirect(f"{sign_up_url}?{urlencode({'invitation': token})}")
    bookings = registration_bookings(registration=registration)
    context = {
        "registration": registration,
        "event": registration.event,
        "bookings": bookings,
        "token": token,
        "personal_url": registration_personal_url(registration),
        "consents": sorted(
            registration.applicant.consents.filter(withdrawn_at__isnull=True),
            key=lambda consent: Consent.Purpose.values.index(consent.purpose),
        ),
    }
    body = render_to_string("applicants/personal.html", page_context(context), request).encode()
    if cache_key is not None:
        page_keep(cache_key, body, settings.PERSONAL_PAGE_CACHE_SECONDS)
    return page_response(request, body)


@rate_limited(scope="applicants-personal", **PERSONAL_LIMIT)
@personal_link_required
def bookings_change(request, registration, *, token):
    event = registration.event
    if not event.sign_up_open:
        return render(request, "applicants/sign_up_closed.html", {"event": event})
    current = [str(b.slot_id) for b in registration_bookings(registration=registration)]
    form = BookingsForm(
        request.POST or None,
        event=event,
        sessions=event_public_programme(event=event),
        initial={"slots": current},
    )
    if request.method == "POST" and form.is_valid():
        bookings.registration_bookings_change(
            registration=registration, slots=form.cleaned_data["slots"]
        )
        messages.success(request, _("Your workshops are changed."))
        return _personal(token)
    return render(
        request,
        "applicants/bookings_change.html",
        {"registration": registration, "event": event, "form": form, "token": token},
    )


@require_POST
@rate_limited(scope="applicants-personal", **PERSONAL_LIMIT)
@personal_link_required
def booking_cancel(request, registration, pk, *, token):
    booking = get_object_or_404(registration.bookings, pk=pk)
    bookings.booking_cancel(booking=booking)
    messages.success(request, _("Your place is given back. Thank you for telling us."))
    return _personal(token)


@rate_limited(scope="applicants-personal", **PERSONAL_LIMIT)
@personal_link_required
def registration_cancel(request, registration, *, token):
    if request.method == "POST":
        registrations.registration_cancel(registration=registration)
        messages.success(request, _("Your registration is cancelled."))
        return _personal(token)
    return render(
        request,
        "applicants/registration_cancel.html",
        {"registration": registration, "event": registration.event, "token": token},
    )


@rate_limited(scope="applicants-personal", **PERSONAL_LIMIT)
@personal_link_required
def contact_change(request, registration, *, token):
    applicant = registration.applicant
    initial = {
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "email": applicant.email,
        "phone": applicant.phone,
        "language": applicant.language,
    }
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        registrations.applicant_contact_update(registration=registration, **form.contact_data())
        messages.success(request, _("Your details are saved."))
        return _personal(token)
    return render(
        request,
        "applicants/contact_change.html",
        {"registration": registration, "event": registration.event, "form": form, "token": token},
    )


@rate_limited(scope="applicants-personal", **PERSONAL_LIMIT)
@personal_link_required
def consents_change(request, registration, *, token):
    applicant = registration.applicant
    given = applicant_consents(applicant=applicant)
    # Unticking every box sends no field: the form is bound by the method.
    form = ConsentsForm(
        request.POST if request.method == "POST" else None,
        initial={purpose: purpose in given for purpose in CHOSEN_CONSENTS},
    )
    if request.method == "POST" and form.is_valid():
        consents_choose(applicant=applicant, chosen=form.consents(), offered=CHOSEN_CONSENTS)
        messages.success(request, _("Your choices are saved."))
        return _personal(token)
    return render(
        request,
        "applicants/consents_change.html",
        {"registration": registration, "event": registration.event, "form": form, "token": token},
    )


@personal_link_required
def qr_code(request, registration, *, token):
    badge = registration_token(registration, "badge")
    response = HttpResponse(exports.registration_qr_svg(token=badge), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@personal_link_required
def calendar(request, registration, *, token):
    bookings = list(registration_bookings(registration=registration))
    content = exports.registration_calendar(registration=registration, bookings=bookings)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return response


@personal_link_required
def data_download(request, registration, *, token):
    data = exports.applicant_data_export(applicant=registration.applicant)
    content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@rate_limited(scope="applicants-personal", **PERSONAL_LIMIT)
@personal_link_required
def data_delete(request, registration, *, token):
    if request.method == "POST":
        event = registration.event
        registrations.applicant_anonymise(applicant=registration.applicant)
        page_forget(_personal_cache_keys(token))
        return render(request, "applicants/data_deleted.html", {"event": event})
    return render(
        request,
        "applicants/data_delete.html",
        {"registration": registration, "event": registration.event, "token": token},
    )


@rate_limited(scope=LINK_REQUEST_SCOPE, failures=True, **LINK_REQUEST_CEILING)
def link_request(request):
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if refusal := contacts_refusal(
            form, scope=LINK_REQUEST_SCOPE, **LINK_REQUEST_CONTACT_LIMIT
        ):
            return too_many(request, LINK_REQUEST_CONTACT_LIMIT["period"], reason=refusal)
        registrations.registration_links_resend(
            email=form.cleaned_data["email"], phone=form.cleaned_data["phone"] or ""
        )
        failure_forgive(request, scope=LINK_REQUEST_SCOPE)
        # The same answer whether or not we know the address: the page must
        # not tell a stranger who signed up.
        return render(request, "applicants/link_request_sent.html")
    if request.method == "POST":
        failure_count(request, scope=LINK_REQUEST_SCOPE)
    return render(request, "applicants/link_request.html", {"form": form})


def reply(request, token):
    """ "I am coming" / "I cannot come" from a reminder: the page asks for one
    tap on a button (a POST), so mail scanners that open links change nothing."""
    found = reply_from_token(token)
    if found is None:
        return render(request, "applicants/reply_invalid.html", status=404)
    registration, answer = found
    context = {"registration": registration, "answer": answer, "Answer": Reply.Answer}
    if request.method == "POST":
        registrations.reply_record(registration=registration, answer=answer)
        return render(request, "applicants/reply_done.html", context)
    return render(request, "applicants/reply_confirm.html", context)


@rate_limited(scope="applicants-follow-up", **PERSONAL_LIMIT)
def follow_up(request, token):
    """ "What are you doing now?" after the fair. The message's links choose
    an answer (``?answer=``); the page asks for one tap on a button (a POST)
    to record it, so mail scanners that open links change nothing."""
    found = follow_up_from_token(token)
    if found is None:
        return render(request, "applicants/reply_invalid.html", status=404)
    registration, point = found
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # As behind the personal link: the applicant's language, not the browser's.
        translation.activate(registration.applicant.language)
        request.LANGUAGE_CODE = registration.applicant.language
    context = {
        "registration": registration,
        "event": registration.event,
        "point": point,
        "token": token,
    }
    question = follow_ups.follow_up_open(registration=registration, point=point)
    if question is None:
        return render(request, "applicants/follow_up_closed.html", context, status=404)
    form = FollowUpAnswerForm(request.POST) if request.method == "POST" else FollowUpAnswerForm()
    if form.is_bound and form.is_valid():
        answer = form.cleaned_data["answer"]
        previous = follow_ups.follow_up_answer(follow_up=question, answer=answer)
        messages.success(request, _follow_up_answered(previous=previous, answer=answer))
        return redirect("applicants:follow_up", token=token)
    chosen = request.GET.get("answer", "")
    context |= {
        "question": question,
        "form": form,
        "answers": FollowUp.Answer.choices,
        "chosen": FollowUp.Answer(chosen) if chosen in FollowUp.Answer.values else None,
    }
    return render(request, "applicants/follow_up.html", context, status=400 if form.errors else 200)


def _follow_up_answered(*, previous: str, answer: str) -> str:
    if not answer:
        return _("Your answer is withdrawn. We do not count it.")
    if previous and previous != answer:
        return _("Your answer was changed from “%(previous)s” to “%(answer)s”.") % {
            "previous": FollowUp.Answer(previous).label,
            "answer": FollowUp.Answer(answer).label,
        }
    return _("Thank you! Your answer is saved.")
