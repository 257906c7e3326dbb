"""Full-page screenshots of the main pages, for a person to look at.

Off by default; ``DPASSURE_SCREENSHOTS=1 uv run pytest tests/browser/test_screenshots.py``
writes PNGs into tests/browser/screenshots/ (ignored by git). The test asserts only that each
page loaded: whether it looks right is for the eye.
"""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import FORCE, SCREENSHOTS, new_context, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        os.environ.get("DPASSURE_SCREENSHOTS") != "1",
        reason="screenshots are taken only when DPASSURE_SCREENSHOTS=1",
    ),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000, f"{path} is suspiciously small"


def test_screenshots_of_the_main_pages(browser, site):
    from dpassure.organisations.models import Person

    someone = (
        Person.objects.filter(organisation__slug=FORCE, service_breaks__isnull=False)
        .order_by("pk")
        .first()
    )
    for viewport, suffix in ((DESKTOP, ""), (PHONE, "-phone")):
        context = new_context(browser, site)
        try:
            page = context.new_page()
            page.set_viewport_size(viewport)
            page.goto("/account/sign-in/")
            shoot(page, f"sign-in{suffix}")
            sign_in(page, "admin")
            pages = {
                "org-home": f"/o/{FORCE}/",
                "people-list": f"/o/{FORCE}/people/",
                "person-detail": f"/o/{FORCE}/people/{someone.pk}/",
                "history": f"/o/{FORCE}/people/{someone.pk}/history/",
                "audit-log": f"/o/{FORCE}/audit/",
                "members": f"/o/{FORCE}/members/",
            }
            for name, path in pages.items():
                response = page.goto(path)
                assert response.ok, f"{path} answered {response.status}"
                shoot(page, f"{name}{suffix}")
            page.goto(f"/o/{FORCE}/people/new/")
            page.get_by_label("First name").fill("Ffion")
            page.locator("#id_start_date_0").fill("31")
            page.locator("#id_start_date_1").fill("2")
            page.locator("#id_start_date_2").fill("2024")
            page.get_by_role("button", name="Save").click()
            page.wait_for_load_state()
            assert page.title().startswith("Error:")
            shoot(page, f"person-form-errors{suffix}")
        finally:
            context.close()
