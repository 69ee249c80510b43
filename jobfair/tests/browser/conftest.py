"""Browser journeys: Debian's Chromium driven by Playwright against a real
server thread (pytest-django's live_server) on the test database."""

import functools
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import segno
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in the test's thread, and the test
# database is set up and used from that thread too; Django's guard against
# blocking calls inside an event loop does not apply to this synchronous use.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's Chromium in the headless build without the browser's window
# layer: the same engine, half the processor time of the full browser run
# headless.
CHROMIUM = Path("/usr/bin/chromium-headless-shell")
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
            "Chromium is missing: apt-get install chromium-headless-shell "
            "(make test does this as root)",
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
    axe is loaded into each document once; only its violations come back
    from the browser (what passed would be most of the result)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(_axe_source())
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    violations = page.evaluate(
        """async (runOnly) => {
            const result = await axe.run(document, {runOnly, resultTypes: ["violations"]});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 3).map((n) => n.target),
            }));
        }""",
        run_only,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['targets']}"
        for v in violations
        if v["impact"] in impacts
    ]


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


# The fake camera's picture: a QR code in the middle of a 640 × 480 video.
WIDTH, HEIGHT = 640, 480


def qr_video(text: str, path) -> None:
    """A few frames of video (YUV 4:2:0) showing ``text`` as a QR code: black
    modules on white, with the quiet zone, in the middle of the picture."""
    scale = 8
    rows = [
        bytes(16 if dark else 235 for dark in row)
        for row in segno.make(text, error="m").matrix_iter(scale=scale, border=4)
    ]
    size = len(rows)
    left, top = (WIDTH - size) // 2, (HEIGHT - size) // 2
    white = bytes([235]) * WIDTH
    luma = bytearray()
    for y in range(HEIGHT):
        line = bytearray(white)
        if top <= y < top + size:
            line[left : left + size] = rows[y - top]
        luma += line
    chroma = bytes([128]) * (WIDTH // 2 * HEIGHT // 2)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + frame * 10)


@pytest.fixture
def filmed_phone(playwright, browser_type_launch_args, tmp_path):
    """Opens a phone whose camera (Chromium's fake camera) films a QR code
    of the given text; returns its page."""
    opened = []

    def open_phone(text: str):
        video = tmp_path / f"qr-{len(opened)}.y4m"
        qr_video(text, video)
        launch = {key: value for key, value in browser_type_launch_args.items() if key != "args"}
        browser = playwright.chromium.launch(
            **launch,
            args=[
                *browser_type_launch_args["args"],
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        context = browser.new_context(**VIEWPORTS["phone"], locale="de-DE", permissions=["camera"])
        opened.append((browser, context))
        return context.new_page()

    yield open_phone
    for browser, context in opened:
        context.close()
        browser.close()


@pytest.fixture(scope="module")
def demo_server(demo_data):
    """A live server of the module's own: pytest-django's ``live_server``
    empties the database after every test that uses it, and these tests
    share the demo data of the whole module."""
    server = LiveServer("localhost")
    yield server.url
    server.stop()


@pytest.fixture
def demo(demo_server, settings):
    """The live server's address."""
    settings.SITE_URL = demo_server
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, urlsplit(demo_server).hostname]
    return demo_server


def sideways(page) -> int:
    """How far the page scrolls sideways, in pixels."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
