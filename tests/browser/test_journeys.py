"""Real journeys through DP Assure in Chromium, as the people who use it make them.

Each test starts from the demo data in a fresh browser context and works only through what is
on the screen: labels, buttons and links, never a URL a person would not have.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import FORCE, OPCC, new_context, sign_in, watch

pytestmark = pytest.mark.browser


def person_in(slug: str, **filters):
    from dpassure.organisations.models import Person

    return (
        Person.objects.filter(organisation__slug=slug, archived_at__isnull=True, **filters)
        .select_related("department")
        .order_by("pk")
        .first()
    )


def success_banner(page):
    return page.locator(".govuk-notification-banner--success")


def column_texts(page, header: str) -> list[str]:
    """The text of every cell under the column whose header starts with ``header``."""
    page.wait_for_load_state()  # reading cells does not wait, so the page must have arrived
    headers = page.locator("table.govuk-table thead th")
    labels = [text.strip() for text in headers.all_inner_texts()]
    index = next(i for i, label in enumerate(labels) if label.startswith(header))
    cells = page.locator(f"table.govuk-table tbody tr td:nth-child({index + 1})")
    return [text.strip() for text in cells.all_inner_texts()]


def as_date(text: str) -> datetime.date:
    """A date as the pages show it: "27 March 2024" or, in narrow columns, "27 Mar 2024"."""
    for form in ("%d %B %Y", "%d %b %Y"):
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date as the pages show dates")


def fill_date(page, field: str, day: str, month: str, year: str) -> None:
    page.locator(f"#id_{field}_0").fill(day)
    page.locator(f"#id_{field}_1").fill(month)
    page.locator(f"#id_{field}_2").fill(year)


def fill_person(page, *, number: str, first: str, last: str, department: str = "Custody"):
    page.get_by_label("Employee number", exact=True).fill(number)
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Email").fill(f"{first}.{last}@wessex-police.example".lower())
    page.get_by_label("Department").select_option(label=department)
    page.get_by_label("Job title or rank").fill("Detective Sergeant")
    fill_date(page, "start_date", "27", "3", "2024")


# --- Signing in ---------------------------------------------------------------------------


def test_sign_in_choose_an_organisation_and_sign_out(page, site):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to DP Assure")

    sign_in(page, "admin")
    # A member of two organisations chooses one; the header shows who is signed in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose an organisation")
    expect(page.locator(".dpa-header")).to_contain_text("Tom Hughes")
    page.get_by_role("link", name="Wessex Police").click()
    expect(page).to_have_url(re.compile(rf"/o/{FORCE}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wessex Police")
    nav = page.get_by_role("navigation", name="Menu")
    expect(nav.get_by_role("link", name="Overview")).to_have_attribute("aria-current", "page")
    for section in ("People", "Departments", "Members", "Audit log"):
        expect(nav.get_by_role("link", name=section)).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/account/sign-in/$"))
    page.goto(f"/o/{FORCE}/people/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next="))


def test_sign_in_goes_back_to_the_page_asked_for(page, site):
    page.goto(f"/o/{FORCE}/departments/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("wessex-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(rf"/o/{FORCE}/departments/$"))
    # An editor sees the registers but not the members or the audit log.
    nav = page.get_by_role("navigation", name="Menu")
    expect(nav.get_by_role("link", name="Departments")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="Members")).to_have_count(0)
    expect(nav.get_by_role("link", name="Audit log")).to_have_count(0)


def test_a_wrong_password_is_an_error_not_a_sign_in(page, site):
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("username and password")
    # The password is not kept; the username is.
    expect(page.get_by_label("Username")).to_have_value("admin")
    expect(page.get_by_label("Password")).to_have_value("")


def test_skip_link_is_the_first_stop_and_moves_to_the_content(page, site):
    sign_in(page, "admin")
    page.goto(f"/o/{FORCE}/people/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


# --- People -------------------------------------------------------------------------------


def test_add_a_person_with_the_date_boxes(signed_in, site):
    from dpassure.organisations.models import Person

    page = signed_in
    page.goto(f"/o/{FORCE}/")
    page.get_by_role("button", name="Add a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person")
    # The start date is three labelled boxes in a fieldset, as the GOV.UK date input is.
    group = page.get_by_role("group", name="Start date")
    for box in ("Day", "Month", "Year"):
        expect(group.get_by_label(box)).to_be_visible()
    expect(page.locator("#id_start_date_0")).to_have_attribute("inputmode", "numeric")

    fill_person(page, number="WP900001", first="Ffion", last="Pritchard")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(rf"/o/{FORCE}/people/\d+/$"))
    expect(success_banner(page)).to_contain_text("Person “Ffion Pritchard” added")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ffion Pritchard")
    summary = page.locator(".govuk-summary-list")
    for value in ("WP900001", "Custody", "Detective Sergeant", "27 March 2024"):
        expect(summary).to_contain_text(value)

    person = Person.objects.get(organisation__slug=FORCE, employee_number="WP900001")
    assert person.start_date == datetime.date(2024, 3, 27)
    assert person.department.name == "Custody"
    assert person.leaving_date is None
    # The banner goes once read: the next page has none.
    page.reload()
    expect(success_banner(page)).to_have_count(0)


def test_an_invalid_form_leads_to_its_errors(signed_in, site):
    from dpassure.organisations.models import Person

    page = signed_in
    before = Person.objects.count()
    page.goto(f"/o/{FORCE}/people/new/")
    page.get_by_label("First name").fill("Ffion")
    fill_date(page, "start_date", "31", "2", "2024")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_title(re.compile(r"^Error: Add a person"))
    summary = page.locator(".govuk-error-summary")
    # GOV.UK Frontend moves focus to the summary so a screen reader announces it first.
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    links = summary.get_by_role("link")
    assert links.count() >= 3, summary.inner_text()
    # Every link in the summary leads to a field on the page that shows the same message.
    for href, text in zip(
        links.evaluate_all("links => links.map(a => a.getAttribute('href'))"),
        links.all_inner_texts(),
        strict=True,
    ):
        target = page.locator(href)
        expect(target).to_have_count(1)
        group = page.locator(".govuk-form-group--error").filter(has=target)
        expect(group.locator(".govuk-error-message")).to_contain_text(text.strip())

    summary.get_by_role("link", name="Start date must be a real date").click()
    expect(page.locator("#id_start_date_0")).to_be_focused()
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Employee number", exact=True)).to_be_focused()

    # What was typed is kept, and the fields with errors say so to assistive technology.
    expect(page.get_by_label("First name")).to_have_value("Ffion")
    expect(page.locator("#id_start_date_0")).to_have_value("31")
    expect(page.get_by_label("Employee number", exact=True)).to_have_attribute(
        "aria-invalid", "true"
    )
    described = page.get_by_label("Employee number", exact=True).get_attribute("aria-describedby")
    assert "id_employee_number-error" in described.split()
    assert Person.objects.count() == before, "nothing is saved from an invalid form"

    # Putting it right saves the person.
    page.get_by_label("Employee number", exact=True).fill("WP900002")
    page.get_by_label("Last name").fill("Rees")
    fill_date(page, "start_date", "29", "2", "2024")
    page.get_by_role("button", name="Save").click()
    expect(success_banner(page)).to_contain_text("Ffion Rees")
    expect(page).not_to_have_title(re.compile("^Error"))


def test_filter_and_search_the_people(signed_in, site):
    page = signed_in
    someone = person_in(FORCE, department__isnull=False, leaving_date__isnull=True)
    page.goto(f"/o/{FORCE}/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(page.locator("#result-count")).to_contain_text("people")

    # Search by employee number: exactly one.
    page.get_by_label("Search").fill(someone.employee_number)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_have_text("1 person")
    expect(page.get_by_role("link", name=str(someone), exact=True)).to_be_visible()
    expect(page.get_by_label("Search")).to_have_value(someone.employee_number)

    # Search by two words of a name: everyone shown matches both.
    page.get_by_label("Search").fill(f"{someone.first_name} {someone.last_name}")
    page.get_by_role("button", name="Apply filters").click()
    names = column_texts(page, "Name")
    assert names and all(
        someone.first_name in name and someone.last_name in name for name in names
    ), names

    # Filter by department: every row is in it, and the choice stays selected.
    page.get_by_role("link", name="Clear filters").click()
    expect(page.get_by_label("Search")).to_have_value("")
    department = someone.department.name
    page.get_by_label("Department").select_option(label=department)
    page.get_by_role("button", name="Apply filters").click()
    departments = column_texts(page, "Department")
    assert departments and set(departments) == {department}, departments
    expect(page.get_by_label("Department")).to_have_value(str(someone.department.pk))

    # People who have left: every row has a leaving date before today.
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("In post").select_option(label="Left")
    page.get_by_role("button", name="Apply filters").click()
    leaving = column_texts(page, "Leaving date")
    assert leaving and all(as_date(text) < datetime.date.today() for text in leaving), leaving

    # A search that matches nobody says so.
    page.get_by_label("Search").fill("nobody-is-called-this")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("No people match these filters.")).to_be_visible()


def test_sort_the_people_by_a_column(signed_in, site):
    page = signed_in
    page.goto(f"/o/{FORCE}/people/")
    header = page.get_by_role("columnheader", name=re.compile("^Start date"))
    expect(header).to_have_attribute("aria-sort", "none")

    page.get_by_role("link", name=re.compile("^Start date")).click()
    header = page.get_by_role("columnheader", name=re.compile("^Start date"))
    expect(header).to_have_attribute("aria-sort", "ascending")
    dates = [as_date(text) for text in column_texts(page, "Start date")]
    assert len(dates) > 10 and dates == sorted(dates), dates

    page.get_by_role("link", name=re.compile("^Start date")).click()
    header = page.get_by_role("columnheader", name=re.compile("^Start date"))
    expect(header).to_have_attribute("aria-sort", "descending")
    dates = [as_date(text) for text in column_texts(page, "Start date")]
    assert dates == sorted(dates, reverse=True), dates

    # The sort survives filtering and paging.
    page.get_by_label("In post").select_option(label="Still in post")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"sort=-start_date"))
    page.get_by_role("link", name=re.compile("^Next")).click()
    expect(page).to_have_url(re.compile(r"page=2"))
    later = [as_date(text) for text in column_texts(page, "Start date")]
    assert later == sorted(later, reverse=True) and later[0] <= dates[0]


def test_archive_a_person_after_confirming(signed_in, site):
    from dpassure.organisations.models import Person

    page = signed_in
    someone = person_in(FORCE)
    page.goto(f"/o/{FORCE}/people/")
    page.get_by_label("Search").fill(someone.employee_number)
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name=str(someone), exact=True).click()
    page.get_by_role("button", name=f"Archive {someone}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Are you sure you want to archive {someone}?"
    )
    # Cancelling changes nothing.
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(someone))
    someone.refresh_from_db()
    assert someone.archived_at is None

    page.get_by_role("button", name=f"Archive {someone}").click()
    page.get_by_role("button", name="Archive", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/o/{FORCE}/people/$"))
    expect(success_banner(page)).to_contain_text(f"“{someone}” archived")
    someone.refresh_from_db()
    assert someone.archived_at is not None

    # Gone from the register, back with "Include archived records", marked as archived.
    page.get_by_label("Search").fill(someone.employee_number)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("No people match these filters.")).to_be_visible()
    # GOV.UK checkboxes are styled labels over a hidden input: a person clicks the label.
    page.locator("label", has_text="Include archived records").click()
    expect(page.get_by_label("Include archived records")).to_be_checked()
    page.get_by_role("button", name="Apply filters").click()
    row = page.get_by_role("row").filter(has_text=someone.employee_number)
    expect(row.locator(".govuk-tag")).to_have_text("Archived")
    row.get_by_role("link", name=str(someone), exact=True).click()
    expect(page.get_by_role("button", name=re.compile("^Archive"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Change"))).to_have_count(0)
    assert Person.objects.filter(pk=someone.pk).exists(), "archiving never deletes"


def test_change_a_person_and_see_the_change_in_the_history(signed_in, site):
    page = signed_in
    someone = person_in(FORCE)
    old_title = someone.job_title
    page.goto(f"/o/{FORCE}/people/{someone.pk}/")
    page.get_by_role("button", name=f"Change {someone}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Change {someone}")
    # The form opens with the current values, the date in its three boxes.
    expect(page.get_by_label("Employee number", exact=True)).to_have_value(someone.employee_number)
    expect(page.locator("#id_start_date_2")).to_have_value(str(someone.start_date.year))
    page.get_by_label("Job title or rank").fill("Detective Inspector")
    page.get_by_role("button", name="Save").click()
    expect(success_banner(page)).to_contain_text(f"Changes to “{someone}” saved")

    page.get_by_role("link", name="History of changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(someone))
    latest = page.locator(".govuk-summary-card").first
    expect(latest.get_by_role("heading")).to_contain_text("Changed by Tom Hughes")
    row = latest.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Job title"))
    expect(row).to_have_count(1)
    expect(row.locator("del")).to_have_text(old_title)
    expect(row.locator("ins")).to_have_text("Detective Inspector")
    # Only the field that changed is listed.
    expect(latest.locator("tbody tr")).to_have_count(1)
    # The first version is the creation, with every field.
    first = page.locator(".govuk-summary-card").last
    expect(first.get_by_role("heading")).to_contain_text("Created by")
    expect(first).to_contain_text(someone.employee_number)


def test_switch_organisation_from_the_header(signed_in, site):
    page = signed_in
    page.goto(f"/o/{FORCE}/people/")
    switcher = page.get_by_label("Organisation")
    expect(switcher).to_have_value(FORCE)
    switcher.select_option(label="Office of the Police and Crime Commissioner for Wessex")
    page.get_by_role("button", name="Switch").click()
    expect(page).to_have_url(re.compile(rf"/o/{OPCC}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Office of the Police and Crime Commissioner for Wessex"
    )
    expect(page.get_by_label("Organisation")).to_have_value(OPCC)
    # The OPCC's people, not the force's.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="People").click()
    numbers = column_texts(page, "Employee number")
    assert numbers and all(number.startswith("OPCC") for number in numbers), numbers


def test_filter_the_audit_log(page, site):
    sign_in(page, "dpo")
    page.goto(f"/o/{FORCE}/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    expect(page.locator("#audit-count")).to_contain_text("change")

    page.get_by_label("Changed by").select_option(label="Tom Hughes")
    page.get_by_label("Type of record").select_option(label="Person")
    page.get_by_role("button", name="Apply filters").click()
    assert set(column_texts(page, "Changed by")) == {"Tom Hughes"}
    records = column_texts(page, "Record")
    assert records and all(record.startswith("Person: ") for record in records), records
    expect(page.get_by_label("Changed by")).to_have_value(re.compile(r"^\d+$"))

    # Each entry leads to the history of the record it changed.
    page.get_by_role("link", name=records[0]).click()
    expect(page).to_have_url(re.compile(rf"/o/{FORCE}/people/\d+/history/$"))
    expect(page.locator(".govuk-caption-l")).to_have_text("History of changes")
    page.go_back()

    # From a date after To is an error, shown as every form shows its errors.
    page.get_by_role("link", name="Clear filters").click()
    fill_date(page, "since", "2", "3", "2026")
    fill_date(page, "until", "1", "3", "2026")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("To must be the same as or after")
    expect(page.get_by_text("No changes match these filters.")).to_be_visible()

    # From today: only today's changes are listed.
    today = datetime.date.today()
    page.get_by_role("link", name="Clear filters").click()
    fill_date(page, "since", str(today.day), str(today.month), str(today.year))
    page.get_by_role("button", name="Apply filters").click()
    whens = column_texts(page, "When")
    assert all(
        datetime.datetime.strptime(when, "%d %b %Y %H:%M").date() == today for when in whens
    ), whens


# --- Without JavaScript -------------------------------------------------------------------


def test_everything_works_without_javascript(browser, site):
    from dpassure.organisations.models import Person

    context = new_context(browser, site, java_script_enabled=False)
    try:
        page = context.new_page()
        problems = watch(page)
        sign_in(page, "admin")
        page.goto(f"/o/{FORCE}/")
        # Playwright's own scripts still run; the page's do not.
        assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")

        # Add a person, dates and all.
        page.get_by_role("button", name="Add a person").click()
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_title(re.compile(r"^Error: "))
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        fill_person(page, number="WP900003", first="Dylan", last="Morgan", department="Finance")
        page.get_by_role("button", name="Save").click()
        expect(success_banner(page)).to_contain_text("Person “Dylan Morgan” added")
        added = Person.objects.get(employee_number="WP900003")
        assert added.start_date == datetime.date(2024, 3, 27)

        # Filter, sort and switch: plain links and GET forms.
        page.get_by_role("link", name="People").first.click()
        page.get_by_label("Search").fill("WP900003")
        page.get_by_role("button", name="Apply filters").click()
        expect(page.locator("#result-count")).to_have_text("1 person")
        page.get_by_role("link", name=re.compile("^Employee number")).click()
        expect(page).to_have_url(re.compile(r"sort=employee_number"))
        page.get_by_label("Organisation").select_option(value=OPCC)
        page.get_by_role("button", name="Switch").click()
        expect(page).to_have_url(re.compile(rf"/o/{OPCC}/$"))

        # Archive with its confirmation page.
        person = Person.objects.get(employee_number="WP900003")
        page.goto(f"/o/{FORCE}/people/{person.pk}/")
        page.get_by_role("button", name="Archive Dylan Morgan").click()
        page.get_by_role("button", name="Archive", exact=True).click()
        expect(success_banner(page)).to_contain_text("archived")
        person.refresh_from_db()
        assert person.archived_at is not None

        # The navigation is all there with no script to open a menu.
        nav = page.get_by_role("navigation", name="Menu")
        expect(nav.get_by_role("link", name="Audit log")).to_be_visible()
        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(re.compile(r"/account/sign-in/$"))
        assert not problems, problems
    finally:
        context.close()


def test_a_narrow_screen_gets_the_menu_button(browser, site):
    context = new_context(browser, site)
    try:
        page = context.new_page()
        page.set_viewport_size({"width": 375, "height": 800})
        sign_in(page, "admin")
        page.goto(f"/o/{FORCE}/people/")
        menu = page.get_by_role("button", name="Menu")
        expect(menu).to_be_visible()
        expect(menu).to_have_attribute("aria-expanded", "false")
        nav = page.get_by_role("navigation", name="Menu")
        nav_link = nav.get_by_role("link", name="Departments")
        expect(nav_link).to_be_hidden()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        nav_link.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Departments")
        # The header switcher still fits and works on a phone.
        page.get_by_label("Organisation").select_option(value=OPCC)
        page.get_by_role("button", name="Switch").click()
        expect(page).to_have_url(re.compile(rf"/o/{OPCC}/$"))
    finally:
        context.close()


def test_a_department_figure_opens_the_named_people_behind_it(full_site, page):
    """The seed's criticism: figures "only per department". Every figure names its people."""
    sign_in(page, "dpo")
    page.goto(f"/o/{FORCE}/")
    page.get_by_role("link", name="Training", exact=True).first.click()
    page.get_by_role("link", name=re.compile("^Completion by department")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Completion by department")
    row = page.locator("tbody tr", has_text="Student Officers")
    never = row.locator("td").last
    count = int(never.inner_text().split()[0])
    assert count > 0, "the demo has student officers who never completed the induction"
    never.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("People behind the figures")
    statuses = column_texts(page, "Status")
    assert len(statuses) == min(count, 50) and set(statuses) == {"Never completed"}
    departments = column_texts(page, "Department")
    assert set(departments) == {"Student Officers"}


def test_import_completions_from_the_learning_platform(full_site, page, tmp_path):
    """Upload an LMS export, match its columns, read the data-quality report, import the clean
    rows: all through the pages, in Chromium."""
    from dpassure.training.demo import REFRESHER

    person = person_in(FORCE)
    export = tmp_path / "ncalt-export.csv"
    export.write_text(
        "Employee number,Email,Course code,Completion date,Score\n"
        f"{person.employee_number},,{REFRESHER},01/11/2026,92%\n"
        f"{person.employee_number},,{REFRESHER},01/11/2026,92%\n"  # a duplicate line
        f"NOBODY-1,,{REFRESHER},02/11/2026,88\n",  # no such person
        encoding="utf-8",
    )
    sign_in(page, "dpo")
    page.goto(f"/o/{FORCE}/")
    page.get_by_role("link", name="Training", exact=True).first.click()
    page.get_by_role("link", name="Imports from the learning platform").click()
    page.get_by_role("button", name="Import completions").click()
    page.get_by_label("Upload a file").set_input_files(str(export))
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Match the columns")
    page.get_by_role("button", name="Check the file").click()
    # The check runs in the background; the progress page hands over to the report.
    expect(page.get_by_text("There are problems with 2 rows")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Import the 1 clean row and")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Completions imported")
    expect(page.locator(".govuk-panel__body")).to_have_text("1 new record")
