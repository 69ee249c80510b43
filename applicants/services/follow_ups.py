"""Follow-up questions: "What are you doing now?", asked the day after the
fair, four weeks and six months after it, of the people who came and agree
to be asked.

They are found due by a periodic task, as reminders are. Each point in time
is due at ``ASK_AT`` (Berlin time) on its day and stays open for
``FollowUp.OPEN_DAYS``; never later, so nobody is asked about a fair long
past. The ``FollowUp`` row is the record of what was asked: it is written in
the transaction of the message, and its unique constraint (with the
outbox's dedupe key) claims the question, so two runs at once ask each
person once. Each scan reads only the events one of whose points is open
now, and of them only the people not asked at that point yet.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from applicants.models import Consent, FollowUp, Registration
from applicants.selectors import consent_given
from applicants.services.notices import applicant_recipient, message_to_applicant
from applicants.tokens import follow_up_url
from events.models import Event
from messaging.services import messages_dispatch_on_commit

KIND = "follow_up_question"
# In the morning: a question that arrives at night is read in a hurry.
ASK_AT = time(10, 0)
# Later points first: when two are open at once, only the later is asked.
POINTS_LATEST_FIRST = sorted(FollowUp.DAYS_AFTER, key=FollowUp.DAYS_AFTER.get, reverse=True)


def follow_up_key(point: str, registration_id: int) -> str:
    return f"follow_up_{point}:registration:{registration_id}"


def follow_up_due_at(*, ends_at: datetime, point: str) -> datetime:
    """When the question at ``point`` is due for an event ending at ``ends_at``."""
    zone = timezone.get_default_timezone()
    day = timezone.localtime(ends_at, zone).date() + timedelta(days=FollowUp.DAYS_AFTER[point])
    return datetime.combine(day, ASK_AT, tzinfo=zone)


def follow_up_closes_at(*, ends_at: datetime, point: str) -> datetime:
    """Until when the question at ``point`` is asked."""
    return follow_up_due_at(ends_at=ends_at, point=point) + timedelta(days=FollowUp.OPEN_DAYS)


def follow_up_point_open(*, ends_at: datetime, now: datetime) -> str | None:
    """The latest point whose question is open at ``now``, or ``None``."""
    for point in POINTS_LATEST_FIRST:
        if (
            follow_up_due_at(ends_at=ends_at, point=point)
            <= now
            < follow_up_closes_at(ends_at=ends_at, point=point)
        ):
            return point
    return None


def _events_by_point(now: datetime) -> dict[str, list[int]]:
    """The events one of whose points is open now, by that point. Read by
    the ends of the events a day wider than the points' windows (the day
    boundaries are Berlin's), then exactly."""
    could_be_open = Q(pk__in=[])
    for days in FollowUp.DAYS_AFTER.values():
        could_be_open |= Q(
            ends_at__gt=now - timedelta(days=days + FollowUp.OPEN_DAYS + 1),
            ends_at__lt=now - timedelta(days=days - 1),
        )
    events = Event.objects.filter(
        could_be_open, status__in=[Event.Status.PUBLISHED, Event.Status.CLOSED]
    ).values_list("pk", "ends_at")
    by_point = {}
    for event_id, ends_at in events:
        point = follow_up_point_open(ends_at=ends_at, now=now)
        if point is not None:
            by_point.setdefault(point, []).append(event_id)
    return by_point


def follow_ups_due(*, now: datetime | None = None) -> QuerySet[Registration]:
    """The registrations to ask now, each with the point to ask at
    (``follow_up_point``): people who came, whose data is kept and who
    agree to follow-up questions, not asked at that point yet. Two queries,
    however many people."""
    now = now or timezone.now()
    by_point = _events_by_point(now)
    if not by_point:
        return Registration.objects.none()
    not_asked = Q(pk__in=[])
    for point, event_ids in by_point.items():
        asked = FollowUp.objects.filter(registration=OuterRef("pk"), point=point)
        not_asked |= Q(event_id__in=event_ids) & ~Exists(asked)
    return (
        Registration.objects.filter(
            not_asked,
            consent_given(Consent.Purpose.FOLLOW_UP, applicant="applicant"),
            status=Registration.Status.ATTENDED,
            applicant__anonymised_at__isnull=True,
        )
        .annotate(
            follow_up_point=Case(
                *(When(event_id__in=ids, then=Value(point)) for point, ids in by_point.items()),
                output_field=CharField(),
            )
        )
        .select_related("applicant", "event")
        .order_by("pk")
    )


def follow_up_context(*, registration: Registration, point: str) -> dict:
    """What the question says: one link per answer, and the page's link."""
    return {
        "registration": registration,
        "point": point,
        "question_url": follow_up_url(registration, point),
        "answers": [
            {"label": label, "url": follow_up_url(registration, point, value)}
            for value, label in FollowUp.Answer.choices
        ],
    }


def follow_ups_write_due(*, now: datetime | None = None) -> int:
    """Ask everyone due now: record the question and write its message in one
    transaction per person, then queue the messages' delivery after the
    commit. Returns how many people were asked. Safe to run at any time and
    any number of times at once."""
    now = now or timezone.now()
    written_ids = []
    asked = 0
    for registration in follow_ups_due(now=now):
        if applicant_recipient(applicant=registration.applicant) is None:
            continue
        point = registration.follow_up_point
        with transaction.atomic():
            _follow_up, created = FollowUp.objects.get_or_create(
                registration=registration, point=point, defaults={"asked_at": now}
            )
            if not created:
                continue
            written = message_to_applicant(
                kind=KIND,
                applicant=registration.applicant,
                event=registration.event,
                context=follow_up_context(registration=registration, point=point),
                dedupe_key=follow_up_key(point, registration.pk),
                deliver_until=follow_up_closes_at(ends_at=registration.event.ends_at, point=point),
                dispatch=False,
            )
        written_ids.extend(message.pk for message in written)
        asked += 1
    messages_dispatch_on_commit(message_ids=written_ids)
    return asked


def follow_up_open(*, registration: Registration, point: str) -> FollowUp | None:
    """The question at ``point`` if it was asked of this person and they
    still agree to be asked; else ``None`` (the link opens nothing)."""
    return (
        FollowUp.objects.filter(registration=registration, point=point)
        .filter(consent_given(Consent.Purpose.FOLLOW_UP, applicant="registration__applicant"))
        .first()
    )


@transaction.atomic
def follow_up_answer(*, follow_up: FollowUp, answer: str) -> str:
    """Record ``answer`` with the time, replacing an earlier one; ``""``
    withdraws the answer. The same answer again keeps its first date.
    Returns the answer replaced (``""`` for none)."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    previous = follow_up.answer
    if answer != previous:
        follow_up.answer = answer
        follow_up.answered_at = timezone.now() if answer else None
        follow_up.save(update_fields=["answer", "answered_at"])
    return previous
