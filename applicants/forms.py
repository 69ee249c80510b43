import uuid

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField
from phonenumber_field.widgets import RegionalPhoneNumberWidget

from applicants.models import AdviceTopic, Consent, FollowUp
from applicants.services.places import slots_check
from events.choices import GermanLevel, SpokenLanguage
from events.models import Event, Session, Trade
from jobfair.spam import HoneypotFormMixin


class BookingsForm(forms.Form):
    """The workshop picker: the slots of an event's programme, at most one at a
    time. ``sessions`` come from ``events.selectors.event_public_programme``."""

    slots = forms.MultipleChoiceField(
        label=_("Workshops"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose one workshop per time. When a workshop is full, you join its waiting list."
        ),
    )

    def __init__(self, *args, event: Event, sessions: list[Session], **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.sessions = sessions
        self.slots_by_id = {
            str(slot.pk): slot for session in sessions for slot in session.slots.all()
        }
        self.fields["slots"].choices = [(key, key) for key in self.slots_by_id]

    def clean_slots(self):
        slots = [self.slots_by_id[key] for key in self.cleaned_data["slots"]]
        slots_check(event=self.event, slots=slots)
        return slots

    def slot_groups(self):
        """The programme for the template: each session with its slots and
        whether each is ticked, so a re-shown form keeps the choice."""
        chosen = {str(value) for value in (self["slots"].value() or [])}
        return [
            (session, [(slot, str(slot.pk) in chosen) for slot in session.slots.all()])
            for session in self.sessions
            if session.slots.all()
        ]


class ContactForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        help_text=_("So that we can greet you and find you on the guest list."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("We send your confirmation and reminders here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneNumberField(
        label=_("Mobile phone"),
        region="DE",
        required=False,
        widget=RegionalPhoneNumberWidget(region="DE", attrs={"autocomplete": "tel"}),
        help_text=_(
            "We send short reminders by SMS. An e-mail address or a mobile number is enough."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language for messages"),
        # Each language in its own name and script, so that everyone finds theirs.
        choices=[
            (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ],
        help_text=_("We write to you in this language."),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.has_error("phone"):
            message = _("Please give an e-mail address or a mobile number.")
            self.add_error("email", message)
            self.add_error("phone", message)
        return cleaned

    def contact_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ContactForm.base_fields}
        data["phone"] = data["phone"].as_e164 if data["phone"] else ""
        return data


# The purposes a person may agree to besides taking part, each a tick box
# whose label is the wording on record, unticked until they tick it.
CHOSEN_CONSENTS = [Consent.Purpose.SHARE, Consent.Purpose.CONTACT, Consent.Purpose.FOLLOW_UP]
CONTACT_NEEDS_SHARE = _(
    "Employers can contact you only if they may see your profile: tick that box too."
)


class ConsentsForm(forms.Form):
    """The optional consents: for the sign-up form and the personal page."""

    share = forms.BooleanField(
        label=Consent.Purpose.SHARE.label,
        required=False,
        help_text=_(
            "Then employers can note at their table what you agreed with them, "
            "and you see it on your personal page. Never your last name."
        ),
    )
    contact = forms.BooleanField(
        label=Consent.Purpose.CONTACT.label,
        required=False,
        help_text=_("They then see your e-mail address and mobile number."),
    )
    follow_up = forms.BooleanField(
        label=Consent.Purpose.FOLLOW_UP.label,
        required=False,
        help_text=_(
            "One short question each time. The answers are counted without names "
            "for the fair's funders. You can say no at any time."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contact") and not cleaned.get("share"):
            self.add_error("contact", CONTACT_NEEDS_SHARE)
        return cleaned

    def consents(self) -> set[str]:
        """The purposes ticked."""
        return {purpose for purpose in CHOSEN_CONSENTS if self.cleaned_data.get(purpose)}


class SignUpForm(HoneypotFormMixin, BookingsForm, ContactForm, ConsentsForm):
    # Made when the form is shown: the same form sent twice (a second tap
    # after a slow answer, Back and send again) finds the first sign-up.
    once = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    german_level = forms.ChoiceField(
        label=_("How well do you speak German?"),
        choices=GermanLevel.choices,
        help_text=_("So that the workshop leaders can speak with you in a way you understand."),
    )
    trades = forms.ModelMultipleChoiceField(
        label=_("Which trades interest you?"),
        queryset=Trade.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("So that employers of these trades can talk with you."),
    )
    experience_years = forms.IntegerField(
        label=_("How many years have you worked in a trade?"),
        min_value=0,
        max_value=60,
        initial=0,
        help_text=_("Employers want to know what you can do already."),
    )
    has_foreign_certificate = forms.BooleanField(
        label=_("I have a certificate of my training from another country."),
        required=False,
        help_text=_("Advisers can tell you how to get it recognised in Germany."),
    )
    spoken_languages = forms.MultipleChoiceField(
        label=_("Which languages do you speak?"),
        choices=SpokenLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("So that employers and workshop leaders know how to talk with you."),
    )
    needs_interpreter = forms.BooleanField(
        label=_("I need an interpreter."),
        required=False,
        help_text=_("So that we can bring an interpreter on the day."),
    )
    interpreter_language = forms.ChoiceField(
        label=_("Which language should the interpreter speak?"),
        choices=[("", "—"), *SpokenLanguage.choices],
        required=False,
    )
    advice_topics = forms.MultipleChoiceField(
        label=_("What do you want to ask the advisers?"),
        choices=AdviceTopic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("So that the right advisers are there for you."),
    )
    questions = forms.CharField(
        label=_("Your questions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The advisers read them before the day."),
    )
    consent = forms.BooleanField(
        label=Consent.Purpose.SIGN_UP.label,
        help_text=_(
            "Only the organisers see your data. We delete it after the event. "
            "You can see or delete your data on your personal page at any time."
        ),
        error_messages={"required": _("We need your agreement to sign you up.")},
    )

    field_order = [
        "slots",
        "first_name",
        "last_name",
        "email",
        "phone",
        "language",
        "german_level",
        "trades",
        "experience_years",
        "has_foreign_certificate",
        "spoken_languages",
        "needs_interpreter",
        "interpreter_language",
        "advice_topics",
        "questions",
        "consent",
        "share",
        "contact",
        "follow_up",
    ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("needs_interpreter") and not cleaned.get("interpreter_language"):
            self.add_error(
                "interpreter_language", _("Please choose the language for the interpreter.")
            )
        if not cleaned.get("needs_interpreter"):
            cleaned["interpreter_language"] = ""
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("once", uuid.uuid4().hex)

    def applicant_data(self) -> dict:
        data = self.contact_data()
        for name in [
            "german_level",
            "experience_years",
            "has_foreign_certificate",
            "spoken_languages",
            "needs_interpreter",
            "interpreter_language",
            "advice_topics",
            "questions",
        ]:
            data[name] = self.cleaned_data[name]
        return data


class LinkRequestForm(HoneypotFormMixin):
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneNumberField(
        label=_("Mobile phone"),
        region="DE",
        required=False,
        widget=RegionalPhoneNumberWidget(region="DE", attrs={"autocomplete": "tel"}),
        help_text=_("The e-mail address or mobile number you signed up with."),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.has_error("phone"):
            self.add_error("email", _("Please give an e-mail address or a mobile number."))
        if cleaned.get("phone"):
            cleaned["phone"] = cleaned["phone"].as_e164
        return cleaned


class FollowUpAnswerForm(forms.Form):
    """The button pressed under a follow-up question: an answer, or empty to
    withdraw the answer given."""

    answer = forms.ChoiceField(
        label=_("What are you doing now?"),
        choices=[("", _("Withdraw my answer")), *FollowUp.Answer.choices],
        required=False,
        error_messages={
            "invalid_choice": _("This answer is not one of the choices. Please press a button.")
        },
    )

    def clean(self):
        cleaned = super().clean()
        # An empty answer withdraws; no answer at all is no choice.
        if "answer" not in self.data:
            self.add_error("answer", _("Please press a button to answer."))
        return cleaned
