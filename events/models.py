from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A public body or chamber that runs events, alone or with others."""

    class Kind(models.TextChoices):
        JOBCENTER = "jobcenter", _("Jobcenter")
        EMPLOYMENT_AGENCY = "agency", _("Employment agency")
        CHAMBER = "chamber", _("Chamber of crafts")
        NETWORK = "network", _("Network or association")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="organisations",
        blank=True,
        verbose_name=_("organisers"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Trade(models.Model):
    """A craft or occupation, e.g. bricklayer; the reference list for sessions,
    positions and applicants' interests."""

    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("trade")
        verbose_name_plural = _("trades")

    def __str__(self):
        return self.name


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5)
    city = models.CharField(_("city"), max_length=100)
    directions = models.TextField(
        _("how to get there"),
        blank=True,
        help_text=_("Public transport, parking, entrance: shown to guests."),
    )

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            models.UniqueConstraint(fields=["name", "city"], name="venue_unique_name_city"),
        ]

    def __str__(self):
        return f"{self.name}, {self.city}"

    @property
    def address(self):
        return f"{self.street}, {self.postcode} {self.city}"


class Event(models.Model):
    """A fair day, a seminar series or a workshop tour: one or several days."""

    class Kind(models.TextChoices):
        FAIR_DAY = "fair_day", _("Fair day")
        SEMINAR_SERIES = "seminar_series", _("Seminar series")
        WORKSHOP = "workshop", _("Workshop")
        WORKSHOP_TOUR = "workshop_tour", _("Workshop tour")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Registration closed")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("address in the web"), unique=True, max_length=100)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FAIR_DAY)
    organisations = models.ManyToManyField(
        Organisation, related_name="events", verbose_name=_("organising organisations")
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="events", verbose_name=_("venue")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("guest capacity"), help_text=_("How many applicants can come in all.")
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_message = models.TextField(
        _("message on cancelling"),
        blank=True,
        help_text=_("Sent to everyone registered when the event was cancelled."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_window_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:public_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.status != self.Status.DRAFT

    @property
    def sign_up_open(self) -> bool:
        """Whether the public may sign up now: published, within the
        registration window, and not over."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.ends_at > now
            and (self.registration_opens_at is None or self.registration_opens_at <= now)
            and (self.registration_closes_at is None or self.registration_closes_at > now)
        )


class Session(models.Model):
    """Something that happens within an event: a teaching workshop for a trade,
    an info session for advisers' topics, employer talks or a seminar."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Teaching workshop")
        INFO = "info", _("Info session")
        EMPLOYER_TALKS = "employer_talks", _("Employer talks")
        SEMINAR = "seminar", _("Seminar")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    trade = models.ForeignKey(
        Trade,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("trade"),
    )
    room = models.CharField(_("room"), max_length=100, blank=True)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("venue"),
        help_text=_("Only if it differs from the event's venue."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_message = models.TextField(_("message about the cancellation"), blank=True)

    class Meta:
        ordering = ["event", "kind", "title"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="workshop") | Q(trade__isnull=False),
                name="session_workshop_has_trade",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def place(self) -> Venue:
        """Where the session takes place: its own venue, else the event's."""
        return self.venue or self.event.venue

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Slot(models.Model):
    """One time slot of a session with a fixed number of places."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="slots", verbose_name=_("session")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("places"))

    class Meta:
        ordering = ["starts_at", "session_id"]
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["session", "starts_at"], name="slot_unique_session_start"
            ),
        ]

    def __str__(self):
        return f"{self.session} {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"

    def overlaps(self, other):
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at
