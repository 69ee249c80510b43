"""Talks on other apps' pages and messages: the applicant's personal page
shows their talks through ``{% registration_talks registration token %}``,
the confirmation where to choose employers, without the applicants app
knowing them."""

from django import template
from django.conf import settings
from django.urls import reverse

from applicants.models import Registration
from applicants.tokens import registration_token
from meetings.models import TalkPlan
from meetings.selectors import registration_talks as talks_of

register = template.Library()


@register.inclusion_tag("meetings/includes/registration_talks.html")
def registration_talks(registration, token):
    plan = TalkPlan.objects.filter(event_id=registration.event_id).first()
    return {
        "plan": plan if registration.status in Registration.HOLDS_PLACE else None,
        "talks": talks_of(registration=registration) if plan else [],
        "token": token,
    }


@register.simple_tag
def talks_wishes_url(registration) -> str:
    """The absolute address where the person chooses employers to talk with,
    while that is open; else empty (for messages)."""
    plan = TalkPlan.objects.filter(event_id=registration.event_id).first()
    if plan is None or plan.published_at or registration.status not in Registration.HOLDS_PLACE:
        return ""
    path = reverse("meetings:wishes", kwargs={"token": registration_token(registration)})
    return settings.SITE_URL.rstrip("/") + path
