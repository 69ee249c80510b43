"""Reading the outbox in tests as the worker sends it."""

from messaging.models import Message
from messaging.rendering import message_words_fill


def worded(messages) -> list[Message]:
    """The messages with their words, as the worker sends them: those written
    with their facts are worded first (``message_words_fill``)."""
    messages = list(messages)
    for message in messages:
        if message.facts:
            message_words_fill(message=message)
    return messages


def worded_get(**lookup) -> Message:
    """The one message matching ``lookup``, with its words."""
    (message,) = worded(Message.objects.filter(**lookup))
    return message
