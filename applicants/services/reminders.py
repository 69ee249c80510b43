"""Reminders: found due in the database by a periodic task, never scheduled
ahead as ETA tasks (on a Redis broker those run twice after the visibility
timeout and go stale when times change).

Each reminder's key — kind and registration — is claimed by the outbox's
unique constraint before anything is sent, so a second beat, a retried task
or two runs at once never send the same reminder twice.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from applicants.models import Booking, Registration, ReminderSetting
from applicants.services.notices import message_to_applicant
from applicants.tokens import registration_personal_url, reply_url
from events.models import Event
from messaging.models import Message
from messaging.services import messages_dispatch_on_commit

DAY_BEFORE = "reminder_day_before"
HOURS_BEFORE = "reminder_hours_before"
# Look this far ahead for events whose reminders may fall due.
HORIZON = timedelta(days=3)


@dataclass(frozen=True)
class Schedule:
    day_before_at: time | None
    hours_before: int | None

    @classmethod
    def for_event(cls, event: Event) -> "Schedule":
        setting = getattr(event, "reminder_setting", None)
        if setting is None:
            return cls(
                day_before_at=time.fromisoformat(ReminderSetting.DEFAULT_DAY_BEFORE_AT),
                hours_before=ReminderSetting.DEFAULT_HOURS_BEFORE,
            )
        return cls(day_before_at=setting.day_before_at, hours_before=setting.hours_before)

    def due_times(self, first_session: datetime) -> dict[str, datetime]:
        """When each reminder for a person whose first session starts at
        ``first_session`` is due, in aware datetimes."""
        due = {}
        zone = timezone.get_default_timezone()
        if self.day_before_at is not None:
            day = timezone.localtime(first_session, zone).date() - timedelta(days=1)
            due[DAY_BEFORE] = datetime.combine(day, self.day_before_at, tzinfo=zone)
        if self.hours_before is not None:
            due[HOURS_BEFORE] = first_session - timedelta(hours=self.hours_before)
        return due


def reminder_key(kind: str, registration_id: int) -> str:
    return f"{kind}:registration:{registration_id}"


def reminders_due(*, now: datetime | None = None) -> list[tuple[str, Registration]]:
    """The reminders due now and not yet claimed, as (kind, registration).

    A reminder is due from its moment until the person's first session
    starts. It is skipped for people who signed up after its moment (their
    confirmation is fresher) and when a later reminder is due already.
    """
    now = now or timezone.now()
    events = Event.objects.filter(
        status__in=[Event.Status.PUBLISHED, Event.Status.CLOSED],
        ends_at__gte=now,
        starts_at__lte=now + HORIZON,
    ).select_related("reminder_setting")
    schedules = {event.pk: Schedule.for_event(event) for event in events}
    if not schedules:
        return []
    registrations = (
        Registration.objects.filter(event_id__in=schedules, status=Registration.Status.REGISTERED)
        .annotate(
            first_session=Min(
                "bookings__slot__starts_at",
                filter=Q(bookings__status=Booking.Status.CONFIRMED),
            )
        )
        .filter(first_session__gt=now)
        .select_related("applicant", "event__venue")
    )
    candidates = []
    for registration in registrations:
        due = schedules[registration.event_id].due_times(registration.first_session)
        ready = [kind for kind, at in due.items() if registration.created_at <= at <= now]
        if HOURS_BEFORE in ready and DAY_BEFORE in ready:
            ready.remove(DAY_BEFORE)
        candidates.extend((kind, registration) for kind in ready)
    claimed = set(
        Message.objects.filter(
            dedupe_key__in=[
                f"{reminder_key(kind, r.pk)}:{channel}"
                for kind, r in candidates
                for channel in ("email", "sms")
            ]
        ).values_list("dedupe_key", flat=True)
    )
    return [
        (kind, registration)
        for kind, registration in candidates
        if not {
            f"{reminder_key(kind, registration.pk)}:email",
            f"{reminder_key(kind, registration.pk)}:sms",
        }
        & claimed
    ]


def reminder_context(*, registration: Registration) -> dict:
    """What a reminder says: the person's sessions, where the first one takes
    place (a session may be elsewhere than the event), what to bring, and the
    answer links."""
    bookings = list(
        registration.bookings.filter(status=Booking.Status.CONFIRMED)
        .select_related("slot__session__venue", "slot__session__event__venue")
        .order_by("slot__starts_at")
    )
    setting = getattr(registration.event, "reminder_setting", None)
    return {
        "registration": registration,
        "bookings": bookings,
        "venue": bookings[0].slot.session.place if bookings else registration.event.venue,
        "what_to_bring": setting.what_to_bring if setting else "",
        "personal_url": registration_personal_url(registration),
        "coming_url": reply_url(registration, "coming"),
        "not_coming_url": reply_url(registration, "not_coming"),
    }


def reminders_write_due(*, now: datetime | None = None) -> int:
    """Write every due reminder to the outbox, then queue their delivery in
    chunks after the commit; returns how many people were reminded. Safe to run at any time
    and any number of times at once."""
    written_ids = []
    reminded = 0
    for kind, registration in reminders_due(now=now):
        with transaction.atomic():
            written = message_to_applicant(
                kind=kind,
                applicant=registration.applicant,
                event=registration.event,
                context=reminder_context(registration=registration),
                dedupe_key=reminder_key(kind, registration.pk),
                # A reminder after the session has started is no use.
                deliver_until=registration.first_session,
                dispatch=False,
            )
        written_ids.extend(message.pk for message in written)
        reminded += bool(written)
    messages_dispatch_on_commit(message_ids=written_ids)
    return reminded
