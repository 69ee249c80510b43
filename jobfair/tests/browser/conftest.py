"""Browser journeys: Debian's Chromium driven by Playwright against a real
server thread (pytest-django's live_server) on the test database."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread, and the test
# database is set up and used from that thread too; Django's guard against
# blocking calls inside an event loop does not apply to this synchronous use.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
AXE = Path(__file__).with_name("axe.min.js")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.exit(
            "Chromium is missing: apt-get install chromium (make test does this as root)",
            returncode=3,
        )
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_FLAGS}


@pytest.fixture(params=list(VIEWPORTS))
def viewport_name(request):
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, viewport_name):
    return {**browser_context_args, **VIEWPORTS[viewport_name], "locale": "de-DE"}


@pytest.fixture
def site(live_server, settings):
    """The live server's address, also used for links in messages."""
    settings.SITE_URL = live_server.url
    return live_server.url


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, *, impacts=("serious", "critical"), rules=None):
    """Run axe-core (WCAG 2.1 A and AA rules, or only the ``rules`` named) on
    the page; return the violations of the given impacts as readable lines.
    axe is loaded into each document once."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    result = page.evaluate(
        "async (runOnly) => await axe.run(document, {runOnly: runOnly})", run_only
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]
