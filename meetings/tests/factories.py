from datetime import timedelta

import factory

from events.tests.factories import EventFactory
from meetings.models import Interpreter, TalkPlan


class TalkPlanFactory(factory.django.DjangoModelFactory):
    """Ten rounds of 10 minutes with 2 to change, from two hours after the
    event's start."""

    class Meta:
        model = TalkPlan

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda plan: plan.event.starts_at + timedelta(hours=2))
    ends_at = factory.LazyAttribute(lambda plan: plan.starts_at + timedelta(minutes=120))


class InterpreterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interpreter

    name = factory.Sequence(lambda n: f"Interpreter {n}")
    language = "ar"
    rounds = factory.LazyFunction(lambda: list(range(10)))
