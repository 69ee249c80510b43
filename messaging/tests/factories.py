import factory

from messaging.models import Channel, Message


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    kind = "free_message"
    channel = Channel.EMAIL
    recipient = factory.Sequence(lambda n: f"person{n}@example.org")
    language = "de"
    subject = factory.Sequence(lambda n: f"Nachricht {n}")
    body_text = "Hallo!"
