"""Talks between one applicant and one employer at a fair day.

An event's talk plan divides a period of the day into rounds of equal
length. Applicants wish to talk with employers, employers answer (or invite
people themselves), interpreters say when they can sit in, and the
schedule puts each talk into a round at one of the employer's tables.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applicants.models import Registration
from employers.models import Participation
from events.choices import SpokenLanguage
from events.models import Event


class TalkPlan(models.Model):
    """When the talks of an event take place and how many each person has."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="talk_plan", verbose_name=_("event")
    )
    starts_at = models.DateTimeField(_("talks start"))
    ends_at = models.DateTimeField(_("talks end"))
    talk_minutes = models.PositiveSmallIntegerField(_("minutes per talk"), default=10)
    change_minutes = models.PositiveSmallIntegerField(_("minutes to change tables"), default=2)
    max_talks = models.PositiveSmallIntegerField(
        _("talks per applicant at most"),
        default=3,
        help_text=_("Nobody gets a second talk while someone else has none."),
    )
    max_wishes = models.PositiveSmallIntegerField(_("employers an applicant may choose"), default=5)
    published_at = models.DateTimeField(_("schedule published"), null=True, blank=True)

    class ScheduleState(models.TextChoices):
        NONE = "", _("Not made yet")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Made")
        FAILED = "failed", _("Failed")

    schedule_state = models.CharField(
        _("schedule"), max_length=20, choices=ScheduleState, blank=True
    )
    schedule_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    scheduled_at = models.DateTimeField(_("schedule made"), null=True, blank=True)
    # The solver's figures: talks, applicants without a talk and why, ...
    schedule_stats = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("talk plan")
        verbose_name_plural = _("talk plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="talk_plan_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(talk_minutes__gte=1), name="talk_plan_talk_minutes"),
            models.CheckConstraint(condition=Q(max_talks__gte=1), name="talk_plan_max_talks"),
        ]

    def __str__(self):
        return f"{self.event}: {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    @property
    def round_count(self) -> int:
        step = timedelta(minutes=self.talk_minutes + self.change_minutes)
        talk = timedelta(minutes=self.talk_minutes)
        span = self.ends_at - self.starts_at
        return max(0, (span - talk) // step + 1) if span >= talk else 0

    def round_times(self, number: int) -> tuple:
        """Start and end of round ``number`` (counted from 0)."""
        starts_at = self.starts_at + number * timedelta(
            minutes=self.talk_minutes + self.change_minutes
        )
        return starts_at, starts_at + timedelta(minutes=self.talk_minutes)


class Wish(models.Model):
    """One applicant and one employer who may talk: the applicant's wish, the
    employer's answer, or the employer's own invitation (no wish)."""

    class Level(models.TextChoices):
        VERY_MUCH = "very_much", _("Very much")
        INTERESTED = "interested", _("Interested")

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="talk_wishes",
        verbose_name=_("registration"),
    )
    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="talk_wishes",
        verbose_name=_("employer at the event"),
    )
    level = models.CharField(_("applicant's wish"), max_length=20, choices=Level, blank=True)
    answer = models.CharField(_("employer's answer"), max_length=20, choices=Answer, blank=True)
    invited = models.BooleanField(_("invited by the employer"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("talk wish")
        verbose_name_plural = _("talk wishes")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "participation"], name="wish_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(level="") | Q(invited=True), name="wish_asked_by_someone"
            ),
        ]

    def __str__(self):
        return f"{self.registration} → {self.participation}"


class TalkDesk(models.Model):
    """How many talks an employer runs at once, and the rounds they are away."""

    participation = models.OneToOneField(
        Participation,
        on_delete=models.CASCADE,
        related_name="talk_desk",
        verbose_name=_("employer at the event"),
    )
    tables = models.PositiveSmallIntegerField(
        _("talks at once"), default=1, help_text=_("Tables or recruiters at the same time.")
    )
    away_rounds = models.JSONField(_("rounds away"), default=list, blank=True)

    class Meta:
        verbose_name = _("talk desk")
        verbose_name_plural = _("talk desks")

    def __str__(self):
        return str(self.participation)


class Interpreter(models.Model):
    """Someone who sits in on talks and interprets, in the rounds they can."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="interpreters", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobile phone"), max_length=32, blank=True)
    language = models.CharField(
        _("interprets from German into"), max_length=8, choices=SpokenLanguage
    )
    rounds = models.JSONField(_("rounds available"), default=list, blank=True)

    class Meta:
        ordering = ["event", "name"]
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")

    def __str__(self):
        return f"{self.name} ({self.get_language_display()})"


class Talk(models.Model):
    """A scheduled talk: one applicant, one employer, one round, one table."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        NO_SHOW = "no_show", _("Did not come")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="talks", verbose_name=_("event")
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="talks", verbose_name=_("applicant")
    )
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="talks", verbose_name=_("employer")
    )
    round = models.PositiveSmallIntegerField(_("round"))
    table = models.PositiveSmallIntegerField(_("table"), default=1)
    interpreter = models.ForeignKey(
        Interpreter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talks",
        verbose_name=_("interpreter"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)

    class Meta:
        ordering = ["event", "round", "participation", "table"]
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "participation"], name="talk_pair_meets_once"
            ),
            models.UniqueConstraint(
                fields=["registration", "round"], name="talk_one_per_round_for_applicant"
            ),
            models.UniqueConstraint(
                fields=["participation", "round", "table"], name="talk_one_per_table_and_round"
            ),
            models.UniqueConstraint(
                fields=["interpreter", "round"],
                condition=Q(interpreter__isnull=False),
                name="talk_one_per_round_for_interpreter",
            ),
        ]

    def __str__(self):
        return f"{self.registration} ↔ {self.participation}, round {self.round + 1}"


class Contact(models.Model):
    """An applicant an employer met at the fair (their code scanned or typed
    at the table, or a scheduled talk), and what the employer noted: a
    rating, a short note and the next step they agreed. The applicant sees
    the next step on their personal page and may withdraw their consent for
    this employer: from then on the employer's copy shows nothing of them."""

    NOTE_LENGTH = 500

    class NextStep(models.TextChoices):
        NONE = "none", _("None")
        DOCUMENTS = "documents", _("Send documents")
        TRIAL_DAY = "trial_day", _("Trial day")
        INTERNSHIP = "internship", _("Internship")
        APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
        JOB_OFFER = "job_offer", _("Job offer")
        RECOGNITION = "recognition", _("Advice on recognition of qualifications")

    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("employer"),
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("applicant"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("1 (no match) to 4 (very good match)."),
    )
    note = models.CharField(_("note"), max_length=NOTE_LENGTH, blank=True)
    next_step = models.CharField(
        _("next step"), max_length=20, choices=NextStep.choices, default=NextStep.NONE
    )
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("noted by"),
    )
    withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("met at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["participation", "-created_at", "id"]
        verbose_name = _("contact at the table")
        verbose_name_plural = _("contacts at the table")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "registration"], name="contact_once_per_employer"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=4),
                name="contact_rating_1_to_4",
            ),
        ]

    def __str__(self):
        return f"{self.participation} → {self.registration}"
