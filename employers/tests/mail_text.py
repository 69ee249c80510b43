from django.utils import translation
from django.utils.translation import gettext


def in_german(msgid: str, **values) -> str:
    """A message text as employers get it (in German), whether or not the
    catalogue has translated it yet; ``msgid`` is the template's source text
    with %(name)s placeholders, as blocktranslate writes it."""
    with translation.override("de"):
        return gettext(msgid) % values
