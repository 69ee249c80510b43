from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from employers.models import Employer, Participation, Position
from employers.services import EmployerData
from events.choices import GermanLevel, SpokenLanguage
from events.models import Trade
from jobfair.spam import HONEYPOT_FIELD, HoneypotFormMixin


def _helper(fields) -> FormHelper:
    """Crispy renders the listed fields only; the template adds the <form>, the
    CSRF token, the honeypot (out of sight) and the buttons."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*[name for name in fields if name != HONEYPOT_FIELD])
    return helper


class EmployerForm(forms.ModelForm):
    """The company's details, for registration and later edits."""

    trades = forms.ModelMultipleChoiceField(
        label=_("Trades"),
        queryset=Trade.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The crafts your company works in."),
    )
    phone = PhoneNumberField(
        label=_("Phone"),
        region="DE",
        required=False,
        help_text=_("For questions about the fair day, e.g. 0341 1234567."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken on site"),
        choices=SpokenLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Applicants who speak little German look for these."),
    )

    class Meta:
        model = Employer
        fields = [
            "name",
            "trades",
            "street",
            "postcode",
            "city",
            "contact_name",
            "email",
            "phone",
            "size",
            "languages",
            "description",
        ]
        widgets = {
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 5}
            ),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["trades"] = list(self.instance.trades.all())
        self.helper = _helper(self.fields)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    @property
    def is_duplicate(self) -> bool:
        """Whether the company is registered already (by e-mail address, or
        by name and postcode)."""
        return self.has_error("email", "unique") or self.has_error(NON_FIELD_ERRORS, "duplicate")

    def employer_data(self) -> EmployerData:
        data = self.cleaned_data
        return EmployerData(
            name=data["name"],
            trades=data["trades"],
            street=data["street"],
            postcode=data["postcode"],
            city=data["city"],
            contact_name=data["contact_name"],
            email=data["email"],
            phone=data["phone"].as_e164 if data["phone"] else "",
            size=data["size"],
            languages=data["languages"],
            description=data["description"],
        )


class RegistrationForm(HoneypotFormMixin, EmployerForm):
    pass


class SignInRequestForm(HoneypotFormMixin):
    email = forms.EmailField(
        label=_("E-mail address of your company's registration"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(self.fields)


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = [
            "title",
            "trade",
            "kind",
            "openings",
            "german_level",
            "start_date",
            "description",
            "driving_licence_required",
            "accepts_unrecognised_qualification",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "german_level": _("The level of the Common European Framework (CEFR)."),
            "accepts_unrecognised_qualification": _(
                "Tick if you can take someone whose vocational certificate from abroad "
                "is still being recognised."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trade"].queryset = Trade.objects.order_by("name")
        self.fields["openings"].widget.attrs["min"] = 1
        self.helper = _helper(self.fields)


class ParticipationForm(forms.Form):
    attendees = forms.IntegerField(
        label=_("How many people from your company come?"), min_value=1, max_value=20, initial=1
    )
    positions = forms.ModelMultipleChoiceField(
        label=_("Which open positions do you want to talk about?"),
        queryset=Position.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Shown to applicants on the event page. None ticked: all your open positions."),
    )

    def __init__(self, *args, employer: Employer, participation: Participation | None, **kwargs):
        super().__init__(*args, **kwargs)
        open_positions = employer.positions.filter(is_open=True).select_related("trade")
        self.has_positions = open_positions.exists()
        if self.has_positions:
            self.fields["positions"].queryset = open_positions
        else:
            del self.fields["positions"]
        if participation is not None:
            self.initial["attendees"] = participation.attendees
            self.initial["positions"] = list(participation.positions.all())
        self.helper = _helper(self.fields)


class PositionFilterForm(forms.Form):
    """The filters of the public list; all optional, sent by GET."""

    trade = forms.ModelChoiceField(
        label=_("Trade"),
        queryset=Trade.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All trades"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *Position.Kind.choices],
        required=False,
    )
    german_level = forms.ChoiceField(
        label=_("My German level"),
        choices=[("", _("Any level")), *GermanLevel.choices],
        required=False,
        help_text=_("Shows positions that need this level or less."),
    )
