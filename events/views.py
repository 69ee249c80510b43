from django.conf import settings
from django.contrib.messages import get_messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from events import selectors
from events.models import Event
from jobfair.cache import public_page_cached, public_page_keep


def home(request):
    events = selectors.events_public_upcoming()
    return render(request, "events/home.html", {"events": events})


def event_public_detail(request, slug):
    """Anonymous visitors get the page from the cache, at most
    ``PUBLIC_PAGE_CACHE_SECONDS`` old (places left may lag by that much)."""
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    cacheable = (
        seconds > 0 and not request.user.is_authenticated and len(get_messages(request)) == 0
    )
    cache_key = f"event-page:{slug}:{get_language()}"
    if cacheable and (body := public_page_cached(cache_key, seconds)) is not None:
        return HttpResponse(body)
    try:
        event = selectors.event_public_get(slug=slug)
    except Event.DoesNotExist:
        raise Http404 from None
    sessions = selectors.event_public_programme(event=event)
    context = {"event": event, "sessions": sessions}
    response = render(request, "events/public_detail.html", context)
    if cacheable:
        public_page_keep(cache_key, response.content, seconds)
    return response


def accessibility(request):
    return render(request, "events/accessibility.html")


def privacy(request):
    return render(request, "events/privacy.html", {"retention_days": settings.RETENTION_DAYS})
