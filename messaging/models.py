from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.models import Applicant
from employers.models import Employer
from events.models import Event


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Message(models.Model):
    """One message to one recipient on one channel: the outbox.

    It is written in the same transaction as the change that causes it and
    holds the rendered text, or the facts the worker words it from before
    sending, so a rolled-back change sends nothing and a broker outage loses
    nothing: the worker only delivers what is here.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        INVALID = "invalid", _("Invalid address")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=40)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("event"),
    )
    applicant = models.ForeignKey(
        Applicant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("applicant"),
    )
    employer = models.ForeignKey(
        Employer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("employer"),
    )
    batch = models.ForeignKey(
        "Batch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("batch"),
    )
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=5)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    facts = models.JSONField(
        _("facts to word"),
        default=dict,
        blank=True,
        help_text=_(
            "What a message written in a hurry is to say; the worker words it before sending."
        ),
    )
    dedupe_key = models.CharField(
        _("unique key"),
        max_length=200,
        null=True,
        blank=True,
        help_text=_("Claimed once: a second message with the same key is never created."),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"),
        default=timezone.now,
        help_text=_("A waiting message is tried from then on."),
    )
    deliver_until = models.DateTimeField(
        _("deliver until"),
        null=True,
        blank=True,
        help_text=_("Passing failures are tried again until then; afterwards the message failed."),
    )
    claimed_until = models.DateTimeField(
        _("claimed until"),
        null=True,
        blank=True,
        help_text=_("A message being sent belongs to its worker until then."),
    )
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=Q(dedupe_key__isnull=False),
                name="message_unique_dedupe_key",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "kind"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient} ({self.status})"


class Batch(models.Model):
    """A bulk sending (an invitation to many people, a free message), whose
    progress organisers follow.

    It is written at once with what it says and to whom (``audience``, in
    the words of the app whose people they are); its messages may be written
    later, a chunk at a time, by whoever expands it (``expanded_through``
    remembers how far, ``expanded_at`` when it was done)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="message_batches", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=40)
    context = models.JSONField(_("text"), default=dict, blank=True)
    audience = models.JSONField(_("audience"), default=list, blank=True)
    form_token = models.CharField(
        _("form token"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The form that asked for it: sending the form again sends nothing twice."),
    )
    expanded_through = models.PositiveBigIntegerField(_("recipients written up to"), default=0)
    expanded_at = models.DateTimeField(_("all recipients written at"), null=True, blank=True)
    total = models.PositiveIntegerField(_("recipients"), default=0)
    skipped = models.PositiveIntegerField(
        _("skipped"), default=0, help_text=_("No consent or no way to reach them.")
    )
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bulk sending")
        verbose_name_plural = _("bulk sendings")

    def __str__(self):
        return f"{self.kind} ({self.event})"
