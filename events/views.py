from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from employers.selectors import event_employers_public
from events import selectors
from events.models import Event


def home(request):
    events = selectors.events_public_upcoming()
    return render(request, "events/home.html", {"events": events})


def event_public_detail(request, slug):
    try:
        event = selectors.event_public_get(slug=slug)
    except Event.DoesNotExist:
        raise Http404 from None
    sessions = selectors.event_public_programme(event=event)
    context = {
        "event": event,
        "sessions": sessions,
        "event_employers": event_employers_public(event=event),
    }
    return render(request, "events/public_detail.html", context)


def accessibility(request):
    return render(request, "events/accessibility.html")


def privacy(request):
    return render(request, "events/privacy.html", {"retention_days": settings.RETENTION_DAYS})
