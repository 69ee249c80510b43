"""Writes for talks: the talk plan, applicants' wishes, employers' answers
and desks, and interpreters."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applicants.models import Registration
from employers.models import Participation
from events.models import Event
from meetings.models import Interpreter, TalkDesk, TalkPlan, Wish


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
