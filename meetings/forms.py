"""Forms of the talks: they validate; the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.models import Participation
from meetings.models import Wish


class WishesForm(forms.Form):
    """Per employer of the fair: talk "very much", "interested" or not."""

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
        if len([level for level in cleaned.values() if level]) > self.max_wishes:
            raise forms.ValidationError(
                _("Choose at most %(count)d employers."), params={"count": self.max_wishes}
            )
        return cleaned

    def levels(self) -> dict[Participation, str]:
        return {p: self.cleaned_data[self.field_name(p)] for p in self.participations}
