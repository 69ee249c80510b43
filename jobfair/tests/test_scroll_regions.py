"""Containers that scroll sideways (wide tables on a phone) can be reached
and scrolled with the keyboard, and a screen reader names what they hold
(axe-core's ``scrollable-region-focusable``, WCAG 2.1.1): each has
``tabindex="0"``, ``role="region"`` and a label."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from messaging.tests.factories import MessageFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
TAG = re.compile(r"<[a-z]+\b[^>]*>")
SCROLLS = re.compile(
    r'class="[^"]*\b(table-responsive(-[a-z]+)?|overflow-(x-|y-)?(auto|scroll))(\s|")'
)
NEEDED = [re.compile(r'tabindex="0"'), re.compile(r'role="region"'), re.compile(r"aria-label")]


def _scroll_containers():
    for path in sorted(TEMPLATES.rglob("*.html")):
        for tag in TAG.findall(path.read_text(encoding="utf-8")):
            if SCROLLS.search(tag):
                yield path.relative_to(TEMPLATES), tag


def test_templates_have_scroll_containers_to_check():
    assert len(list(_scroll_containers())) >= 4


def test_every_scroll_container_is_focusable_and_named():
    unreachable = [
        f"{path}: {tag}"
        for path, tag in _scroll_containers()
        if not all(attribute.search(tag) for attribute in NEEDED)
    ]
    assert unreachable == []


@pytest.mark.django_db
def test_message_log_table_is_a_named_stop_for_the_keyboard(organiser_client, event):
    MessageFactory.create_batch(3, event=event)
    content = organiser_client.get(reverse("organise:message_log", args=[event.pk])).content
    content = content.decode()
    assert (
        '<div class="table-responsive position-relative" tabindex="0" role="region"'
        ' aria-labelledby="message-log-caption">'
    ) in content
    assert '<caption id="message-log-caption">3 Nachrichten</caption>' in content
