"""Reminders: found due in the database by a periodic task, never scheduled
ahead as ETA tasks (on a Redis broker those run twice after the visibility
timeout and go stale when times change).

Each reminder's key — kind and registration — is claimed by the outbox's
unique constraint before anything is sent, so a second beat, a retried task
or two runs at once never send the same reminder twice. The same keys are
the record of what was sent: each minute's scan looks only at people whose
reminder can be due by now (their first session lies within the reminder's
reach) and is not written yet, so in a quiet minute it reads next to nothing,
however many people the coming days hold.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import CharField, Exists, Min, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
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

    def reach(self, now: datetime) -> dict[str, Q]:
        """For each reminder kind, the first sessions whose reminder of that
        kind is due by ``now``, as a condition on ``first_session``."""
        reach = {}
        zone = timezone.get_default_timezone()
        if self.day_before_at is not None:
            local = timezone.localtime(now, zone)
            # The day-before reminder of a session on day D is due from D-1 at
            # ``day_before_at``: by now for sessions up to tomorrow (today
            # once that time has passed).
            last_day = local.date() + timedelta(days=1 if local.time() >= self.day_before_at else 0)
            day_after = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone)
            reach[DAY_BEFORE] = Q(first_session__lt=day_after)
        if self.hours_before is not None:
            reach[HOURS_BEFORE] = Q(first_session__lte=now + timedelta(hours=self.hours_before))
        return reach


def reminder_key(kind: str, registration_id: int) -> str:
    return f"{kind}:registration:{registration_id}"


def _claimed(kind: str) -> Exists:
    """Whether the reminder of this kind was written for the registration."""
    key = Concat(Value(f"{kind}:registration:"), Cast(OuterRef("pk"), CharField()))
    return Exists(
        Message.objects.filter(
            Q(dedupe_key=Concat(key, Value(":email"))) | Q(dedupe_key=Concat(key, Value(":sms")))
        )
    )


def _schedules(now: datetime) -> dict[int, Schedule]:
    events = Event.objects.filter(
        status__in=[Event.Status.PUBLISHED, Event.Status.CLOSED],
        ends_at__gte=now,
        starts_at__lte=now + HORIZON,
    ).select_related("reminder_setting")
    return {event.pk: Schedule.for_event(event) for event in events}


def reminder_candidates(
    *, now: datetime, schedules: dict[int, Schedule] | None = None
) -> QuerySet[Registration]:
    """The registrations one of whose reminders can be due by ``now`` and is
    not written yet: their first session is still to come and within the
    reminder's reach. Each carries ``first_session`` and, per kind, whether
    its reminder was written."""
    schedules = _schedules(now) if schedules is None else schedules
    could_be_due = Q(pk__in=[])
    for event_id, schedule in schedules.items():
        reach = schedule.reach(now)
        kinds = Q(pk__in=[])
        if HOURS_BEFORE in reach:
            kinds |= reach[HOURS_BEFORE] & Q(hours_before_written=False)
        if DAY_BEFORE in reach:
            # Once the later reminder is written, the earlier one is moot.
            kinds |= reach[DAY_BEFORE] & Q(day_before_written=False, hours_before_written=False)
        could_be_due |= Q(event_id=event_id) & kinds
    return (
        Registration.objects.filter(event_id__in=schedules, status=Registration.Status.REGISTERED)
        .annotate(
            day_before_written=_claimed(DAY_BEFORE),
            hours_before_written=_claimed(HOURS_BEFORE),
            first_session=Min(
                "bookings__slot__starts_at",
                filter=Q(bookings__status=Booking.Status.CONFIRMED),
            ),
        )
        .filter(Q(first_session__gt=now) & could_be_due)
        .select_related("applicant", "event__venue")
    )


def reminders_due(*, now: datetime | None = None) -> list[tuple[str, Registration]]:
    """The reminders due now and not yet written, as (kind, registration).

    A reminder is due from its moment until the person's first session
    starts. It is skipped for people who signed up after its moment (their
    confirmation is fresher) and when a later reminder is due already.
    """
    now = now or timezone.now()
    schedules = _schedules(now)
    if not schedules:
        return []
    due_now = []
    for registration in reminder_candidates(now=now, schedules=schedules):
        due = schedules[registration.event_id].due_times(registration.first_session)
        ready = [kind for kind, at in due.items() if registration.created_at <= at <= now]
        if HOURS_BEFORE in ready and DAY_BEFORE in ready:
            ready.remove(DAY_BEFORE)
        written = {
            DAY_BEFORE: registration.day_before_written,
            HOURS_BEFORE: registration.hours_before_written,
        }
        due_now.extend((kind, registration) for kind in ready if not written[kind])
    return due_now


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
