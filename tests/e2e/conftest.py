"""The app on a real port, a Chromium to drive it, and a guard that keeps pages on this machine.

Without Chromium, Playwright's driver or axe-core these tests are skipped, saying why; with
REQUIRE_E2E=1 (as in CI) they fail instead, so a broken setup can never pass quietly.
"""

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

try:
    from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright
except ImportError:  # reported by `e2e_unavailable_reason` below
    sync_playwright = None

from tests.e2e.axe import AXE_SCRIPT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E2E_REQUIRED = os.environ.get("REQUIRE_E2E") == "1"
# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "about"}
NEUTRAL_SITE_STUB = (
    "<!doctype html><html lang='en'><title>Weather</title>"
    "<h1>A neutral site</h1><p>A local stand-in for the quick-exit destination.</p></html>"
)


def e2e_unavailable_reason() -> str | None:
    if sync_playwright is None:
        return "the playwright package is not installed (pip install -r requirements-dev.txt)"
    if playwright_driver_missing():
        return "Playwright's driver (node and cli.js) is missing from the playwright package"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    if not AXE_SCRIPT.exists():
        return f"{AXE_SCRIPT} is missing (npm ci)"
    return None


def playwright_driver_missing() -> bool:
    try:
        from playwright._impl._driver import compute_driver_executable
    except ImportError:  # a private module: if it moves, launching the browser will tell
        return False
    paths = compute_driver_executable()
    return not all(Path(p).exists() for p in (paths if isinstance(paths, tuple) else [paths]))


if sync_playwright is None and not E2E_REQUIRED:
    # The test modules import Playwright, so they cannot even be collected: leave them out, and
    # say so in the summary (with REQUIRE_E2E=1 the import error fails the run instead).
    collect_ignore_glob = ["test_*.py"]

    def pytest_terminal_summary(terminalreporter) -> None:
        terminalreporter.write_line(f"Browser tests skipped: {e2e_unavailable_reason()}.")


@pytest.fixture(scope="session", autouse=True)
def e2e_available() -> None:
    reason = e2e_unavailable_reason()
    if reason and E2E_REQUIRED:
        pytest.fail(f"REQUIRE_E2E=1, but {reason}.", pytrace=False)
    if reason:
        pytest.skip(f"Browser tests skipped: {reason}.")


@pytest.fixture
def app_config(app_config) -> dict:
    """A browser submits the real forms, so CSRF protection is on, as in production."""
    return app_config | {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve the test's app on a free port; data the test adds must be committed to be seen."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def browser(e2e_available) -> Iterator["Browser"]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class OffsiteGuard:
    """Notes, and blocks, every request a page makes to a host other than the allowed ones."""

    def __init__(self, base_url: str) -> None:
        self.allowed_hosts = {urlsplit(base_url).netloc}
        self.offsite_requests: list[str] = []

    def allow(self, url: str) -> None:
        self.allowed_hosts.add(urlsplit(url).netloc)

    def is_offsite(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme not in LOCAL_SCHEMES and parts.netloc not in self.allowed_hosts

    def watch(self, context: "BrowserContext") -> None:
        context.on("request", self.note)
        context.route(self.is_offsite, self.block)

    def note(self, request) -> None:
        if self.is_offsite(request.url):
            self.offsite_requests.append(request.url)

    @staticmethod
    def block(route: "Route") -> None:
        route.abort("blockedbyclient")


@pytest.fixture
def offsite_guard(live_server) -> OffsiteGuard:
    return OffsiteGuard(live_server)


@pytest.fixture
def page(browser, live_server, offsite_guard) -> Iterator["Page"]:
    """A page in a fresh browser context, watched by the off-site guard."""
    # bypass_csp: the app's CSP allows only its own scripts, and axe is injected as an inline one.
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    context.set_default_timeout(10_000)  # a missing element fails in seconds, not half a minute
    offsite_guard.watch(context)
    yield context.new_page()
    context.close()


@pytest.fixture
def new_page(browser, live_server, offsite_guard) -> Iterator[Callable[[], "Page"]]:
    """Pages in further fresh browser contexts (other people), watched by the same guard."""
    contexts = []

    def open_page() -> "Page":
        context = browser.new_context(base_url=live_server, bypass_csp=True)
        context.set_default_timeout(10_000)
        offsite_guard.watch(context)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """Fail a browser test whose pages asked another host for anything (it was blocked).

    A hook in this conftest.py runs for the tests in this folder only.
    """
    result = yield
    guard = item.funcargs.get("offsite_guard")
    if guard and guard.offsite_requests:
        requested = "\n".join(guard.offsite_requests)
        pytest.fail(f"Pages requested other hosts (and were blocked):\n{requested}", pytrace=False)
    return result


@pytest.fixture
def quick_exit_url(app, page, offsite_guard) -> str:
    """Quick exit's neutral site, answered by a local stub so that no request leaves the machine."""
    url = app.config["QUICK_EXIT_URL"]
    host = urlsplit(url).netloc
    offsite_guard.allow(url)
    page.route(
        lambda requested: urlsplit(requested).netloc == host,
        lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL_SITE_STUB),
    )
    return url
