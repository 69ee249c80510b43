"""The check-in app's page, its manifest and its service worker as the
server answers them (the app at work: jobfair/tests/browser/test_door_app.py)."""

import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(client):
    client.cookies["django_language"] = "en"


def test_the_app_page_carries_its_addresses_and_texts_and_no_inline_script(organiser_client, event):
    url = reverse("organise:door_app", kwargs={"pk": event.pk})
    response = organiser_client.get(url)
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert f'data-data-url="{reverse("organise:door_data", kwargs={"pk": event.pk})}"' in page
    assert f'href="{reverse("organise:door_manifest", kwargs={"pk": event.pk})}"' in page
    assert "<script>" not in page
    assert ' style="' not in page
    strings = json.loads(response.context["strings"])
    assert strings["valid"] == "Checked in: %(name)s"
    assert strings["statuses"]["cancelled"] == "Cancelled"
    checkin = organiser_client.get(reverse("organise:checkin", kwargs={"pk": event.pk}))
    assert f'href="{url}"' in checkin.content.decode()


def test_the_manifest_opens_the_app_of_this_event_standalone(organiser_client, event):
    response = organiser_client.get(reverse("organise:door_manifest", kwargs={"pk": event.pk}))
    manifest = json.loads(response.content)
    app = reverse("organise:door_app", kwargs={"pk": event.pk})
    assert response["Content-Type"] == "application/manifest+json"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        app,
        app,
        "standalone",
    )
    assert manifest["name"] == f"Check-in · {event.title}"
    assert manifest["icons"][0]["src"].endswith("favicon.svg")


def test_the_worker_covers_the_apps_pages_only(client, event):
    response = client.get(reverse("organise:door_worker"))
    script = response.content.decode()
    assert reverse("organise:door_worker") == "/organise/door-sw.js"
    assert response["Content-Type"] == "application/javascript"
    assert response["Cache-Control"] == "no-cache"
    assert "/static/js/door-app.js" in script
    pattern = json.loads(re.search(r'new RegExp\(("[^"]*")\)', script)[1])
    kept = [
        reverse(f"organise:{name}", kwargs={"pk": event.pk})
        for name in ("door_app", "checkin", "door_data", "registrations")
        if re.search(pattern, reverse(f"organise:{name}", kwargs={"pk": event.pk}))
    ]
    assert kept == [reverse("organise:door_app", kwargs={"pk": event.pk})]
