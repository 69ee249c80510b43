"""Reads for applicants: what the sign-up form and the personal page show."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from applicants.models import Booking, Registration
from events.models import Event


def event_sign_up_open(*, event: Event) -> bool:
    """Whether the public may sign up now: published, within the registration
    window, and not over."""
    now = timezone.now()
    return (
        event.status == Event.Status.PUBLISHED
        and event.ends_at > now
        and (event.registration_opens_at is None or event.registration_opens_at <= now)
        and (event.registration_closes_at is None or event.registration_closes_at > now)
    )


def registration_bookings(*, registration: Registration) -> QuerySet[Booking]:
    """The registration's confirmed and waiting bookings in time order, each
    with ``waiting_position`` (1 = next to move up; 0 when confirmed), in one
    query whatever the length of the waiting lists."""
    ahead = (
        Booking.objects.filter(slot=OuterRef("slot"), status=Booking.Status.WAITLISTED)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("slot")
        .annotate(count=Count("id"))
        .values("count")
    )
    return (
        registration.bookings.exclude(status=Booking.Status.CANCELLED)
        .select_related("slot__session__trade", "slot__session__venue")
        .annotate(
            waiting_ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)),
        )
        .order_by("slot__starts_at", "slot__session__title")
    )


def registrations_current_for_contact(*, email: str, phone: str) -> QuerySet[Registration]:
    """Registrations for events still to come made with this e-mail address or
    mobile number."""
    same_contact = Q(pk__in=[])
    if email:
        same_contact |= Q(applicant__email__iexact=email)
    if phone:
        same_contact |= Q(applicant__phone=phone)
    return (
        Registration.objects.filter(same_contact)
        .filter(applicant__anonymised_at__isnull=True, event__ends_at__gt=timezone.now())
        .exclude(status=Registration.Status.INVITED)
        .select_related("applicant", "event__venue")
        .order_by("event__starts_at")
    )
