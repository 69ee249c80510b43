"""Writes for talks: the talk plan, applicants' wishes, employers' answers
and desks, interpreters, and the schedule made from them; and the contacts
employers note at their tables."""

import hashlib
from collections import Counter
from collections.abc import Mapping
from datetime import timedelta
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applicants.models import Applicant, Registration
from applicants.selectors import registration_for_code
from applicants.services.notices import message_to_applicant
from applicants.tokens import registration_from_badge, registration_personal_url
from employers.models import Participation
from employers.services import message_to_employer
from events.models import Event
from meetings import scheduling
from meetings.exports import talks_calendar
from meetings.models import Contact, Interpreter, Talk, TalkDesk, TalkPlan, Wish
from meetings.selectors import (
    interpreter_language,
    needs_interpreter,
    registration_busy_rounds,
    talk_desk,
    talk_instance,
    talks_by_person,
)
from meetings.tokens import interpreter_plan_url
from messaging.services import Recipient, message_enqueue


@transaction.atomic
def talk_plan_save(*, event: Event, **fields) -> TalkPlan:
    """Create or change the event's talk plan (period, length of talks,
    talks per applicant, employers an applicant may choose)."""
    plan = TalkPlan.objects.filter(event=event).first() or TalkPlan(event=event)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def wishes_set(*, registration: Registration, levels: Mapping[Participation, str]) -> None:
    """Make the applicant's wishes these employers at these levels ("very
    much" or "interested"). A wish taken back is deleted unless the employer
    invited the applicant; the employer's answers stay."""
    event = registration.event
    plan = TalkPlan.objects.get(event=event)
    chosen = {p: level for p, level in levels.items() if level}
    if len(chosen) > plan.max_wishes:
        raise ValidationError(_("Choose at most %(count)d employers.") % {"count": plan.max_wishes})
    for participation, level in chosen.items():
        if participation.event_id != event.pk or participation.status != "approved":
            raise ValidationError(_("This employer does not hold talks at this event."))
        if level not in Wish.Level.values:
            raise ValidationError(_("Choose “very much” or “interested”."))
    existing = {wish.participation_id: wish for wish in registration.talk_wishes.all()}
    for participation, level in chosen.items():
        wish = existing.pop(participation.pk, None) or Wish(
            registration=registration, participation=participation
        )
        wish.level = level
        wish.save()
    for wish in existing.values():
        if wish.invited:
            wish.level = ""
            wish.save(update_fields=["level", "updated_at"])
        else:
            wish.delete()


@transaction.atomic
def wish_answer(*, participation: Participation, registration: Registration, answer: str) -> Wish:
    """The employer's answer to an applicant who wants to talk with them;
    answering someone who did not ask is an invitation."""
    if registration.event_id != participation.event_id:
        raise ValidationError(_("This person is not at this event."))
    if answer not in Wish.Answer.values:
        raise ValidationError(_("Answer yes, maybe or no."))
    wish, created = Wish.objects.select_for_update().get_or_create(
        registration=registration,
        participation=participation,
        defaults={"answer": answer, "invited": True},
    )
    if not created:
        wish.answer = answer
        wish.save(update_fields=["answer", "updated_at"])
    return wish


@transaction.atomic
def talk_desk_save(
    *, participation: Participation, tables: int, away_rounds: list[int]
) -> TalkDesk:
    """How many talks the employer runs at once and the rounds they are away."""
    plan = TalkPlan.objects.get(event=participation.event)
    if tables < 1:
        raise ValidationError(_("At least one table."))
    outside = [number for number in away_rounds if not 0 <= number < plan.round_count]
    if outside:
        raise ValidationError(_("There is no round %(number)d.") % {"number": outside[0] + 1})
    desk, _created = TalkDesk.objects.update_or_create(
        participation=participation,
        defaults={"tables": tables, "away_rounds": sorted(set(away_rounds))},
    )
    return desk


@transaction.atomic
def interpreter_save(
    *, event: Event, interpreter: Interpreter | None = None, rounds: list[int], **fields
) -> Interpreter:
    """Add an interpreter to the event's pool, or change one."""
    plan = TalkPlan.objects.get(event=event)
    outside = [number for number in rounds if not 0 <= number < plan.round_count]
    if outside:
        raise ValidationError(_("There is no round %(number)d.") % {"number": outside[0] + 1})
    interpreter = interpreter or Interpreter(event=event)
    for name, value in fields.items():
        setattr(interpreter, name, value)
    interpreter.rounds = sorted(set(rounds))
    interpreter.full_clean()
    interpreter.save()
    return interpreter


# Queued by name: the task calls this module, not the other way round.
SCHEDULE_TASK = "meetings.tasks.talks_schedule_make"
# A schedule "being made" for longer than this has lost its worker: it may
# be started again.
SCHEDULE_STALE = timedelta(minutes=10)


@transaction.atomic
def schedule_queue(*, event: Event) -> TalkPlan:
    """Ask a worker to make the event's schedule; the page stays usable and
    shows the schedule as being made. Pressing again while it is being made
    queues nothing more."""
    plan = TalkPlan.objects.select_for_update().get(event=event)
    if plan.published_at is not None:
        raise ValidationError(_("The schedule is published; change single talks instead."))
    now = timezone.now()
    if (
        plan.schedule_state == TalkPlan.ScheduleState.RUNNING
        and plan.schedule_started_at
        and now - plan.schedule_started_at < SCHEDULE_STALE
    ):
        return plan
    plan.schedule_state = TalkPlan.ScheduleState.RUNNING
    plan.schedule_started_at = now
    plan.save(update_fields=["schedule_state", "schedule_started_at"])
    transaction.on_commit(
        partial(current_app.send_task, SCHEDULE_TASK, kwargs={"event_id": event.pk})
    )
    return plan


def schedule_make(*, event: Event) -> TalkPlan:
    """Make the event's schedule from the wishes, answers, desks and
    interpreters as they are now, and put its talks in place of the earlier
    draft (an employer's tables are numbered from 1 in each round)."""
    try:
        instance = scheduling.instance_from_dict(talk_instance(event=event))
        answer = scheduling.schedule_to_json(scheduling.schedule_talks(instance))
    except scheduling.InstanceError as exc:
        return schedule_failed(event=event, problems=exc.problems)
    with transaction.atomic():
        plan = TalkPlan.objects.select_for_update().get(event=event)
        if plan.published_at is not None:
            return plan
        Talk.objects.filter(event=event).delete()
        tables: Counter = Counter()
        talks = []
        for talk in answer["talks"]:
            key = (talk["employer"], talk["round"])
            tables[key] += 1
            talks.append(
                Talk(
                    event=event,
                    registration_id=int(talk["applicant"]),
                    participation_id=int(talk["employer"]),
                    round=talk["round"],
                    table=tables[key],
                    interpreter_id=int(talk["interpreter"]) if talk["interpreter"] else None,
                )
            )
        Talk.objects.bulk_create(talks)
        plan.schedule_state = TalkPlan.ScheduleState.DONE
        plan.scheduled_at = timezone.now()
        plan.schedule_stats = answer["stats"]
        plan.save(update_fields=["schedule_state", "scheduled_at", "schedule_stats"])
    return plan


def schedule_failed(*, event: Event, problems: list[str]) -> TalkPlan:
    """Record that the schedule could not be made, and why."""
    plan = TalkPlan.objects.get(event=event)
    plan.schedule_state = TalkPlan.ScheduleState.FAILED
    plan.schedule_stats = {"problems": problems}
    plan.save(update_fields=["schedule_state", "schedule_stats"])
    return plan


# Queued by name, as the schedule: the task calls this module.
PUBLISH_TASK = "meetings.tasks.talks_publish_notify"


@transaction.atomic
def schedule_publish(*, event: Event, queue: bool = True) -> TalkPlan:
    """Publish the schedule: applicants see their talks on their personal
    page, employers their table's agenda, interpreters their plan; each is
    told by a worker after the commit (``talks_notify``), or by the caller
    when ``queue`` is off (the demo data, written in one go)."""
    plan = TalkPlan.objects.select_for_update().get(event=event)
    if plan.schedule_state != TalkPlan.ScheduleState.DONE:
        raise ValidationError(_("Make the schedule first."))
    if plan.published_at is None:
        plan.published_at = timezone.now()
        plan.save(update_fields=["published_at"])
    if queue:
        _tell_if_published(plan)
    return plan


def talks_notify(*, event: Event) -> int:
    """Tell everyone with talks in the published schedule what they are:
    each applicant their talks, each employer their agenda, each interpreter
    their plan. Safe to run again: a message already written for the same
    talks is not written twice (its key names the talks). Returns how many
    people were told."""
    plan = TalkPlan.objects.get(event=event)
    if plan.published_at is None:
        return 0
    told = 0
    by_applicant, by_employer, by_interpreter = talks_by_person(event=event)
    for registration, talks in by_applicant.items():
        with transaction.atomic(), translation.override(registration.applicant.language):
            calendar = talks_calendar(registration=registration, talks=talks)
            told += bool(
                message_to_applicant(
                    kind="talks_planned",
                    applicant=registration.applicant,
                    event=event,
                    context={
                        "talks": talks,
                        "plan": plan,
                        "personal_url": registration_personal_url(registration),
                    },
                    dedupe_key=_talks_key("applicant", registration.pk, talks),
                    attachments=[
                        {"filename": "talks.ics", "content": calendar, "mimetype": "text/calendar"}
                    ],
                )
            )
    # Told of talks before, with none left now: told that they are off.
    told_before = Registration.objects.filter(
        event=event, applicant__messages__kind="talks_planned", applicant__messages__event=event
    ).exclude(pk__in=[registration.pk for registration in by_applicant])
    for registration in told_before.select_related("applicant").distinct():
        with transaction.atomic():
            told += bool(
                message_to_applicant(
                    kind="talks_cancelled",
                    applicant=registration.applicant,
                    event=event,
                    context={"personal_url": registration_personal_url(registration)},
                    dedupe_key=_talks_key("applicant", registration.pk, []),
                )
            )
    for participation, talks in by_employer.items():
        with transaction.atomic():
            told += bool(
                message_to_employer(
                    kind="talks_agenda",
                    employer=participation.employer,
                    event=event,
                    context={"talks": talks, "plan": plan, "participation": participation},
                    dedupe_key=_talks_key("employer", participation.pk, talks),
                )
            )
    for interpreter, talks in by_interpreter.items():
        if not interpreter.email and not interpreter.phone:
            continue
        with transaction.atomic():
            told += bool(
                message_enqueue(
                    kind="talks_interpreter",
                    recipient=Recipient(
                        language=settings.LANGUAGE_CODE,
                        email=interpreter.email,
                        phone=interpreter.phone,
                    ),
                    event=event,
                    context={
                        "interpreter": interpreter,
                        "talks": talks,
                        "plan": plan,
                        "event": event,
                        "plan_url": interpreter_plan_url(interpreter),
                    },
                    dedupe_key=_talks_key("interpreter", interpreter.pk, talks),
                )
            )
    return told


def _talks_key(who: str, pk: int, talks: list[Talk]) -> str:
    """The same talks give the same key; a changed talk, a new one."""
    signature = ",".join(
        f"{t.round}:{t.participation_id}:{t.registration_id}:{t.table}:{t.interpreter_id}"
        for t in talks
    )
    digest = hashlib.sha256(signature.encode()).hexdigest()[:16]
    return f"talks:{who}:{pk}:{digest}"


class TalkRefused(ValidationError):
    """A hand-made change that would break a rule of the schedule."""


def _talk_check(
    *,
    plan: TalkPlan,
    registration: Registration,
    participation: Participation,
    round: int,
    exclude: Talk | None = None,
) -> Interpreter | None:
    """Refuse a talk that breaks a hard rule of the schedule; return the
    interpreter it needs (one who is free in the round), or None."""
    event = plan.event
    talks = Talk.objects.filter(event=event).exclude(pk=getattr(exclude, "pk", None))
    if not 0 <= round < plan.round_count:
        raise TalkRefused(_("There is no round %(number)d.") % {"number": round + 1})
    if participation.event_id != event.pk or participation.status != "approved":
        raise TalkRefused(_("This employer does not hold talks at this event."))
    if registration.event_id != event.pk or registration.status not in Registration.HOLDS_PLACE:
        raise TalkRefused(_("This person is not at this event."))
    wish = Wish.objects.filter(registration=registration, participation=participation).first()
    if wish is not None and wish.answer == Wish.Answer.NO:
        raise TalkRefused(_("The employer said no to a talk with this person."))
    desk = talk_desk(participation)
    if round in desk.away_rounds:
        raise TalkRefused(_("The employer is away in this round."))
    if talks.filter(participation=participation, round=round).count() >= desk.tables:
        raise TalkRefused(_("The employer's tables are all taken in this round."))
    if talks.filter(registration=registration, round=round).exists():
        raise TalkRefused(_("The person has another talk in this round."))
    if talks.filter(registration=registration, participation=participation).exists():
        raise TalkRefused(_("These two have a talk already."))
    if talks.filter(registration=registration).count() >= plan.max_talks:
        raise TalkRefused(_("The person has as many talks as anyone may have."))
    if round in registration_busy_rounds(plan=plan, registration=registration):
        raise TalkRefused(_("The person is in a workshop in this round."))
    if not needs_interpreter(registration, participation):
        return None
    language = interpreter_language(registration.applicant)
    busy = talks.filter(round=round, interpreter__isnull=False).values("interpreter")
    for interpreter in event.interpreters.filter(language=language).exclude(pk__in=busy):
        if round in interpreter.rounds:
            return interpreter
    raise TalkRefused(_("No interpreter of this person's language is free in this round."))


@transaction.atomic
def talk_add(*, registration: Registration, participation: Participation, round: int) -> Talk:
    """Add a talk by hand, under the rules of the schedule. A person who had
    not asked for this employer asks now (a walk-in at the desk)."""
    plan = (
        TalkPlan.objects.select_for_update()
        .select_related("event")
        .get(event_id=participation.event_id)
    )
    interpreter = _talk_check(
        plan=plan, registration=registration, participation=participation, round=round
    )
    Wish.objects.get_or_create(
        registration=registration,
        participation=participation,
        defaults={"level": Wish.Level.INTERESTED},
    )
    talk = Talk.objects.create(
        event=plan.event,
        registration=registration,
        participation=participation,
        round=round,
        table=_free_table(participation=participation, round=round),
        interpreter=interpreter,
    )
    _tell_if_published(plan)
    return talk


@transaction.atomic
def talk_move(*, talk: Talk, round: int) -> Talk:
    """Move a talk to another round, under the rules of the schedule."""
    plan = TalkPlan.objects.select_for_update().select_related("event").get(event_id=talk.event_id)
    interpreter = _talk_check(
        plan=plan,
        registration=talk.registration,
        participation=talk.participation,
        round=round,
        exclude=talk,
    )
    talk.table = _free_table(participation=talk.participation, round=round, exclude=talk)
    talk.round = round
    talk.interpreter = interpreter
    talk.save(update_fields=["round", "table", "interpreter"])
    _tell_if_published(plan)
    return talk


def _free_table(*, participation: Participation, round: int, exclude: Talk | None = None) -> int:
    """The lowest table number of the employer not taken in the round."""
    taken = set(
        Talk.objects.filter(participation=participation, round=round)
        .exclude(pk=getattr(exclude, "pk", None))
        .values_list("table", flat=True)
    )
    return next(number for number in range(1, len(taken) + 2) if number not in taken)


@transaction.atomic
def talk_remove(*, talk: Talk) -> None:
    """Take a talk out of the schedule; its place is free for someone else."""
    plan = TalkPlan.objects.select_for_update().get(event_id=talk.event_id)
    talk.delete()
    _tell_if_published(plan)


def _tell_if_published(plan: TalkPlan) -> None:
    """After a change to a published schedule, those whose talks changed are
    told again (``talks_notify`` writes only changed plans)."""
    if plan.published_at is not None:
        transaction.on_commit(
            partial(current_app.send_task, PUBLISH_TASK, kwargs={"event_id": plan.event_id})
        )


def talk_next_free(
    *, registration: Registration, participation: Participation, from_round: int = 0
) -> Talk:
    """On the day: the next round, from ``from_round`` on, in which this
    person can talk with this employer, booked at once (two taps at the
    desk: the person, then the employer)."""
    plan = TalkPlan.objects.get(event_id=participation.event_id)
    reasons = []
    for round in range(from_round, plan.round_count):
        try:
            return talk_add(registration=registration, participation=participation, round=round)
        except TalkRefused as refusal:
            reasons.append(refusal.messages[0])
    raise TalkRefused(reasons[-1] if reasons else _("The talks of this event are over."))


@transaction.atomic
def talk_status_set(*, talk: Talk, status: str) -> Talk:
    """The employer marks a talk held, or that the person did not come."""
    if status not in Talk.Status.values:
        raise ValidationError(_("Choose held or did not come."))
    talk.status = status
    talk.save(update_fields=["status"])
    return talk


def applicant_contacts_anonymise(applicant: Applicant) -> None:
    """What employers noted of a person whose data is deleted or expired:
    their notes and ratings go; the next steps stay as anonymous categories
    for the outcome report (``settings.APPLICANT_ANONYMISE_PARTS``)."""
    Contact.objects.filter(registration__applicant=applicant).update(note="", rating=None)


# Contacts at the employers' tables

# Registrations whose code finds nobody at an employer's table.
NOT_AT_THE_FAIR = (Registration.Status.INVITED, Registration.Status.CANCELLED)


def _registration_at_table(*, participation: Participation, code: str) -> Registration:
    """The person of the employer's fair behind a scanned or typed code."""
    registration = registration_for_code(event=participation.event, code=code)
    if registration is None:
        badge = registration_from_badge(code.strip())
        if badge is not None and badge.event_id != participation.event_id:
            raise ValidationError(_("This QR code is for another fair."))
        raise ValidationError(
            _(
                "We do not know this code. Check it and try again: six letters and "
                "digits, as printed under the QR code."
            )
        )
    if registration.status in NOT_AT_THE_FAIR or registration.applicant.anonymised_at:
        raise ValidationError(_("This person is not signed up for this fair."))
    return registration


def _contact_get_or_create(
    *, participation: Participation, registration: Registration, noted_by
) -> Contact:
    contact, _created = Contact.objects.get_or_create(
        participation=participation,
        registration=registration,
        defaults={"noted_by": noted_by},
    )
    return contact


def contact_meet(*, participation: Participation, code: str, noted_by) -> Contact:
    """The employer's contact with the person whose QR code was scanned, or
    whose code for the entrance was typed, at their table: made the first
    time, the same one after. A code that names nobody at this fair
    (unknown, forged, another fair's, a cancelled registration) is refused
    with a ``ValidationError`` that says which."""
    if participation.status != Participation.Status.APPROVED:
        raise ValidationError(_("Your company is not expected at this fair."))
    registration = _registration_at_table(participation=participation, code=code)
    return _contact_get_or_create(
        participation=participation, registration=registration, noted_by=noted_by
    )


def contact_from_talk(*, talk: Talk, noted_by) -> Contact:
    """The employer's contact with the person of a scheduled talk at their
    table, made the first time (notes taken from the agenda)."""
    return _contact_get_or_create(
        participation=talk.participation, registration=talk.registration, noted_by=noted_by
    )


@transaction.atomic
def contact_note(
    *, contact: Contact, rating: int | None, note: str, next_step: str, noted_by
) -> Contact:
    """What the employer notes of the person: a rating from 1 to 4 (or
    none), a short note and the next step agreed. Nothing is noted of
    someone who withdrew their consent for this employer."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.withdrawn_at is not None:
        raise ValidationError(_("This person withdrew their consent: you cannot take notes."))
    errors = {}
    if rating is not None and not 1 <= rating <= 4:
        errors["rating"] = _("Choose a rating from 1 to 4.")
    if len(note) > Contact.NOTE_LENGTH:
        errors["note"] = _("Write at most %(limit)d characters (this note has %(length)d).") % {
            "limit": Contact.NOTE_LENGTH,
            "length": len(note),
        }
    if next_step not in Contact.NextStep.values:
        errors["next_step"] = _("Choose a next step.")
    if errors:
        raise ValidationError(errors)
    contact.rating, contact.note, contact.next_step = rating, note, next_step
    contact.noted_by = noted_by
    contact.save(update_fields=["rating", "note", "next_step", "noted_by", "updated_at"])
    return contact


@transaction.atomic
def contact_withdraw(*, contact: Contact) -> Contact:
    """The person withdraws their consent for this employer: from now on the
    employer sees nothing of them, and what the employer wrote about them
    (note and rating) goes. The next step stays for the person's own page
    and the organisers' figures. Safe to call again: the first time stays."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.withdrawn_at is None:
        contact.withdrawn_at = timezone.now()
        contact.note, contact.rating = "", None
        contact.save(update_fields=["withdrawn_at", "note", "rating", "updated_at"])
    return contact
