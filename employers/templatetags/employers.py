"""Employers' parts of other apps' pages: the event page shows its employers
through ``{% event_employers event %}`` without the events app knowing them."""

from django import template

from employers.selectors import event_employers_public

register = template.Library()


@register.inclusion_tag("employers/includes/event_employers.html")
def event_employers(event):
    return {"event_employers": event_employers_public(event=event)}
