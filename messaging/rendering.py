"""The words of a message: its templates rendered in the recipient's
language, from the files under ``templates/messaging/<kind>/``:

- ``subject.txt`` and ``body.txt`` (required), ``body.html`` (optional): e-mail;
- ``sms.txt`` (optional): the short text for SMS; without it no SMS is sent.

Most messages are worded when they are written to the outbox. A message
written while places are locked (the confirmation of a sign-up) is written
with its *facts* instead: the few values that say what it must tell, as they
are at that moment (the person's name, their places and numbers on waiting
lists). The worker words it before sending (``message_words_fill``), through
the function ``settings.MESSAGE_FACTS_CONTEXTS`` names for the kind, which
turns the facts into the templates' context: the same words as if it had been
worded at once, without making everyone behind the lock wait for templates.
"""

from functools import cache

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.template.loader import TemplateDoesNotExist, get_template, render_to_string
from django.utils import translation
from django.utils.module_loading import import_string

from messaging.models import Channel, Message


def _render(kind: str, name: str, context: dict) -> str:
    return render_to_string(f"messaging/{kind}/{name}", context).strip()


def _render_optional(kind: str, name: str, context: dict) -> str | None:
    """The rendered template, or None when this kind has no such template."""
    try:
        template = get_template(f"messaging/{kind}/{name}")
    except TemplateDoesNotExist:
        return None
    return template.render(context).strip()


@cache
def has_sms(kind: str) -> bool:
    """Whether messages of this kind go out by SMS, too."""
    try:
        get_template(f"messaging/{kind}/sms.txt")
    except TemplateDoesNotExist:
        return False
    return True


def message_context(context: dict, *, language: str) -> dict:
    """What every template gets besides the caller's context."""
    return {
        **context,
        "site_url": settings.SITE_URL,
        "language": language,
        "LANGUAGE_BIDI": translation.get_language_bidi(),
    }


def message_words(*, kind: str, channel: str, context: dict) -> dict:
    """The fields of a message on this channel, rendered in the active
    language: subject and bodies for e-mail, the text for SMS (written only
    for kinds that have one, ``has_sms``)."""
    if channel == Channel.EMAIL:
        return {
            "subject": " ".join(_render(kind, "subject.txt", context).split()),
            "body_text": _render(kind, "body.txt", context),
            "body_html": _render_optional(kind, "body.html", context) or "",
        }
    return {"body_text": _render(kind, "sms.txt", context)}


class FactsGone(Exception):
    """What a message was to tell is gone (the registration was deleted):
    there is nothing left to say."""


def message_words_fill(*, message: Message) -> None:
    """Word a message written with its facts, in its language, and keep the
    words on its row in place of the facts, so that every attempt sends the
    same. Raises ``FactsGone`` when the facts' rows no longer exist."""
    context_of = import_string(settings.MESSAGE_FACTS_CONTEXTS[message.kind])
    with translation.override(message.language):
        try:
            context, attachments = context_of(message.facts)
        except ObjectDoesNotExist as error:
            raise FactsGone(str(error)) from error
        words = message_words(
            kind=message.kind,
            channel=message.channel,
            context=message_context(context, language=message.language),
        )
    words["facts"] = {}
    if message.channel == Channel.EMAIL:
        words["attachments"] = attachments
    Message.objects.filter(pk=message.pk).update(**words)
    for name, value in words.items():
        setattr(message, name, value)
