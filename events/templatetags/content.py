"""Text written by organisers and employers, shown inside pages of another
language.

Such text is often only in German. On an Arabic or Farsi page it must be
isolated and marked as German: otherwise the browser's bidirectional
algorithm moves its punctuation to the wrong end (".Lohnkostenzuschüssen")
and screen readers read it with the page's voice. An element with ``lang``
and ``dir`` is isolated from the text around it (HTML's ``[dir]`` rule).
"""

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

register = template.Library()

# What organisers and employers write in unless they translate it.
WRITTEN_IN = settings.LANGUAGE_CODE


def content_language(obj, field: str) -> str:
    """The language a field is shown in: the page's language when the field
    is translated into it, else German (the translations' fallback)."""
    language = get_language()
    try:
        translated = translator.get_options_for_model(type(obj)).fields
    except NotRegistered:
        return WRITTEN_IN
    if field in translated and getattr(obj, build_localized_fieldname(field, language), ""):
        return language
    return WRITTEN_IN


def _inline(text, language: str):
    if language == get_language():
        return conditional_escape(text)
    return format_html('<span lang="{}" dir="ltr">{}</span>', language, text)


def _block(text, language: str, *, paragraphs: bool):
    html = linebreaks_filter(text) if paragraphs else conditional_escape(text)
    if language == get_language():
        return html
    return format_html(
        '<p class="small text-body-secondary mb-1">{}</p><div lang="{}" dir="ltr">{}</div>',
        _("This text is only available in German."),
        language,
        html,
    )


@register.filter
def localised(obj, field: str):
    """A short field (a title, a name) in the page's language, or marked as
    German: ``{{ event|localised:"title" }}``."""
    return _inline(getattr(obj, field), content_language(obj, field))


@register.filter
def german(text):
    """Short text that exists only in German (a company's or venue's name, a
    position's title): ``{{ position.title|german }}``."""
    return _inline(text, WRITTEN_IN) if text else ""


@register.simple_tag
def localised_text(obj, field: str, paragraphs: bool = True):
    """A longer field (a description) in the page's language, or marked as
    German with a note saying that it is only available in German."""
    text = getattr(obj, field)
    return _block(text, content_language(obj, field), paragraphs=paragraphs) if text else ""


@register.simple_tag
def german_text(text, paragraphs: bool = True):
    """Longer text that exists only in German (a venue's directions), with
    the same note."""
    return _block(text, WRITTEN_IN, paragraphs=paragraphs) if text else ""
