import factory
from django.utils import timezone

from events.tests.factories import EventFactory
from messaging.models import Batch, Channel, Message


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    kind = "free_message"
    channel = Channel.EMAIL
    recipient = factory.Sequence(lambda n: f"person{n}@example.org")
    language = "de"
    subject = factory.Sequence(lambda n: f"Nachricht {n}")
    body_text = "Hallo!"


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Batch

    event = factory.SubFactory(EventFactory)
    kind = "free_message"
    expanded_at = factory.LazyFunction(timezone.now)
