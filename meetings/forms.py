"""Forms of the talks: they validate; the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.models import Participation
from meetings.models import Contact, Wish


class WishesForm(forms.Form):
    """Per employer of the fair: talk "very much", "interested" or not; and
    what the applicant shows employers about themselves."""

    talk_line = forms.CharField(
        label=_("What I can do, in one line"),
        max_length=200,
        required=False,
        help_text=_(
            "Employers read it before the talk, with your first name, trades, German "
            "and languages. No phone number or address."
        ),
    )
    talk_pool = forms.BooleanField(
        label=_("Employers of my trades may also invite me to a talk."),
        required=False,
    )

    def __init__(
        self,
        *args,
        participations: list[Participation],
        current: dict[int, str],
        max_wishes: int,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.participations = participations
        self.max_wishes = max_wishes
        for participation in participations:
            self.fields[self.field_name(participation)] = forms.ChoiceField(
                label=participation.employer.name,
                choices=[("", _("No talk")), *Wish.Level.choices],
                initial=current.get(participation.pk, ""),
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )

    @staticmethod
    def field_name(participation: Participation) -> str:
        return f"employer_{participation.pk}"

    def clean(self):
        cleaned = super().clean()
        levels = [cleaned.get(self.field_name(p)) for p in self.participations]
        if len([level for level in levels if level]) > self.max_wishes:
            raise forms.ValidationError(
                _("Choose at most %(count)d employers."), params={"count": self.max_wishes}
            )
        return cleaned

    def levels(self) -> dict[Participation, str]:
        return {p: self.cleaned_data[self.field_name(p)] for p in self.participations}


class AnswersForm(forms.Form):
    """The employer's answer to each person who wants to talk with them."""

    def __init__(self, *args, wishes: list[Wish], **kwargs):
        super().__init__(*args, **kwargs)
        self.wishes = wishes
        for wish in wishes:
            self.fields[self.field_name(wish)] = forms.ChoiceField(
                label=wish.registration.applicant.first_name,
                choices=[("", _("Not yet")), *Wish.Answer.choices],
                initial=wish.answer,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )

    @staticmethod
    def field_name(wish: Wish) -> str:
        return f"answer_{wish.pk}"

    def answers(self) -> list[tuple[Wish, str]]:
        """The answers given or changed."""
        return [
            (wish, self.cleaned_data[self.field_name(wish)])
            for wish in self.wishes
            if self.cleaned_data[self.field_name(wish)]
            and self.cleaned_data[self.field_name(wish)] != wish.answer
        ]


class DeskForm(forms.Form):
    """How many talks at once, and the rounds the employer is away."""

    tables = forms.IntegerField(
        label=_("Talks at the same time"),
        min_value=1,
        max_value=20,
        help_text=_("How many tables or recruiters you have."),
    )
    away_rounds = forms.TypedMultipleChoiceField(
        label=_("Rounds you are away"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, rounds: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["away_rounds"].choices = rounds


class TableCodeForm(forms.Form):
    """The code of the person at the employer's table: scanned from their QR
    code (the page's scanner fills it in) or typed from under it."""

    code = forms.CharField(
        label=_("Code under the QR code"),
        max_length=100,
        help_text=_("Six letters and digits, for example ABC-DEF."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class ContactNoteForm(forms.Form):
    """What the employer notes of a person they met."""

    rating = forms.TypedChoiceField(
        label=_("How well do they fit?"),
        choices=[
            ("", _("No rating")),
            (1, _("1 – no match")),
            (2, _("2 – some match")),
            (3, _("3 – good match")),
            (4, _("4 – very good match")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    next_step = forms.ChoiceField(
        label=_("Next step"),
        choices=Contact.NextStep.choices,
        initial=Contact.NextStep.NONE,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = _(
            "Only your company sees it here; the person gets it when they ask for their "
            "data. At most %(limit)d characters."
        ) % {"limit": Contact.NOTE_LENGTH}

    def clean_note(self):
        # No maxlength in the page: a browser would cut a pasted note short
        # without a word; a note too long is answered with the whole of it.
        note = self.cleaned_data["note"]
        if len(note) > Contact.NOTE_LENGTH:
            raise forms.ValidationError(
                _("Write at most %(limit)d characters (this note has %(length)d)."),
                params={"limit": Contact.NOTE_LENGTH, "length": len(note)},
            )
        return note
