"""Pages that open without network (the door's check-in app, an employer's
table): their service worker, one template for all of them."""

import json
import re

from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi


def offline_worker(request, *, name: str, page: str, scripts: list[str]):
    """The service worker keeping the pages of URL name ``page`` (one
    ``pk`` argument) and their files, ``scripts`` among them (static paths),
    in caches named after ``name``. It holds no data: open to everyone,
    checked for a new version at every visit."""
    example = reverse(page, kwargs={"pk": 12345})
    pattern = "^" + re.escape(example).replace("12345", "[0-9]+") + "$"
    response = render(
        request,
        "includes/offline_worker.js",
        {"name": name, "page_pattern": pattern, "scripts": scripts},
        content_type="application/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response


def offline_manifest(*, name: str, short_name: str, start_url: str) -> HttpResponse:
    """What makes such a page installable: it opens standalone on
    ``start_url``, in the page's language and direction."""
    manifest = {
        "name": name,
        "short_name": short_name,
        "start_url": start_url,
        "scope": start_url,
        "display": "standalone",
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "background_color": "#ffffff",
        "theme_color": "#0a58ca",
        "icons": [{"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(
        json.dumps(manifest, ensure_ascii=False), content_type="application/manifest+json"
    )
