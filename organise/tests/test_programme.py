from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Booking
from applicants.tests.factories import BookingFactory
from events.models import Session, Slot
from events.tests.factories import EventFactory, SessionFactory, SlotFactory, TradeFactory

pytestmark = pytest.mark.django_db


def berlin(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def event(organisation):
    return EventFactory(
        organisations=[organisation],
        starts_at=berlin(2027, 4, 21, 9, 0),
        ends_at=berlin(2027, 4, 21, 16, 0),
    )


def test_add_teaching_workshop_with_trade_and_room(organiser_client, event):
    trade = TradeFactory(name_de="Maurer/in")
    response = organiser_client.post(
        reverse("organise:session_create", kwargs={"pk": event.pk}),
        {
            "kind": "workshop",
            "title_de": "Lehrkabinett Maurer",
            "title_ar": "ورشة البناء",
            "trade": trade.pk,
            "room": "Halle 1",
        },
    )
    assert response.status_code == 302
    session = event.sessions.get()
    assert (session.title_de, session.title_ar, session.trade, session.room) == (
        "Lehrkabinett Maurer",
        "ورشة البناء",
        trade,
        "Halle 1",
    )
    detail = organiser_client.get(reverse("organise:event_detail", kwargs={"pk": event.pk}))
    assert "Lehrkabinett Maurer" in detail.content.decode()


def test_workshop_without_trade_is_refused_next_to_the_field(organiser_client, event):
    response = organiser_client.post(
        reverse("organise:session_create", kwargs={"pk": event.pk}),
        {"kind": "workshop", "title_de": "Lehrkabinett", "room": "Halle 1"},
    )
    assert Session.objects.count() == 0
    assert 'id="error_1_id_trade"' in response.content.decode()


def test_info_session_needs_no_trade(organiser_client, event):
    organiser_client.post(
        reverse("organise:session_create", kwargs={"pk": event.pk}),
        {"kind": "info", "title_de": "Arbeitserlaubnis", "room": "Raum 101"},
    )
    assert event.sessions.get().trade is None


def _series(session, **overrides):
    data = {
        "day": "2027-04-21",
        "first_start": "10:00",
        "count": "3",
        "duration_minutes": "45",
        "break_minutes": "0",
        "capacity": "12",
    }
    data.update(overrides)
    return data


def test_three_slots_of_45_minutes_from_ten_with_12_places(organiser_client, event):
    session = SessionFactory(event=event, room="Halle 1")
    url = reverse("organise:slots_create", kwargs={"pk": event.pk, "session_pk": session.pk})
    response = organiser_client.post(url, _series(session))
    assert response.status_code == 302
    slots = [
        (timezone.localtime(s.starts_at).strftime("%H:%M"), s.capacity)
        for s in session.slots.order_by("starts_at")
    ]
    assert slots == [("10:00", 12), ("10:45", 12), ("11:30", 12)]
    assert session.slots.last().ends_at == berlin(2027, 4, 21, 12, 15)


def test_break_between_slots(organiser_client, event):
    session = SessionFactory(event=event)
    url = reverse("organise:slots_create", kwargs={"pk": event.pk, "session_pk": session.pk})
    organiser_client.post(url, _series(session, count="2", break_minutes="15"))
    starts = [timezone.localtime(s.starts_at).strftime("%H:%M") for s in session.slots.all()]
    assert starts == ["10:00", "11:00"]


def test_slots_overlapping_in_the_same_room_are_refused_with_a_clear_error(organiser_client, event):
    other = SessionFactory(event=event, room="Halle 1", title_de="Lehrkabinett Fliesen")
    SlotFactory(
        session=other, starts_at=berlin(2027, 4, 21, 11, 0), ends_at=berlin(2027, 4, 21, 12, 0)
    )
    session = SessionFactory(event=event, room="halle 1 ")
    url = reverse("organise:slots_create", kwargs={"pk": event.pk, "session_pk": session.pk})
    response = organiser_client.post(url, _series(session))
    content = response.content.decode()
    assert session.slots.count() == 0
    assert 'id="form-errors"' in content
    assert "Lehrkabinett Fliesen" in content
    assert "21.04.2027 11:00" in content


def test_same_time_in_another_room_or_another_event_is_fine(organiser_client, event):
    SlotFactory(
        session=SessionFactory(event=event, room="Halle 2"), starts_at=berlin(2027, 4, 21, 10, 0)
    )
    SlotFactory(session=SessionFactory(room="Halle 1"), starts_at=berlin(2027, 4, 21, 10, 0))
    session = SessionFactory(event=event, room="Halle 1")
    url = reverse("organise:slots_create", kwargs={"pk": event.pk, "session_pk": session.pk})
    organiser_client.post(url, _series(session))
    assert session.slots.count() == 3


def test_slots_outside_the_event_are_refused(organiser_client, event):
    session = SessionFactory(event=event)
    url = reverse("organise:slots_create", kwargs={"pk": event.pk, "session_pk": session.pk})
    response = organiser_client.post(url, _series(session, first_start="15:30"))
    assert session.slots.count() == 0
    assert 'id="error_1_id_first_start"' in response.content.decode()


def test_edit_slot_moves_it_and_more_places_move_up_the_waiting_list(organiser_client, event):
    slot = SlotFactory(session__event=event, capacity=1)
    BookingFactory(slot=slot, registration__event=event)
    waiting = BookingFactory(slot=slot, registration__event=event, status=Booking.Status.WAITLISTED)
    url = reverse("organise:slot_edit", kwargs={"pk": event.pk, "slot_pk": slot.pk})
    response = organiser_client.post(
        url, {"starts_at": "2027-04-21T13:00", "ends_at": "2027-04-21T13:45", "capacity": "2"}
    )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert (slot.starts_at, slot.capacity) == (berlin(2027, 4, 21, 13, 0), 2)
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED


def test_edit_slot_into_an_occupied_room_time_is_refused(organiser_client, event):
    session = SessionFactory(event=event, room="Halle 1")
    SlotFactory(
        session=session, starts_at=berlin(2027, 4, 21, 10, 0), ends_at=berlin(2027, 4, 21, 10, 45)
    )
    moving = SlotFactory(
        session=session, starts_at=berlin(2027, 4, 21, 11, 0), ends_at=berlin(2027, 4, 21, 11, 45)
    )
    url = reverse("organise:slot_edit", kwargs={"pk": event.pk, "slot_pk": moving.pk})
    response = organiser_client.post(
        url, {"starts_at": "2027-04-21T10:30", "ends_at": "2027-04-21T11:15", "capacity": "10"}
    )
    assert 'id="error_1_id_starts_at"' in response.content.decode()
    moving.refresh_from_db()
    assert moving.starts_at == berlin(2027, 4, 21, 11, 0)


def test_moving_a_session_into_a_busy_room_is_refused(organiser_client, event):
    SlotFactory(
        session=SessionFactory(event=event, room="Halle 1"), starts_at=berlin(2027, 4, 21, 10, 0)
    )
    session = SessionFactory(event=event, room="Halle 2", kind=Session.Kind.INFO, trade=None)
    SlotFactory(session=session, starts_at=berlin(2027, 4, 21, 10, 15))
    url = reverse("organise:session_edit", kwargs={"pk": event.pk, "session_pk": session.pk})
    response = organiser_client.post(
        url, {"kind": "info", "title_de": session.title_de, "room": "Halle 1"}
    )
    assert 'id="form-errors"' in response.content.decode()
    session.refresh_from_db()
    assert session.room == "Halle 2"


def test_organiser_programme_shows_bookings_per_slot(organiser_client, event):
    slot = SlotFactory(session__event=event, capacity=12)
    BookingFactory.create_batch(2, slot=slot, registration__event=event)
    content = organiser_client.get(reverse("organise:event_detail", kwargs={"pk": event.pk}))
    assert "<td>2 / 12</td>" in content.content.decode()


def test_slot_of_another_session_cannot_be_reached_through_this_event(organiser_client, event):
    assert Slot.objects.count() == 0
    slot = SlotFactory(session=SessionFactory(event=EventFactory()))
    url = reverse("organise:slot_edit", kwargs={"pk": event.pk, "slot_pk": slot.pk})
    assert organiser_client.get(url).status_code == 404


def test_slot_form_proposes_the_first_day_in_the_date_inputs_format(organiser_client, event):
    session = SessionFactory(event=event)
    url = reverse("organise:slots_create", kwargs={"pk": event.pk, "session_pk": session.pk})
    assert 'value="2027-04-21"' in organiser_client.get(url).content.decode()


def test_remove_a_slot_entered_by_mistake(organiser_client, event):
    slot = SlotFactory(session__event=event)
    organiser_client.post(
        reverse("organise:slot_delete", kwargs={"pk": event.pk, "slot_pk": slot.pk})
    )
    assert not Slot.objects.filter(pk=slot.pk).exists()


def test_booked_slot_and_session_stay(organiser_client, event):
    slot = SlotFactory(session__event=event)
    BookingFactory(slot=slot, registration__event=event)
    organiser_client.post(
        reverse("organise:slot_delete", kwargs={"pk": event.pk, "slot_pk": slot.pk})
    )
    response = organiser_client.post(
        reverse("organise:session_delete", kwargs={"pk": event.pk, "session_pk": slot.session_id}),
        follow=True,
    )
    assert Slot.objects.filter(pk=slot.pk).exists()
    assert 'class="alert alert-danger"' in response.content.decode()


def test_remove_a_session_with_its_empty_slots(organiser_client, event):
    slot = SlotFactory(session__event=event)
    BookingFactory(slot=slot, registration__event=event, status=Booking.Status.CANCELLED)
    organiser_client.post(
        reverse("organise:session_delete", kwargs={"pk": event.pk, "session_pk": slot.session_id})
    )
    assert Session.objects.filter(event=event).count() == 0
