"""Talks on other apps' pages: the applicant's personal page shows their
talks through ``{% registration_talks registration token %}`` without the
applicants app knowing them."""

from django import template

from meetings.models import TalkPlan
from meetings.selectors import registration_talks as talks_of

register = template.Library()


@register.inclusion_tag("meetings/includes/registration_talks.html")
def registration_talks(registration, token):
    plan = TalkPlan.objects.filter(event_id=registration.event_id).first()
    return {
        "plan": plan,
        "talks": talks_of(registration=registration) if plan else [],
        "registration": registration,
        "token": token,
    }
