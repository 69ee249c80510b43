"""The site's icon: linked from every page and answered at /favicon.ico,
where browsers look for it whatever the pages say."""

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.views.defaults import server_error

ICON_LINKS = [
    '<link rel="icon" href="/favicon.ico" sizes="32x32">',
    '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">',
]


def test_favicon_ico_is_an_icon_browsers_may_keep_for_a_week(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"
    assert response["Cache-Control"] == "public, max-age=604800"


def test_the_linked_svg_icon_is_a_static_file():
    assert finders.find("favicon.svg")


@pytest.mark.django_db
def test_pages_name_the_icon(client):
    html = client.get("/").content.decode()
    assert [link for link in ICON_LINKS if link in html] == ICON_LINKS


def test_the_error_page_names_the_icon():
    html = server_error(RequestFactory().get("/")).content.decode()
    assert [link for link in ICON_LINKS if link in html] == ICON_LINKS
