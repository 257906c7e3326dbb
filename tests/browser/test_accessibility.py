"""Every page a person can reach passes axe-core's WCAG 2.2 AA rules.

The pages are found the way a person finds them: by following links, breadth first, from the
organisation home pages (signed in) and from the public pages (signed out). Each is loaded in
Chromium and checked with axe-core, the checker GOV.UK services use, from frontend/node_modules.
Pages that only exist after a failed submission (forms showing their errors) are checked too.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import AXE_JS, AXE_TOTALS, FORCE, OPCC, in_ci, new_context, sign_in

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MAX_PAGES = 220
PER_PATTERN = 3
FILE_SUFFIX = re.compile(r"\.(csv|xlsx|pdf|docx|json|zip|txt)$")
SKIP_PREFIXES = ("/static/", "/media/", "/api/", "/account/sign-out/", "/admin/")
PUBLIC_PAGES = [
    "/account/sign-in/",
    "/account/password-reset/",
    "/account/password-reset/MQ/not-a-real-token/",  # the "link has expired" page
    "/accessibility/",
    "/cookies/",
    "/this-page-does-not-exist/",  # the 404 page
]
# Public pages of features that may not be wired into the URLs yet: checked when they are.
OPTIONAL_PUBLIC_PAGES = [("rights:public-request", {"org_slug": FORCE})]
# Paths that answer with an error status on purpose.
EXPECTED_STATUS = {"/this-page-does-not-exist/": 404}


@pytest.fixture(scope="module")
def axe_source():
    if not AXE_JS.exists():
        message = f"{AXE_JS} is missing: run `cd frontend && npm ci` to install axe-core."
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return AXE_JS


class Audit:
    """What axe found, page by page, and the links that did not work."""

    def __init__(self, page, site, axe_js, capsys):
        self.page, self.site, self.axe_js, self.capsys = page, site, axe_js, capsys
        self.checked: list[str] = []
        self.violations: list[tuple[str, str, str, str, str]] = []
        self.broken: list[str] = []
        self.downloads: list[str] = []

    def check(self, label: str) -> None:
        """Run axe on the page as it is now."""
        self.page.add_script_tag(path=str(self.axe_js))
        results = self.page.evaluate(
            """async (tags) => await axe.run(document, {
                   runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
            AXE_TAGS,
        )
        self.checked.append(label)
        for violation in results["violations"]:
            for node in violation["nodes"]:
                target = " ".join(str(part) for part in node["target"])
                self.violations.append(
                    (label, violation["id"], violation["impact"] or "", violation["help"], target)
                )

    def visit(self, path: str) -> list[str]:
        """Load a page, check it and return the same-origin links on it."""
        try:
            response = self.page.goto(path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):  # a file, not a page
                self.downloads.append(path)
                return []
            raise
        status = response.status if response else 0
        wanted = EXPECTED_STATUS.get(urlsplit(path).path, 200)
        if status != wanted:
            self.broken.append(f"broken link: {path} answered {status}, not {wanted}")
        if "text/html" not in (response.headers.get("content-type", "") if response else ""):
            self.downloads.append(path)
            return []
        self.check(path)
        return self.page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(a => a.href)"
        )

    def crawl(self, starts: list[str], limit: int = MAX_PAGES) -> None:
        seen: set[str] = set()
        per_pattern: Counter[str] = Counter()
        queue = deque()
        for start in starts:
            self._enqueue(start, seen, per_pattern, queue)
        visited = 0
        while queue and visited < limit:
            path = queue.popleft()
            visited += 1
            for href in self.visit(path):
                link = self._same_origin(href)
                if link is not None:
                    self._enqueue(link, seen, per_pattern, queue)

    def _same_origin(self, href: str) -> str | None:
        href, _ = urldefrag(href)
        if not href.startswith(self.site.base + "/"):
            return None
        path = self.site.path_of(href)
        if path.startswith(SKIP_PREFIXES) or "export=" in path:
            return None
        if FILE_SUFFIX.search(urlsplit(path).path):
            return None
        return path

    @staticmethod
    def pattern(path: str) -> str:
        """The URL pattern of a path: any organisation, any record, any query value."""
        parts = urlsplit(path)
        shape = re.sub(r"^/o/[^/]+/", "/o/<org>/", parts.path)
        shape = re.sub(r"/\d+(?=/)", "/<id>", shape)
        keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
        return shape + ("?" + "&".join(keys) if keys else "")

    def _enqueue(self, path, seen, per_pattern, queue) -> None:
        if path in seen:
            return
        seen.add(path)
        pattern = self.pattern(path)
        if per_pattern[pattern] >= PER_PATTERN:
            return
        per_pattern[pattern] += 1
        queue.append(path)

    def report(self, who: str) -> None:
        problems = len(self.violations) + len(self.broken)
        AXE_TOTALS["runs"] += 1
        AXE_TOTALS["pages"] += len(self.checked)
        AXE_TOTALS["problems"] += problems
        lines = [
            f"{who}: {page} | {rule} ({impact}) | {help_} | {target}"
            for page, rule, impact, help_, target in self.violations
        ]
        lines += [f"{who}: {text}" for text in self.broken]
        with self.capsys.disabled():
            print()
            for line in lines:
                print(f"  axe-core problem: {line}")
            print(f"axe-core ({who}): {len(self.checked)} pages checked, {problems} problems found")
        assert not problems, "\n".join(lines)


def _crawl_as(browser, site, axe_source, capsys, username: str, limit: int, starts=None):
    context = new_context(browser, site)
    try:
        page = context.new_page()
        sign_in(page, username)
        audit = Audit(page, site, axe_source, capsys)
        audit.crawl(starts or ["/", f"/o/{FORCE}/", f"/o/{OPCC}/"], limit=limit)
        return audit
    finally:
        context.close()


def test_every_page_the_administrator_reaches(browser, full_site, axe_source, capsys):
    # Breaks in service have no navigation entry (they are reached from a person), so their
    # list starts the crawl too.
    starts = ["/", f"/o/{FORCE}/", f"/o/{OPCC}/", f"/o/{FORCE}/service-breaks/"]
    audit = _crawl_as(browser, full_site, axe_source, capsys, "admin", MAX_PAGES, starts)
    assert len(audit.checked) > 40, f"the crawl reached only {audit.checked}"
    # The crawl went everywhere the navigation goes.
    for section in ("people", "departments", "service-breaks", "members", "audit"):
        assert any(f"/o/{FORCE}/{section}/" in path for path in audit.checked), section
    audit.report("admin")


def test_every_page_the_dpo_reaches(browser, full_site, axe_source, capsys):
    audit = _crawl_as(browser, full_site, axe_source, capsys, "dpo", 60)
    assert any("/audit/" in path for path in audit.checked)
    assert not any("/members/" in path for path in audit.checked), "a DPO is no administrator"
    audit.report("dpo")


def test_every_page_the_assessor_reaches(browser, full_site, axe_source, capsys):
    """The assessor's side: sector projects, engagements, surveys, findings, reports and
    undertakings with their follow-ups."""
    assessor = "/o/northern-assurance/"
    starts = ["/", assessor, assessor + "undertakings/", assessor + "assurance/"]
    audit = _crawl_as(browser, full_site, axe_source, capsys, "assessor", 80, starts)
    for section in ("undertakings", "assurance"):
        assert any(f"/{section}/" in path for path in audit.checked), section
    audit.report("assessor")


def _optional_public_pages() -> list[str]:
    from django.urls import NoReverseMatch, reverse

    found = []
    for name, kwargs in OPTIONAL_PUBLIC_PAGES:
        try:
            found.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return found


def test_public_pages(browser, site, axe_source, capsys):
    context = new_context(browser, site)
    try:
        page = context.new_page()
        audit = Audit(page, site, axe_source, capsys)
        audit.crawl(PUBLIC_PAGES + _optional_public_pages(), limit=40)
        # A sign-in attempt that fails shows its error summary; that page must pass too.
        page.goto("/account/sign-in/")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert page.title().startswith("Error:")
        audit.check("/account/sign-in/ (submitted empty)")
        page.goto("/account/sign-in/")
        page.get_by_label("Username").fill("admin")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        audit.check("/account/sign-in/ (wrong password)")
        page.goto("/account/password-reset/")
        page.get_by_label("Email").fill("admin@dpassure.example")
        page.get_by_role("button", name="Send the link").click()
        page.wait_for_url("**/password-reset/sent/")
        audit.check("/account/password-reset/sent/")
    finally:
        context.close()
    audit.report("signed out")


def test_forms_showing_their_errors(browser, site, axe_source, capsys):
    context = new_context(browser, site)
    try:
        page = context.new_page()
        sign_in(page, "admin")
        audit = Audit(page, site, axe_source, capsys)

        page.goto(f"/o/{FORCE}/people/new/")
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
        assert page.title().startswith("Error:"), page.title()
        assert page.locator(".govuk-error-summary").is_visible()
        audit.check(f"/o/{FORCE}/people/new/ (submitted empty)")

        # Wrong values rather than none: an incomplete date and a bad email address.
        page.goto(f"/o/{FORCE}/people/new/")
        page.get_by_label("Email").fill("not an email address")
        page.locator("#id_start_date_0").fill("31")
        page.locator("#id_start_date_1").fill("2")
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
        audit.check(f"/o/{FORCE}/people/new/ (invalid values)")

        page.goto(f"/o/{FORCE}/departments/new/")
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
        audit.check(f"/o/{FORCE}/departments/new/ (submitted empty)")

        page.goto(f"/o/{FORCE}/members/new/")
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
        audit.check(f"/o/{FORCE}/members/new/ (submitted empty)")

        page.goto(
            f"/o/{FORCE}/audit/?since_0=2&since_1=3&since_2=2026&until_0=1&until_1=3&until_2=2026"
        )
        assert page.title().startswith("Error:"), page.title()
        audit.check(f"/o/{FORCE}/audit/ (To before From)")
    finally:
        context.close()
    audit.report("forms with errors")


# WCAG 1.4.10 Reflow: content fits 320 CSS pixels without scrolling in two directions. Wide
# data tables may scroll inside their own wrapper; the page itself must not.
REFLOW_WIDTH = 320


def test_main_pages_on_a_phone(browser, site, axe_source, capsys):
    from dpassure.organisations.models import Person

    someone = Person.objects.filter(organisation__slug=FORCE).order_by("pk").first()
    pages = [
        f"/o/{FORCE}/",
        f"/o/{FORCE}/people/",
        f"/o/{FORCE}/people/{someone.pk}/",
        f"/o/{FORCE}/people/new/",
        f"/o/{FORCE}/people/{someone.pk}/history/",
        f"/o/{FORCE}/audit/",
        f"/o/{FORCE}/members/",
    ]
    context = new_context(browser, site)
    try:
        page = context.new_page()
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": 700})
        audit = Audit(page, site, axe_source, capsys)
        audit.visit("/account/sign-in/")
        too_wide = []
        sign_in(page, "admin")
        for path in pages:
            audit.visit(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > REFLOW_WIDTH:
                too_wide.append(f"{path} scrolls sideways: {width}px wide at {REFLOW_WIDTH}px")
        page.goto(f"/o/{FORCE}/people/new/")
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
        audit.check(f"/o/{FORCE}/people/new/ (submitted empty, on a phone)")
    finally:
        context.close()
    audit.broken.extend(too_wide)
    audit.report(f"admin at {REFLOW_WIDTH}px")
