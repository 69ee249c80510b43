"""The employers who noted a person at their table, on the person's page:
``{% registration_contacts registration token %}``, without the applicants
app knowing the tables."""

from django import template

from meetings.selectors import registration_contacts as contacts_of

register = template.Library()


@register.inclusion_tag("meetings/includes/registration_contacts.html")
def registration_contacts(registration, token):
    return {"contacts": list(contacts_of(registration=registration)), "token": token}
