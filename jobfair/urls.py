from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.i18n import set_language

from organise.urls import earlier_urlpatterns


def healthz(request):
    """For load balancers and as the load benchmark's baseline: no database."""
    return HttpResponse("ok", content_type="text/plain")


FAVICON = (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()


@require_safe
@cache_control(public=True, max_age=7 * 24 * 60 * 60)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the pages link to; answered here,
    not with a 404 page, in production as in development. A week's cache: the
    address carries no version to bust it."""
    return HttpResponse(FAVICON, content_type="image/x-icon")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    # Choosing a language changes nothing but a preference cookie, so the form
    # carries no CSRF token: public pages then hold nothing personal and can
    # be served from the cache.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("organise/", include("organise.urls")),
    path("", include("events.urls")),
    path("employers/", include("employers.urls")),
    path("applicants/", include("applicants.urls")),
    path("talks/", include("meetings.urls")),
    *earlier_urlpatterns,
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
