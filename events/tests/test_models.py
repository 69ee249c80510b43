from datetime import timedelta

import pytest
from django.db import IntegrityError

from events.models import Session
from events.tests.factories import EventFactory, SessionFactory, SlotFactory, TradeFactory

pytestmark = pytest.mark.django_db


def test_event_cannot_end_before_it_starts():
    event = EventFactory()
    event.ends_at = event.starts_at - timedelta(hours=1)
    with pytest.raises(IntegrityError):
        event.save()


def test_registration_window_must_close_after_it_opens():
    event = EventFactory()
    event.registration_opens_at = event.starts_at - timedelta(days=1)
    event.registration_closes_at = event.starts_at - timedelta(days=2)
    with pytest.raises(IntegrityError):
        event.save()


def test_teaching_workshop_needs_a_trade():
    with pytest.raises(IntegrityError):
        SessionFactory(kind=Session.Kind.WORKSHOP, trade=None)


def test_info_session_needs_no_trade():
    session = SessionFactory(kind=Session.Kind.INFO, trade=None)
    assert session.trade is None


def test_slot_capacity_cannot_be_negative():
    slot = SlotFactory()
    slot.capacity = -1
    with pytest.raises(IntegrityError):
        slot.save()


def test_slot_cannot_end_before_it_starts():
    slot = SlotFactory()
    slot.ends_at = slot.starts_at
    with pytest.raises(IntegrityError):
        slot.save()


def test_session_has_one_slot_per_start_time():
    slot = SlotFactory()
    with pytest.raises(IntegrityError):
        SlotFactory(session=slot.session, starts_at=slot.starts_at)


def test_trade_name_follows_the_active_language():
    from django.utils import translation

    trade = TradeFactory(name_de="Zimmerer/Zimmerin", name_en="Carpenter")
    with translation.override("en"):
        assert trade.name == "Carpenter"
    with translation.override("ar"):
        # No Arabic name yet: German is the fallback, never an empty label.
        assert trade.name == "Zimmerer/Zimmerin"


def test_session_place_defaults_to_the_event_venue():
    session = SessionFactory()
    assert session.place == session.event.venue
