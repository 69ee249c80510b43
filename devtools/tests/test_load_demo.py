import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from applicants.models import Applicant, Booking, Consent, FollowUp, Registration
from employers.models import Employer, Participation, Position
from events.models import Event, Organisation, Session, Slot
from events.selectors import slot_room_clash
from meetings.models import Contact, Talk, Wish
from messaging.models import Message

# The demo is loaded once for the module (``demo_data``); each test reads it
# and rolls back what it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

MODELS = [
    Organisation,
    Event,
    Session,
    Slot,
    Employer,
    Position,
    Participation,
    Applicant,
    Registration,
    Booking,
    Message,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_fair_day_has_the_borsdorf_shape():
    fair_day = Event.objects.get(slug="bewerbertag-bauberufe")
    assert fair_day.organisations.count() == 3
    assert fair_day.venue.city == "Borsdorf"
    workshops = fair_day.sessions.filter(kind=Session.Kind.WORKSHOP)
    assert workshops.count() == 4
    assert all(2 <= w.slots.count() <= 3 for w in workshops)
    assert fair_day.sessions.filter(kind=Session.Kind.INFO).count() == 3
    assert fair_day.participations.filter(status=Participation.Status.APPROVED).count() == 11
    assert all(1 <= e.positions.count() <= 4 for e in Employer.objects.all())
    assert fair_day.registrations.count() == 80
    assert Booking.objects.filter(status=Booking.Status.WAITLISTED).exists()
    languages = set(Applicant.objects.values_list("language", flat=True))
    assert languages == {"de", "en", "ar", "uk", "fa"}
    spoken = {
        code
        for codes in Applicant.objects.values_list("spoken_languages", flat=True)
        for code in codes
    }
    assert {"ti", "prs"} <= spoken


def test_demo_seminar_series_spans_leipzig_and_goerlitz():
    series = Event.objects.get(slug="iq-themenreihe")
    cities = [s.place.city for s in series.sessions.order_by("slots__starts_at")]
    assert cities == ["Leipzig", "Leipzig", "Görlitz"]


def test_demo_never_overbooks_a_slot():
    for slot in Slot.objects.all():
        assert slot.bookings.filter(status=Booking.Status.CONFIRMED).count() <= slot.capacity


def test_loading_the_demo_twice_changes_nothing():
    before = _counts()
    statuses = list(Booking.objects.order_by("pk").values_list("status", flat=True))
    call_command("load_demo", stdout=None)
    assert _counts() == before
    assert list(Booking.objects.order_by("pk").values_list("status", flat=True)) == statuses


def test_demo_shows_a_confirmation_and_a_reminder_in_each_language():
    sent = set(Message.objects.filter(channel="email").values_list("kind", "language"))
    for language in ["de", "en", "ar", "uk", "fa"]:
        assert ("registration_confirmed", language) in sent
        assert ("reminder_day_before", language) in sent


def test_demo_keeps_the_rules_of_the_services():
    events = Event.objects.filter(slug__in=["bewerbertag-bauberufe", "iq-themenreihe"])
    assert sorted(events.values_list("status", flat=True)) == [Event.Status.PUBLISHED] * 2
    for slot in Slot.objects.select_related("session"):
        clash = slot_room_clash(
            session=slot.session,
            intervals=[(slot.starts_at, slot.ends_at)],
            exclude_ids=[slot.pk],
        )
        assert clash is None, f"{slot} overlaps {clash} in room {slot.session.room}"
    fair_day = events.get(slug="bewerbertag-bauberufe")
    decisions = {
        (p.status, bool(p.table), p.decided_by.username)
        for p in fair_day.participations.select_related("decided_by")
    }
    assert decisions == {(Participation.Status.APPROVED, True, "organiser")}
    assert fair_day.participations.count() == Employer.objects.count()
    for registration in fair_day.registrations.prefetch_related("bookings__slot"):
        slots = sorted((b.slot for b in registration.bookings.all()), key=lambda s: s.starts_at)
        assert not any(a.overlaps(b) for a, b in zip(slots, slots[1:], strict=False))
    confirmed = set(
        Message.objects.filter(kind="registration_confirmed").values_list("applicant", flat=True)
    )
    signed_up = Applicant.objects.filter(registrations__event=fair_day)
    assert confirmed == set(signed_up.values_list("pk", flat=True))


def test_demo_has_a_past_fair_day_with_next_steps_and_answers():
    past = Event.objects.get(slug="bewerbertag-herbst")
    assert past.ends_at < timezone.now()
    contacts = Contact.objects.filter(participation__event=past)
    assert contacts.exclude(next_step=Contact.NextStep.NONE).exists()
    # Employers noted only people who came.
    assert set(contacts.values_list("registration__status", flat=True)) == {"attended"}
    answered = FollowUp.objects.filter(registration__event=past).exclude(answer="")
    assert set(answered.values_list("point", flat=True)) == {"exit", "weeks_4"}
    # Only people who agreed were asked.
    asked = Applicant.objects.filter(registrations__follow_ups__isnull=False).distinct()
    assert all(
        applicant.consents.filter(purpose=Consent.Purpose.FOLLOW_UP).exists() for applicant in asked
    )


def test_demo_employer_signs_in_with_the_demo_password():
    user = get_user_model().objects.get(username="employer")
    assert user.is_active
    assert user.check_password("jobfair-demo")
    assert (user.employer.name, user.employer.email) == (
        "Bau Schröder GmbH",
        "bau-schroeder@example.org",
    )


def test_demo_fair_day_is_translated_into_every_language():
    event = Event.objects.get(slug="bewerbertag-bauberufe")
    untranslated = [
        f"{item} {name}_{code}"
        for item, names in [(event, ["title", "description"])]
        + [(session, ["title"]) for session in event.sessions.all()]
        for name in names
        for code in ["de", "en", "ar", "uk", "fa"]
        if not getattr(item, f"{name}_{code}")
    ]
    assert untranslated == []


def test_demo_fair_day_has_wishes_answers_interpreters_and_a_schedule():
    event = Event.objects.get(slug="bewerbertag-bauberufe")
    plan = event.talk_plan
    assert plan.schedule_state == "done"
    assert event.interpreters.count() == 4
    assert Wish.objects.filter(participation__event=event).exclude(answer="").count() > 50
    talks = Talk.objects.filter(event=event)
    assert talks.count() == plan.schedule_stats["talks"] > 40
    assert talks.exclude(interpreter=None).exists()
    assert plan.schedule_stats["applicants_without_talk"] <= 5
    assert plan.published_at is not None
    told = Message.objects.filter(event=event, kind="talks_planned", channel="email")
    assert told.values("applicant").distinct().count() >= 40
