"""Organisers' forms. They validate; the services of the domain apps write."""

import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from applicants.forms import CHOSEN_CONSENTS, CONTACT_NEEDS_SHARE
from applicants.models import Applicant, DoorCheckIn, Registration
from applicants.selectors import registration_for_code, registration_same_contact
from applicants.services.door import WalkIn
from employers.models import Participation
from events.choices import SpokenLanguage
from events.models import Event, Organisation, Session, Slot, Trade, Venue
from events.services import SlotSeries
from meetings.models import Interpreter, TalkPlan
from meetings.selectors import round_labels, talk_participations

INVITE_SALT = "events.invite"
OTHER_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code != "de"]
# Title and description of events and sessions: German first, then the others.
TEXT_FIELDS = [
    "title_de",
    "description_de",
    *[f"{name}_{code}" for code, _n in OTHER_LANGUAGES for name in ("title", "description")],
]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout)
    return helper


def _translations_missing(instance, names: tuple[str, ...]) -> list[str]:
    """The languages into which some German text of ``instance`` is not yet
    translated: their pages show that text in German."""
    return [
        str(language)
        for code, language in OTHER_LANGUAGES
        if any(
            getattr(instance, f"{name}_de", "") and not getattr(instance, f"{name}_{code}", "")
            for name in names
        )
    ]


def _translations_fieldset(instance, *names: str) -> Div:
    """The optional translations, folded away (German is what most organisers
    fill in), with the languages still missing named on the fold."""
    fields = [f"{name}_{code}" for code, _name in OTHER_LANGUAGES for name in names]
    missing = _translations_missing(instance, names)
    if missing:
        state = format_html(
            '<span class="badge text-bg-warning ms-2">{}</span>',
            _("Still missing: %(languages)s") % {"languages": ", ".join(missing)},
        )
    else:
        state = ""
    return Div(
        HTML(
            format_html(
                '<details class="mb-3"{}><summary class="mb-2">{}{}</summary>',
                mark_safe(" open") if missing and instance.pk else "",  # noqa: S308
                _("Translations (optional)"),
                state,
            )
        ),
        *fields,
        HTML("</details>"),
    )


def _label_translations(form: forms.Form, names: dict[str, str]) -> None:
    for name, label in names.items():
        form.fields[f"{name}_de"].label = label
        for code, language in OTHER_LANGUAGES:
            field = form.fields[f"{name}_{code}"]
            field.label = f"{label} ({language})"
            field.required = False
            field.help_text = _("Leave empty to show the German text.")
            field.widget.attrs["lang"] = code
            if code in ("ar", "fa"):
                field.widget.attrs["dir"] = "rtl"


class EventForm(forms.ModelForm):
    """One form for the whole event: texts, dates, venue (pick or create),
    registration window, capacity and co-organisers."""

    new_venue_name = forms.CharField(label=_("Name of the new venue"), required=False)
    new_venue_street = forms.CharField(label=_("Street and number"), required=False)
    new_venue_postcode = forms.RegexField(
        label=_("Postcode"), regex=r"^\d{5}$", required=False, max_length=5
    )
    new_venue_city = forms.CharField(label=_("City"), required=False)

    class Meta:
        model = Event
        fields = [
            "kind",
            *TEXT_FIELDS,
            "starts_at",
            "ends_at",
            "venue",
            "registration_opens_at",
            "registration_closes_at",
            "capacity",
            "organisations",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "registration_opens_at": DateTimeLocalInput(),
            "registration_closes_at": DateTimeLocalInput(),
            "organisations": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "starts_at": _("Date and time in German time (Europe/Berlin)."),
            "ends_at": _("For an event over several days: the end of the last day."),
            "registration_opens_at": _(
                "Empty: applicants can register as soon as it is published."
            ),
            "registration_closes_at": _("Empty: registration stays open until the event starts."),
            "organisations": _(
                "All organisations that run the event together. Their "
                "organisers can see and change it."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        _label_translations(self, {"title": _("Title"), "description": _("Description")})
        self.fields["title_de"].required = True
        self.fields["title_de"].help_text = _("In German; shown to everyone.")
        self.fields["description_de"].help_text = _(
            "What guests can expect; in plain German, short sentences."
        )
        self.fields["venue"].required = False
        self.fields["venue"].queryset = Venue.objects.order_by("city", "name")
        self.fields["venue"].help_text = _("Pick a known venue, or enter a new one below.")
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")
        if not self.instance.pk:
            self.initial.setdefault("organisations", list(user.organisations.all()))
        self.helper = _helper(
            Fieldset(_("What"), "kind", "title_de", "description_de"),
            _translations_fieldset(self.instance, "title", "description"),
            Fieldset(_("When"), Div("starts_at", "ends_at")),
            Fieldset(
                _("Where"),
                "venue",
                Div(
                    "new_venue_name",
                    "new_venue_street",
                    "new_venue_postcode",
                    "new_venue_city",
                    css_class="border rounded p-3 mb-3",
                ),
            ),
            Fieldset(
                _("Registration"), "registration_opens_at", "registration_closes_at", "capacity"
            ),
            Fieldset(_("Organised by"), "organisations"),
        )

    NEW_VENUE_FIELDS = (
        "new_venue_name",
        "new_venue_street",
        "new_venue_postcode",
        "new_venue_city",
    )

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must be after the start."))
        opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        if closes and ends_at and closes > ends_at:
            self.add_error("registration_closes_at", _("Registration must close before the end."))
        new_venue = [cleaned.get(name) for name in self.NEW_VENUE_FIELDS]
        if cleaned.get("venue") is None:
            if not any(new_venue) and "venue" not in self.errors:
                self.add_error("venue", _("Pick a venue or enter a new one."))
            else:
                for name, value in zip(self.NEW_VENUE_FIELDS, new_venue, strict=True):
                    if not value and name not in self.errors:
                        self.add_error(name, _("Needed for a new venue."))
        elif any(new_venue):
            self.add_error("venue", _("Either pick a venue or enter a new one, not both."))
        organisations = cleaned.get("organisations")
        if organisations is not None and not (
            set(organisations) & set(self.user.organisations.all())
        ):
            self.add_error(
                "organisations",
                _("Choose at least one of your own organisations, or you could not see the event."),
            )
        return cleaned

    def event_fields(self) -> dict:
        """The model fields to hand to the services, without the co-organisers."""
        names = [name for name in self.Meta.fields if name != "organisations"]
        return {name: self.cleaned_data[name] for name in names}

    def new_venue(self) -> dict | None:
        if self.cleaned_data.get("venue") is not None:
            return None
        return {
            name.removeprefix("new_venue_"): self.cleaned_data[name]
            for name in self.NEW_VENUE_FIELDS
        }


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "kind",
            *TEXT_FIELDS,
            "trade",
            "room",
            "venue",
        ]
        help_texts = {
            "kind": _(
                "A teaching workshop shows one trade; info sessions answer advisers' topics."
            ),
            "room": _("Slots in the same room must not overlap."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_translations(self, {"title": _("Title"), "description": _("Description")})
        self.fields["title_de"].required = True
        self.fields["trade"].help_text = _("Needed for a teaching workshop.")
        self.fields["trade"].queryset = Trade.objects.order_by("name_de")
        self.helper = _helper(
            "kind",
            "title_de",
            "description_de",
            _translations_fieldset(self.instance, "title", "description"),
            "trade",
            "room",
            "venue",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Session.Kind.WORKSHOP and not cleaned.get("trade"):
            self.add_error("trade", _("A teaching workshop needs a trade."))
        return cleaned


class SlotSeriesForm(forms.Form):
    """ "3 slots of 45 min from 10:00 with 12 places"."""

    # HTML date and time inputs need ISO values whatever the page's language.
    day = forms.DateField(
        label=_("Day"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    first_start = forms.TimeField(
        label=_("First slot starts at"),
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=30, initial=1)
    duration_minutes = forms.IntegerField(
        label=_("Length of a slot (minutes)"), min_value=5, max_value=600, initial=45
    )
    break_minutes = forms.IntegerField(
        label=_("Break between slots (minutes)"),
        min_value=0,
        max_value=240,
        initial=0,
        help_text=_("Time to change groups; 0 for none."),
    )
    capacity = forms.IntegerField(
        label=_("Places per slot"), min_value=1, max_value=10000, initial=12
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.initial.setdefault("day", timezone.localtime(event.starts_at).date())
        self.helper = _helper(
            Div(
                Div("day", css_class="col-sm-6"),
                Div("first_start", css_class="col-sm-6"),
                Div("count", css_class="col-sm-6"),
                Div("duration_minutes", css_class="col-sm-6"),
                Div("break_minutes", css_class="col-sm-6"),
                Div("capacity", css_class="col-sm-6"),
                css_class="row",
            )
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        series = self.series()
        intervals = series.intervals()
        if intervals[0][0] < self.event.starts_at or intervals[-1][1] > self.event.ends_at:
            self.add_error(
                "first_start", _("The slots must lie between the start and the end of the event.")
            )
        return cleaned

    def series(self) -> SlotSeries:
        return SlotSeries(**self.cleaned_data)


class SlotForm(forms.ModelForm):
    class Meta:
        model = Slot
        fields = ["starts_at", "ends_at", "capacity"]
        widgets = {"starts_at": DateTimeLocalInput(), "ends_at": DateTimeLocalInput()}
        help_texts = {
            "capacity": _("More places move people up from the waiting list at once."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("starts_at", "ends_at", "capacity")

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must be after the start."))
        return cleaned


class CancelForm(forms.Form):
    message = forms.CharField(
        label=_("Message to everyone registered"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_(
            "Why the event is cancelled and what happens next, in plain German. "
            "It is sent by e-mail and SMS with a translated introduction."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("message")


class ParticipationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approved", _("Approve")), ("declined", _("Decline"))],
    )
    table = forms.CharField(
        label=_("Table"), max_length=20, required=False, help_text=_("E.g. “A3”.")
    )


INTERPRETER_CHOICES = [
    ("", _("All")),
    ("yes", _("Needs an interpreter")),
    ("no", _("No interpreter")),
]


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Name, e-mail or phone."))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Registration.Status.choices]
    )
    trade = forms.ModelChoiceField(
        label=_("Trade"),
        required=False,
        queryset=Trade.objects.order_by("name_de"),
        empty_label=_("All"),
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All")), *SpokenLanguage.choices]
    )
    interpreter = forms.ChoiceField(
        label=_("Interpreter"), required=False, choices=INTERPRETER_CHOICES
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"],
            "status": data["status"],
            "trade": data["trade"],
            "language": data["language"],
            "needs_interpreter": {"yes": True, "no": False}.get(data["interpreter"]),
        }


class OnBehalfForm(forms.ModelForm):
    """Staff sign someone up: at the Jobcenter's desk or as a walk-in at the door."""

    phone = PhoneNumberField(
        label=_("Mobile phone"),
        region="DE",
        required=False,
        help_text=_("For reminders by SMS. E-mail or mobile phone is needed."),
    )
    spoken_languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=SpokenLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(
        label=_("The person agrees that we keep these details to run the event"),
        help_text=_("Explain what is stored and that it is deleted after the event."),
    )
    share = forms.BooleanField(
        label=_("Employers the person meets at the fair may see their profile"),
        required=False,
        help_text=_("First name, trades, German level, languages; never the last name."),
    )
    contact = forms.BooleanField(
        label=_("Employers the person meets may contact them afterwards"),
        required=False,
    )
    follow_up = forms.BooleanField(
        label=_("We may ask the person after the fair what they are doing now"),
        required=False,
        help_text=_("The day after, after four weeks and after six months."),
    )
    present = forms.BooleanField(
        label=_("The person is here now: mark present"),
        required=False,
        help_text=_("For walk-ins at the door."),
    )

    class Meta:
        model = Applicant
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "language",
            "spoken_languages",
            "german_level",
            "trades",
            "needs_interpreter",
            "interpreter_language",
        ]
        widgets = {"trades": forms.CheckboxSelectMultiple}
        help_texts = {
            "language": _("Invitations and reminders are sent in this language."),
            "interpreter_language": _("Needed if the person needs an interpreter."),
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["trades"].queryset = Trade.objects.order_by("name_de")
        self.fields["trades"].required = False
        self.helper = _helper(
            Div(
                Div("first_name", css_class="col-sm-6"),
                Div("last_name", css_class="col-sm-6"),
                Div("email", css_class="col-sm-6"),
                Div("phone", css_class="col-sm-6"),
                css_class="row",
            ),
            "language",
            "spoken_languages",
            "german_level",
            "trades",
            "needs_interpreter",
            "interpreter_language",
            "consent",
            "share",
            "contact",
            "follow_up",
            "present",
        )

    def clean(self):
        cleaned = super().clean()
        email, phone = cleaned.get("email"), cleaned.get("phone")
        if not email and not phone and "phone" not in self.errors:
            self.add_error("email", _("Enter an e-mail address or a mobile phone number."))
        if cleaned.get("contact") and not cleaned.get("share"):
            self.add_error("contact", CONTACT_NEEDS_SHARE)
        if cleaned.get("needs_interpreter") and not cleaned.get("interpreter_language"):
            self.add_error(
                "interpreter_language", _("Which language should the interpreter speak?")
            )
        same_contact = registration_same_contact(
            event=self.event, email=email or "", phone=str(phone or "")
        )
        if (email or phone) and same_contact.exists():
            self.add_error(
                None,
                _(
                    "Someone with this e-mail or phone is registered already: "
                    "find them in the list of registrations."
                ),
            )
        return cleaned

    def applicant_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "trades"}
        data["phone"] = str(data["phone"] or "")
        return data

    def consents(self) -> set[str]:
        """The purposes the person agreed to besides taking part."""
        return {purpose for purpose in CHOSEN_CONSENTS if self.cleaned_data.get(purpose)}


class SlotChoiceForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Slot"), queryset=Slot.objects.none())
    booking = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = (
            Slot.objects.filter(session__event=event, session__cancelled_at__isnull=True)
            .select_related("session")
            .order_by("starts_at", "session__title_de")
        )
        self.fields["slot"].label_from_instance = lambda slot: (
            f"{timezone.localtime(slot.starts_at):%d.%m. %H:%M} · {slot.session.title}"
        )

    def slot_choices(self) -> list[tuple[int, str]]:
        """The slots as (id, label), read once for the several selects of a page."""
        field = self.fields["slot"]
        return [(slot.pk, field.label_from_instance(slot)) for slot in field.queryset]


class InviteUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One person per line. Columns: first_name, last_name, email and/or mobile, "
            "language (de, en, ar, uk or fa). Separated by semicolons or commas, "
            "as German Excel saves it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload.read()


class InviteConfirmForm(forms.Form):
    """The checked file travels signed in the page, so nothing is stored
    before the organiser confirms."""

    payload = forms.CharField(widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_("The people in this list agreed to be contacted about this event"),
        help_text=_("For example when they talked with their Jobcenter adviser."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("payload", "consent")

    @staticmethod
    def sign(content: bytes) -> str:
        return signing.dumps(content.decode("latin-1"), salt=INVITE_SALT, compress=True)

    def clean_payload(self) -> bytes:
        try:
            text = signing.loads(self.cleaned_data["payload"], salt=INVITE_SALT, max_age=60 * 60)
        except signing.BadSignature:
            raise forms.ValidationError(_("Upload the file again, please.")) from None
        return text.encode("latin-1")


class FreeMessageForm(forms.Form):
    GROUPS = [
        ("registered", _("Everyone registered")),
        ("waitlisted", _("Everyone on the waiting list")),
        ("all", _("Everyone registered or waiting")),
    ]

    # Made when the form is shown: sending it twice (a second tap, Back and
    # send again) finds the sending the first one made.
    once = forms.CharField(widget=forms.HiddenInput, max_length=64)
    group = forms.ChoiceField(label=_("Recipients"), choices=GROUPS)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
        help_text=_("Plain, short sentences. The same text goes to every language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("once", uuid.uuid4().hex)

    def statuses(self) -> list[str]:
        return {
            "registered": [Registration.Status.REGISTERED],
            "waitlisted": [Registration.Status.WAITLISTED],
            "all": [Registration.Status.REGISTERED, Registration.Status.WAITLISTED],
        }[self.cleaned_data["group"]]


class TalkPlanForm(forms.ModelForm):
    """When the talks take place, how long they are, and how many each person has."""

    class Meta:
        model = TalkPlan
        fields = [
            "starts_at",
            "ends_at",
            "talk_minutes",
            "change_minutes",
            "max_talks",
            "max_wishes",
        ]
        widgets = {"starts_at": DateTimeLocalInput(), "ends_at": DateTimeLocalInput()}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.helper = _helper(
            Div(
                Div("starts_at", css_class="col-sm-6"),
                Div("ends_at", css_class="col-sm-6"),
                Div("talk_minutes", css_class="col-sm-6"),
                Div("change_minutes", css_class="col-sm-6"),
                Div("max_talks", css_class="col-sm-6"),
                Div("max_wishes", css_class="col-sm-6"),
                css_class="row",
            )
        )

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at:
            if ends_at <= starts_at:
                self.add_error("ends_at", _("The end must be after the start."))
            elif starts_at < self.event.starts_at or ends_at > self.event.ends_at:
                self.add_error("starts_at", _("The talks must lie within the event."))
        return cleaned


class InterpreterForm(forms.ModelForm):
    """An interpreter of the event's pool and the rounds they can sit in."""

    rounds = forms.TypedMultipleChoiceField(
        label=_("Rounds available"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Leave all unticked if the interpreter is there the whole time."),
        required=False,
    )

    class Meta:
        model = Interpreter
        fields = ["name", "language", "email", "phone"]

    def __init__(self, *args, rounds: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rounds"].choices = rounds
        self.all_rounds = [number for number, _label in rounds]
        self.helper = _helper(
            Div(
                Div("name", css_class="col-sm-6"),
                Div("language", css_class="col-sm-6"),
                Div("email", css_class="col-sm-6"),
                Div("phone", css_class="col-sm-6"),
                css_class="row",
            ),
            "rounds",
        )

    def interpreter_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["rounds"] = self.cleaned_data["rounds"] or self.all_rounds
        return fields


class TalkAddForm(forms.Form):
    """A talk by hand: the person by their code for the entrance, the
    employer, and a round, or none for the next free one (walk-ins)."""

    code = forms.CharField(
        label=_("Code for the entrance"),
        max_length=80,
        help_text=_("The six characters under the person's QR code, or scan it."),
    )
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Participation.objects.none())
    round = forms.TypedChoiceField(label=_("Round"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["employer"].queryset = talk_participations(event=event)
        self.fields["employer"].label_from_instance = lambda p: p.employer.name
        plan = TalkPlan.objects.filter(event=event).first()
        self.fields["round"].choices = [("", _("The next free one"))] + (
            round_labels(plan) if plan else []
        )

    def clean_code(self):
        registration = registration_for_code(event=self.event, code=self.cleaned_data["code"])
        if registration is None:
            raise forms.ValidationError(_("No registration of this event has this code."))
        return registration


class DoorItemForm(forms.Form):
    """One item of a device's queue, as JSON sends it."""

    client_id = forms.UUIDField()
    kind = forms.ChoiceField(choices=DoorCheckIn.Kind.choices)
    recorded_at = forms.DateTimeField()
    registration = forms.IntegerField(required=False, min_value=1)
    code = forms.CharField(required=False, max_length=300)

    def clean(self):
        cleaned = super().clean()
        named = [name for name in ("registration", "code") if cleaned.get(name)]
        if cleaned.get("kind") == DoorCheckIn.Kind.CHECK_IN and len(named) != 1:
            self.add_error(None, _("A check-in names one person: by registration or by code."))
        return cleaned


class DoorWalkInForm(OnBehalfForm):
    """The on-behalf form's fields, filled in at the door while offline. A
    contact registered already is no error here: ``door_sync`` checks that
    person in instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["present"]

    def clean(self):
        cleaned = super().clean()
        # The only error the on-behalf form adds to the whole form (model
        # checks come after this method) is the registered contact.
        self._errors.pop(NON_FIELD_ERRORS, None)
        return cleaned

    def walk_in(self) -> WalkIn:
        payload = {name: self.data.get(name) for name in self.fields if name in self.data}
        return WalkIn(
            applicant_fields=self.applicant_fields(),
            trades=list(self.cleaned_data["trades"]),
            consents=self.consents(),
            payload=payload,
        )
