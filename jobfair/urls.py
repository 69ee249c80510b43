from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from organise.urls import earlier_urlpatterns


def healthz(request):
    """For load balancers and as the load benchmark's baseline: no database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
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
    *earlier_urlpatterns,
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
