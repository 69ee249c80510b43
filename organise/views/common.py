"""Small helpers shared by the back office's views."""

from django.core.exceptions import ValidationError
from django.forms import Form
from django.shortcuts import redirect
from django.urls import reverse

from events.models import Event

PAGE_SIZE = 50


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def add_errors(form: Form, error: ValidationError, field: str | None = None) -> None:
    """Show a service's refusal on the form, next to ``field`` if given."""
    for message in error.messages:
        form.add_error(field, message)


def to_programme(event: Event):
    return redirect(reverse("organise:event_detail", kwargs={"pk": event.pk}) + "#programme")
