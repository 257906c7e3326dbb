"""Fixtures for the browser tests: Debian's Chromium driven by Playwright's sync API.

The tests run against pytest-django's ``live_server`` (a real HTTP server in a thread, on the
test database) with the demo data loaded, so they see the pages a person sees.

Chromium is Debian's ``/usr/bin/chromium``; Playwright never downloads a browser of its own.
Outside CI a machine without it skips these tests with a message saying why; in CI
(``CI=true``) a missing Chromium is a failure, so a broken install can never pass as green.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's async-safety check would
# otherwise refuse the ORM calls that pytest-django and the fixtures make around it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("DPASSURE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
AXE_JS = REPO / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = HERE / "screenshots"
DEMO_PASSWORD = "wessex-demo-2026"
FORCE = "wessex-police"
OPCC = "opcc-wessex"
# Long enough for a loaded CI machine, short enough that a wrong selector fails quickly.
TIMEOUT_MS = 20_000


# What every axe-core run of the session found, for the line at the end of the test report.
AXE_TOTALS = {"runs": 0, "pages": 0, "problems": 0}


def pytest_terminal_summary(terminalreporter):
    if AXE_TOTALS["runs"]:
        terminalreporter.write_line(
            f"axe-core: {AXE_TOTALS['pages']} pages checked, "
            f"{AXE_TOTALS['problems']} problems found"
        )


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def require_chromium() -> None:
    """Skip (or, in CI, fail) when the browser cannot be run here."""
    if CHROMIUM.exists():
        return
    message = (
        f"Chromium is not installed at {CHROMIUM}: the browser tests need Debian's chromium "
        "package (apt-get install chromium fonts-liberation)."
    )
    if in_ci():
        pytest.fail(f"{message} CI must run them, so this is a failure.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session", autouse=True)
def _fresh_failure_screenshots():
    """Screenshots of failures are of this run only."""
    shutil.rmtree(SCREENSHOTS / "failures", ignore_errors=True)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so a failing test can leave a screenshot."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(autouse=True)
def _chromium_is_there():
    """Skip or fail before any database or server work when the browser is missing."""
    require_chromium()


@pytest.fixture(scope="session")
def playwright_instance():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo organisations, users and staff directories, in the live server's database."""
    from dpassure.organisations.demo import load_demo
    from dpassure.organisations.services import organisations_load_policing_bodies

    organisations_load_policing_bodies()
    return load_demo()


@pytest.fixture
def full_site(transactional_db, live_server):
    """The live server with every app's demo data: requests, incidents, training, undertakings
    and assurance engagements, so pages show full tables, reports and dashboards."""
    from dpassure.organisations.management.commands.demo import load_everything
    from dpassure.organisations.services import organisations_load_policing_bodies

    organisations_load_policing_bodies()
    load_everything()
    return Site(live_server)


class Site:
    """The live server's address, and helpers that speak in the app's own paths."""

    def __init__(self, live_server):
        self.base = live_server.url.rstrip("/")

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base}{path}"

    def path_of(self, url: str) -> str:
        return url.removeprefix(self.base) or "/"


@pytest.fixture
def site(live_server, demo):
    return Site(live_server)


def new_context(browser, site: Site, **options):
    context = browser.new_context(
        base_url=site.base, viewport={"width": 1280, "height": 900}, locale="en-GB", **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


def watch(page) -> list[str]:
    """Collect script errors and broken assets (styles, scripts, images) of every page loaded.

    A page answering 400 with its form's errors, or 404 on purpose, is no problem: only the
    files a page needs are watched, not the page itself.
    """
    problems: list[str] = []

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console error on {page.url}: {message.text}")

    def on_response(response):
        if response.request.resource_type != "document" and response.status >= 400:
            problems.append(f"{response.url} answered {response.status} on {page.url}")

    def on_request_failed(request):
        # A navigation replaced by the next one is not a failure of the page.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("pageerror", lambda error: problems.append(f"script error on {page.url}: {error}"))
    page.on("console", on_console)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    return problems


@pytest.fixture
def context(browser, site, request):
    context = new_context(browser, site)
    yield context
    _screenshot_on_failure(context, request)
    context.close()


@pytest.fixture
def page(context, request):
    """A page in a fresh context; a script error or broken asset on any page fails the test."""
    page = context.new_page()
    page.problems = watch(page)
    yield page
    report = getattr(request.node, "report_call", None)
    if page.problems and report is not None and report.passed:
        pytest.fail("The pages had problems:\n" + "\n".join(page.problems), pytrace=False)


def _screenshot_on_failure(context, request) -> None:
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    folder = SCREENSHOTS / "failures"
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    for number, open_page in enumerate(context.pages):
        # A screenshot is a courtesy: it must never become a second failure.
        with contextlib.suppress(Exception):
            open_page.screenshot(path=str(folder / f"{name}-{number}.png"), full_page=True)


def sign_in(page, username: str, password: str = DEMO_PASSWORD, next_path: str = "") -> None:
    """Sign in through the real form, as a person would."""
    response = page.goto("/account/sign-in/" + (f"?next={next_path}" if next_path else ""))
    assert response is not None and response.ok, (
        f"the sign-in page answered {response.status if response else 'nothing'}: "
        f"{page.inner_text('body')[:500]}"
    )
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/account/sign-in/" not in page.url, f"{username} could not sign in: {page.title()}"


@pytest.fixture
def signed_in(page):
    """A page signed in as the demo administrator (admin in the force and the OPCC)."""
    sign_in(page, "admin")
    return page
