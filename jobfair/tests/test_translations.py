"""The five languages are complete: every string of the catalogues is
translated, the compiled catalogues hold them, and every public page renders
in each language with its direction."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from applicants.models import Registration
from applicants.tokens import registration_token
from events.models import Event

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_string(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


def _compiled(compiled, entry):
    if entry.msgctxt:
        return compiled.pgettext(entry.msgctxt, entry.msgid)
    return compiled.gettext(entry.msgid)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_holds_every_translation(language):
    source = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as compiled_file:
        compiled = gettext.GNUTranslations(compiled_file)
    missing = [
        entry.msgid
        for entry in source.translated_entries()
        if not entry.msgid_plural and _compiled(compiled, entry) != entry.msgstr
    ]
    assert missing == []


PUBLIC_PAGES = [
    lambda event, token: reverse("events:home"),
    lambda event, token: event.get_absolute_url(),
    lambda event, token: reverse("applicants:sign_up", args=[event.slug]),
    lambda event, token: reverse("applicants:link_request"),
    lambda event, token: reverse("applicants:personal", args=[token]),
    lambda event, token: reverse("applicants:bookings_change", args=[token]),
    lambda event, token: reverse("applicants:contact_change", args=[token]),
    lambda event, token: reverse("employers:register"),
    lambda event, token: reverse("employers:sign_in"),
    lambda event, token: reverse("employers:positions_public"),
    lambda event, token: reverse("events:accessibility"),
    lambda event, token: reverse("events:privacy"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_renders_in_the_language_and_its_direction(client, demo_data, language):
    event = Event.objects.get(slug="bewerbertag-bauberufe")
    token = registration_token(Registration.objects.filter(event=event).first())
    client.cookies["django_language"] = language
    direction = "rtl" if language in {"ar", "fa"} else "ltr"
    for page in PUBLIC_PAGES:
        url = page(event, token)
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}" dir="{direction}">' in response.content.decode(), url
