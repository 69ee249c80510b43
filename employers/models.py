from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.choices import GermanLevel
from events.models import Event, Trade

postcode_validator = RegexValidator(r"^\d{5}$", _("Enter a German postcode of five digits."))

EMAIL_TAKEN = _("A company with this e-mail address is registered already.")
NAME_TAKEN = _("A company with this name is registered already at this postcode.")


class Employer(models.Model):
    """A company that offers positions and comes to fair days."""

    class Size(models.TextChoices):
        MICRO = "1-9", _("1–9 staff")
        SMALL = "10-49", _("10–49 staff")
        MEDIUM = "50-249", _("50–249 staff")
        LARGE = "250+", _("250 staff or more")

    name = models.CharField(_("company name"), max_length=200)
    trades = models.ManyToManyField(Trade, related_name="employers", verbose_name=_("trades"))
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5, validators=[postcode_validator])
    city = models.CharField(_("city"), max_length=100)
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(
        _("email"),
        unique=True,
        error_messages={"unique": EMAIL_TAKEN},
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    size = models.CharField(_("company size"), max_length=10, choices=Size.choices)
    languages = models.JSONField(
        _("languages spoken on site"),
        default=list,
        blank=True,
        help_text=_("Codes of the languages staff speak, e.g. de, en, ar."),
    )
    description = models.TextField(_("short description"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employer",
        verbose_name=_("login"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [
            # "Bau Schröder GmbH" and "bau schröder gmbh" in one town are one
            # company: compare names without case.
            models.UniqueConstraint(
                Lower("name"),
                "postcode",
                name="employer_unique_name_postcode",
                violation_error_code="duplicate",
                violation_error_message=NAME_TAKEN,
            ),
        ]

    def __str__(self):
        return self.name


class Position(models.Model):
    """An open position an employer wants to fill."""

    class Kind(models.TextChoices):
        APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
        SKILLED = "skilled", _("Skilled worker")
        HELPER = "helper", _("Helper without training")
        INTERNSHIP = "internship", _("Internship")

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="positions", verbose_name=_("employer")
    )
    trade = models.ForeignKey(
        Trade, on_delete=models.PROTECT, related_name="positions", verbose_name=_("trade")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    openings = models.PositiveSmallIntegerField(
        _("number of openings"), default=1, validators=[MinValueValidator(1)]
    )
    german_level = models.CharField(
        _("German level needed"), max_length=4, choices=GermanLevel.choices
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    driving_licence_required = models.BooleanField(_("driving licence required"), default=False)
    accepts_unrecognised_qualification = models.BooleanField(
        _("foreign qualification not yet recognised is fine"), default=False
    )
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["trade__name", "title"]
        verbose_name = _("open position")
        verbose_name_plural = _("open positions")
        constraints = [
            models.CheckConstraint(condition=Q(openings__gte=1), name="position_openings_positive"),
        ]

    def __str__(self):
        return f"{self.title} ({self.employer})"


class Participation(models.Model):
    """An employer's request to attend an event, decided by an organiser."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("employer"),
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participations", verbose_name=_("event")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attendees = models.PositiveSmallIntegerField(
        _("people coming"), default=1, validators=[MinValueValidator(1)]
    )
    positions = models.ManyToManyField(
        Position,
        blank=True,
        related_name="participations",
        verbose_name=_("positions to talk about"),
    )
    table = models.CharField(_("table"), max_length=20, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "employer__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "event"], name="participation_unique_employer_event"
            ),
            models.CheckConstraint(
                condition=Q(attendees__gte=1), name="participation_attendees_positive"
            ),
        ]

    def __str__(self):
        return f"{self.employer} @ {self.event}"

    @property
    def can_withdraw(self) -> bool:
        """Pending and approved requests can be withdrawn until the day before."""
        return self.status in {
            self.Status.PENDING,
            self.Status.APPROVED,
        } and timezone.localdate() < timezone.localdate(self.event.starts_at)
