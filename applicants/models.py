from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, Upper
from django.utils.translation import gettext_lazy as _

from applicants.codes import checkin_code_display
from events.choices import GermanLevel, SpokenLanguage
from events.models import Event, Slot, Trade


class AdviceTopic(models.TextChoices):
    WORK_PERMIT = "work_permit", _("Work permit and residence title")
    WAGE_SUBSIDY = "wage_subsidy", _("Wage subsidies")
    RECOGNITION = "recognition", _("Recognition of foreign qualifications")
    QUALIFICATION = "qualification", _("Qualification courses")
    OTHER = "other", _("Other questions")


class Applicant(models.Model):
    """A person looking for work or training. Holds only what the organisers
    need to run the day; nationality and residence status are never asked."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("mobile phone"), max_length=32, blank=True)
    language = models.CharField(
        _("language for messages"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    spoken_languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    german_level = models.CharField(
        _("German level"), max_length=4, choices=GermanLevel.choices, default=GermanLevel.NONE
    )
    trades = models.ManyToManyField(
        Trade, blank=True, related_name="applicants", verbose_name=_("trades of interest")
    )
    experience_years = models.PositiveSmallIntegerField(_("years of work experience"), default=0)
    has_foreign_certificate = models.BooleanField(_("has a foreign certificate"), default=False)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.CharField(
        _("interpreter language"), max_length=5, choices=SpokenLanguage.choices, blank=True
    )
    advice_topics = models.JSONField(_("questions for the advisers"), default=list, blank=True)
    questions = models.TextField(_("other questions"), blank=True)
    # Shown to employers of the fair with first name, trades, German and
    # languages: never contact data before the fair.
    talk_line = models.CharField(_("what I can do"), max_length=200, blank=True)
    talk_pool = models.BooleanField(
        _("employers of my trades may invite me to a talk"), default=False
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="", phone="") | Q(anonymised_at__isnull=False),
                name="applicant_reachable",
            ),
            models.CheckConstraint(
                condition=Q(needs_interpreter=False) | ~Q(interpreter_language=""),
                name="applicant_interpreter_language_given",
            ),
        ]
        indexes = [
            models.Index(fields=["email"]),
            models.Index(fields=["phone"]),
            # Duplicate sign-ups are found by e-mail in any case
            # (``email__iexact``, i.e. UPPER(email::text)) under the event's
            # row lock: without this index that is a scan of every applicant.
            models.Index(
                Upper(Cast("email", output_field=models.TextField())),
                name="applicant_email_upper_idx",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


class Registration(models.Model):
    """An applicant's place at an event (or on its waiting list)."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    # Statuses that take one of the event's guest places.
    HOLDS_PLACE = (Status.REGISTERED, Status.ATTENDED, Status.NO_SHOW)

    applicant = models.ForeignKey(
        Applicant,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("applicant"),
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
        help_text=_("The staff member who signed the applicant up on their behalf."),
    )
    code = models.CharField(
        _("code for the entrance"),
        max_length=6,
        editable=False,
        help_text=_("Printed under the QR code; typed at the check-in desk."),
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    # The sign-up form it came from: the same form sent again (a second tap,
    # Back and send again) finds this registration instead of a second one.
    form_token = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "event"], name="registration_unique_applicant_event"
            ),
            models.UniqueConstraint(
                fields=["event", "form_token"],
                condition=~models.Q(form_token=""),
                name="registration_unique_form_token",
            ),
            # The check-in finds a typed code within the event, by this
            # constraint's index.
            models.UniqueConstraint(
                fields=["event", "code"], name="registration_unique_event_code"
            ),
            models.CheckConstraint(condition=~Q(code=""), name="registration_code_given"),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return f"{self.applicant} @ {self.event}"

    @property
    def code_display(self) -> str:
        """The code for the entrance as printed: ``ABC-DEF``."""
        return checkin_code_display(self.code)


class Booking(models.Model):
    """A registration's claim on a session slot: confirmed, or waiting in line."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="bookings",
        verbose_name=_("registration"),
    )
    slot = models.ForeignKey(
        Slot, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("time slot")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    promoted_at = models.DateTimeField(
        _("moved up from the waiting list at"), null=True, blank=True
    )

    class Meta:
        ordering = ["slot", "created_at", "id"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "slot"],
                condition=~Q(status="cancelled"),
                name="booking_unique_active_registration_slot",
            ),
        ]
        indexes = [models.Index(fields=["slot", "status", "created_at"])]

    def __str__(self):
        return f"{self.registration.applicant} → {self.slot}"


class RetentionLog(models.Model):
    """What each run of the retention clean-up did: proof that personal data
    is removed after the retention period (GDPR Art. 5(1)(e))."""

    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    retention_days = models.PositiveIntegerField(_("retention period in days"))
    cutoff = models.DateTimeField(_("events ended before"))
    applicants_anonymised = models.PositiveIntegerField(_("applicants anonymised"))

    class Meta:
        ordering = ["-ran_at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d}: {self.applicants_anonymised}"


class ReminderSetting(models.Model):
    """When an event's reminders go out; events without a row use the defaults."""

    DEFAULT_DAY_BEFORE_AT = "17:00"
    DEFAULT_HOURS_BEFORE = 2

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="reminder_setting", verbose_name=_("event")
    )
    day_before_at = models.TimeField(
        _("day-before reminder at"),
        null=True,
        blank=True,
        help_text=_("Time on the day before a person's first session; empty: no such reminder."),
    )
    hours_before = models.PositiveSmallIntegerField(
        _("hours before the first session"),
        null=True,
        blank=True,
        help_text=_("Empty: no such reminder."),
    )
    what_to_bring = models.TextField(
        _("what to bring"),
        blank=True,
        help_text=_("E.g. ID, CV, certificates; shown in the reminders."),
    )

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return str(self.event)


class Reply(models.Model):
    """An applicant's answer to a reminder: coming or not."""

    class Answer(models.TextChoices):
        COMING = "coming", _("I am coming")
        NOT_COMING = "not_coming", _("I cannot come")

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="reply",
        verbose_name=_("registration"),
    )
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices)
    answered_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        verbose_name = _("reply to a reminder")
        verbose_name_plural = _("replies to reminders")

    def __str__(self):
        return f"{self.registration}: {self.answer}"


class Consent(models.Model):
    """What an applicant agreed to, for which purpose, in which wording and
    when; and when they took it back. A purpose given again after being
    withdrawn is a new row: the record of what held when."""

    class Purpose(models.TextChoices):
        SIGN_UP = (
            "sign_up",
            _("I agree that the organisers store and use my data to run this event."),
        )
        SHARE = (
            "share",
            _(
                "Employers I meet at the fair may see my first name, trades, German level, "
                "languages and what I can do."
            ),
        )
        CONTACT = "contact", _("Employers I meet at the fair may contact me afterwards.")
        FOLLOW_UP = (
            "follow_up",
            _(
                "The organisers may ask me after the fair what I am doing now "
                "(the day after, after four weeks and after six months)."
            ),
        )

    applicant = models.ForeignKey(
        Applicant, on_delete=models.CASCADE, related_name="consents", verbose_name=_("applicant")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    wording = models.CharField(
        _("wording version"),
        max_length=20,
        help_text=_("The version of the text the person agreed to."),
    )
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["applicant", "purpose", "given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_current_per_purpose",
            ),
        ]

    def __str__(self):
        return f"{self.applicant}: {self.purpose}"


class FollowUp(models.Model):
    """ "What are you doing now?", asked after the fair of someone who came
    and agreed to be asked, and their answer (none yet, or withdrawn: empty)."""

    class Point(models.TextChoices):
        EXIT = "exit", _("The day after the fair")
        WEEKS_4 = "weeks_4", _("Four weeks after")
        MONTHS_6 = "months_6", _("Six months after")

    class Answer(models.TextChoices):
        JOB = "job", _("I have a job")
        APPRENTICESHIP = "apprenticeship", _("I am doing an apprenticeship")
        INTERNSHIP = "internship", _("I am doing an internship or trial work")
        COURSE = "course", _("I am in a language or qualification course")
        LOOKING = "looking", _("I am still looking")
        OTHER = "other", _("Something else")
        NO_ANSWER = "no_answer", _("I would rather not say")

    # When each question is asked, in days after the event's last day (in
    # the morning), and how long its link stays open after that.
    DAYS_AFTER = {Point.EXIT: 1, Point.WEEKS_4: 28, Point.MONTHS_6: 182}
    OPEN_DAYS = 28

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("registration"),
    )
    point = models.CharField(_("when"), max_length=10, choices=Point.choices)
    asked_at = models.DateTimeField(_("asked at"))
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["registration", "asked_at"]
        verbose_name = _("follow-up question")
        verbose_name_plural = _("follow-up questions")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "point"], name="follow_up_once_per_point"
            ),
            models.CheckConstraint(
                condition=Q(answer="", answered_at__isnull=True)
                | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="follow_up_answer_dated",
            ),
        ]

    def __str__(self):
        return f"{self.registration}: {self.point} {self.answer}"


class DoorCheckIn(models.Model):
    """A check-in or walk-in a device at the door recorded, maybe offline,
    and how the server applied it. The device makes ``client_id``: the same
    item sent again (a retry after a dropped connection) is answered with
    this row's result instead of being applied twice."""

    class Kind(models.TextChoices):
        CHECK_IN = "check_in", _("Check-in")
        WALK_IN = "walk_in", _("Walk-in")

    class Outcome(models.TextChoices):
        CHECKED_IN = "checked_in", _("Checked in")
        ALREADY = "already", _("Checked in already")
        CONFLICT_CANCELLED = "conflict_cancelled", _("Let in, but the registration was cancelled")
        UNKNOWN = "unknown", _("Nobody of this event")
        WALK_IN_CREATED = "walk_in_created", _("Walk-in registered")
        WALK_IN_DUPLICATE = "walk_in_duplicate", _("Walk-in registered already: checked in")

    client_id = models.UUIDField(_("id made by the device"), unique=True, editable=False)
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="door_check_ins", verbose_name=_("event")
    )
    # Empty for a code that named nobody.
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="door_check_ins",
        verbose_name=_("registration"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    recorded_at = models.DateTimeField(_("recorded on the device at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    # A walk-in's details as the door's form took them (the on-behalf form's
    # fields only); empty for check-ins.
    payload = models.JSONField(_("details sent"), default=dict, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        ordering = ["event", "received_at", "id"]
        verbose_name = _("check-in from the door")
        verbose_name_plural = _("check-ins from the door")
        indexes = [models.Index(fields=["event", "outcome"])]

    def __str__(self):
        return f"{self.client_id}: {self.outcome}"
