"""Pages that open without network (the door's check-in app, an employer's
table): their service worker, one template for all of them."""

import re

from django.shortcuts import render
from django.urls import reverse


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
