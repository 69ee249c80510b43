from django import forms
from django.utils.translation import gettext_lazy as _

from applicants.models import Registration


class FreeMessageForm(forms.Form):
    GROUPS = [
        ("registered", _("Everyone registered")),
        ("waitlisted", _("Everyone on the waiting list")),
        ("all", _("Everyone registered or waiting")),
    ]

    group = forms.ChoiceField(label=_("Recipients"), choices=GROUPS)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
        help_text=_("Plain, short sentences. The same text goes to every language."),
    )

    def statuses(self) -> list[str]:
        return {
            "registered": [Registration.Status.REGISTERED],
            "waitlisted": [Registration.Status.WAITLISTED],
            "all": [Registration.Status.REGISTERED, Registration.Status.WAITLISTED],
        }[self.cleaned_data["group"]]
