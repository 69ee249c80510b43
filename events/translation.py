from modeltranslation.translator import TranslationOptions, register

from events.models import Event, Session, Trade


@register(Trade)
class TradeTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Session)
class SessionTranslationOptions(TranslationOptions):
    fields = ("title", "description")
