"""Spot check pages: checklists, scheduling, recording results, and the actions failures raise."""

import datetime

import pytest

from dpassure.core import clock
from dpassure.core.roles import Role
from dpassure.incidents.models import Action, SpotCheck, SpotCheckResult, SpotCheckTemplate
from dpassure.rules.spot_checks import STANDARD_CHECKLISTS
from tests.factories import (
    DepartmentFactory,
    SpotCheckFactory,
    make_spot_check_action,
)

TODAY = datetime.date(2026, 6, 10)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Pages and services read the date through the clock seam; pin it."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


def date_fields(name, value):
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def results_data(check, outcomes, **overrides):
    """Form data for the record-results page: ``outcomes`` is "pass"/"fail" per item, in order
    (None leaves an item unanswered)."""
    data = {
        **date_fields("done_on", TODAY),
        "done_by": "PS Amir Patel",
        "action_owner": "Office manager, CID",
        **date_fields("action_due_on", TODAY + datetime.timedelta(days=14)),
    }
    for index, outcome in enumerate(outcomes):
        if outcome is not None:
            data[f"item_{index}"] = outcome
        data[f"item_{index}_note"] = "Case file on a desk" if outcome == "fail" else ""
    return {**data, **overrides}


def test_standard_checklists_are_realistic():
    checklists = STANDARD_CHECKLISTS
    assert set(checklists) == {
        "Clear desk",
        "Locked screens",
        "Secure printing",
        "Confidential waste",
        "Visitor control",
    }
    assert all(4 <= len(items) <= 6 for items in checklists.values())


def test_the_journey_from_scheduling_to_a_done_action(editor_client, editor, org):
    base = f"/o/{org.slug}"
    department = DepartmentFactory(organisation=org, name="CID")

    # The organisation adopts the standard checklists, once.
    assert editor_client.get(f"{base}/spot-checks/checklists/standard/").status_code == 200
    response = editor_client.post(f"{base}/spot-checks/checklists/standard/", follow=True)
    assert "5 standard checklists added" in response.content.decode()
    editor_client.post(f"{base}/spot-checks/checklists/standard/")
    assert SpotCheckTemplate.objects.filter(organisation=org).count() == 5
    clear_desk = SpotCheckTemplate.objects.get(organisation=org, name="Clear desk")
    assert clear_desk.item_list == STANDARD_CHECKLISTS["Clear desk"]

    # Schedule a check.
    page = editor_client.get(f"{base}/spot-checks/new/?template={clear_desk.pk}")
    assert page.status_code == 200
    response = editor_client.post(
        f"{base}/spot-checks/new/",
        {
            "template": clear_desk.pk,
            "department": department.pk,
            "location": "Central Police Station, second floor",
            **date_fields("due_on", TODAY + datetime.timedelta(days=3)),
        },
    )
    check = SpotCheck.objects.get(organisation=org)
    assert response.status_code == 302 and response["Location"] == check.get_absolute_url()
    body = editor_client.get(check.get_absolute_url()).content.decode()
    assert "Record results" in body and "No results recorded yet" in body

    # Record the results: the second item fails.
    record_url = f"{base}/spot-checks/{check.pk}/results/"
    page = editor_client.get(record_url).content.decode()
    for item in clear_desk.item_list:
        assert item in page
    outcomes = ["pass", "fail"] + ["pass"] * (len(clear_desk.item_list) - 2)
    response = editor_client.post(record_url, results_data(check, outcomes), follow=True)
    body = response.content.decode()
    assert "Results recorded: 1 action raised" in body
    assert "1 of 5 items failed" in body and "govuk-tag--red" in body

    check.refresh_from_db()
    assert check.done_on == TODAY and check.done_by == "PS Amir Patel"
    assert [r.passed for r in check.results.all()] == [o == "pass" for o in outcomes]
    action = Action.objects.get(organisation=org)
    failed_item = clear_desk.item_list[1]
    assert action.spot_check == check and action.owner == "Office manager, CID"
    assert action.description == f"Put right: {failed_item} — Case file on a desk"
    assert action.due_on == TODAY + datetime.timedelta(days=14)
    # Every write is in the audit trail, attributed to the editor.
    assert SpotCheckResult.history.filter(history_user=editor).count() == 5
    assert action.history.get().history_user == editor

    # The action is listed as open, not done.
    open_list = editor_client.get(f"{base}/actions/?status=open").content.decode()
    assert failed_item in open_list and "Open" in open_list
    assert failed_item not in editor_client.get(f"{base}/actions/?status=done").content.decode()
    assert failed_item in editor_client.get(f"{base}/actions/?owner=office").content.decode()
    assert failed_item not in editor_client.get(f"{base}/actions/?owner=estates").content.decode()

    # Mark it done.
    done_url = f"{base}/actions/{action.pk}/done/"
    assert editor_client.get(done_url).status_code == 200
    response = editor_client.post(done_url, date_fields("done_on", TODAY))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == TODAY
    assert failed_item in editor_client.get(f"{base}/actions/?status=done").content.decode()
    assert failed_item not in editor_client.get(f"{base}/actions/?status=open").content.decode()
    assert action.history.count() == 2

    # The check cannot be recorded twice.
    response = editor_client.get(record_url)
    assert response.status_code == 302 and response["Location"] == check.get_absolute_url()


def test_everything_passing_raises_no_actions_and_needs_no_owner(editor_client, org):
    check = SpotCheckFactory(organisation=org)
    data = results_data(check, ["pass"] * 3, action_owner="")
    for key in ("action_due_on_0", "action_due_on_1", "action_due_on_2"):
        data.pop(key)
    response = editor_client.post(f"/o/{org.slug}/spot-checks/{check.pk}/results/", data)
    assert response.status_code == 302
    assert not Action.objects.exists()
    check.refresh_from_db()
    assert check.done_on == TODAY


def test_the_list_puts_overdue_checks_first_and_filters_them(editor_client, org):
    cid = DepartmentFactory(organisation=org, name="CID")
    custody = DepartmentFactory(organisation=org, name="Custody")
    later = SpotCheckFactory(organisation=org, department=cid, location="Later room", due_on=TODAY)
    overdue = SpotCheckFactory(
        organisation=org,
        department=custody,
        location="Overdue room",
        due_on=TODAY - datetime.timedelta(days=1),
    )
    done = SpotCheckFactory(
        organisation=org,
        department=cid,
        location="Done room",
        due_on=TODAY - datetime.timedelta(days=30),
        done_on=TODAY - datetime.timedelta(days=29),
    )
    url = f"/o/{org.slug}/spot-checks/"

    body = editor_client.get(url).content.decode()
    positions = [body.index(check.location) for check in (overdue, later, done)]
    assert positions == sorted(positions)
    assert "Overdue" in body

    body = editor_client.get(url + "?status=overdue").content.decode()
    assert overdue.location in body
    assert later.location not in body and done.location not in body
    body = editor_client.get(url + "?status=due").content.decode()
    assert later.location in body and overdue.location in body and done.location not in body
    body = editor_client.get(url + "?status=done").content.decode()
    assert done.location in body and later.location not in body
    body = editor_client.get(url + f"?department={cid.pk}").content.decode()
    assert later.location in body and done.location in body and overdue.location not in body
    assert editor_client.get(url + "?export=csv").status_code == 200


def test_overdue_actions_are_filtered(editor_client, org):
    late = make_spot_check_action(org, owner="Late owner", due_on=TODAY - datetime.timedelta(1))
    on_time = make_spot_check_action(org, owner="Timely owner", due_on=TODAY)
    body = editor_client.get(f"/o/{org.slug}/actions/?status=overdue").content.decode()
    assert late.owner in body and on_time.owner not in body
    body = editor_client.get(f"/o/{org.slug}/actions/").content.decode()
    assert body.index(late.owner) < body.index(on_time.owner)


def _nothing_saved(check):
    check.refresh_from_db()
    assert check.done_on is None
    assert not SpotCheckResult.objects.exists() and not Action.objects.exists()


def test_a_check_cannot_be_done_in_the_future(editor_client, org):
    check = SpotCheckFactory(organisation=org)
    data = results_data(
        check,
        ["fail", "pass", "pass"],
        **date_fields("done_on", TODAY + datetime.timedelta(days=1)),
        **date_fields("action_due_on", TODAY + datetime.timedelta(days=20)),
    )
    response = editor_client.post(f"/o/{org.slug}/spot-checks/{check.pk}/results/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body and "<title>Error:" in body
    assert "A spot check cannot be done in the future." in body
    assert 'href="#id_done_on_0"' in body
    _nothing_saved(check)


def test_every_item_needs_a_result(editor_client, org):
    check = SpotCheckFactory(organisation=org)
    response = editor_client.post(
        f"/o/{org.slug}/spot-checks/{check.pk}/results/",
        results_data(check, ["fail", None, "pass"]),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Select whether “Pedestals locked” passed or failed" in body
    assert 'href="#id_item_1"' in body
    # What was entered is kept.
    assert 'value="fail" checked' in body
    _nothing_saved(check)


def test_failures_need_an_owner_and_a_due_date(editor_client, org):
    check = SpotCheckFactory(organisation=org)
    data = results_data(check, ["fail", "pass", "pass"], action_owner="")
    for key in ("action_due_on_0", "action_due_on_1", "action_due_on_2"):
        data.pop(key)
    response = editor_client.post(f"/o/{org.slug}/spot-checks/{check.pk}/results/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter who will put the failures right" in body
    assert "Enter the date the actions are due" in body
    _nothing_saved(check)


def test_actions_cannot_be_due_before_the_check(editor_client, org):
    check = SpotCheckFactory(organisation=org)
    data = results_data(
        check,
        ["fail", "pass", "pass"],
        **date_fields("action_due_on", TODAY - datetime.timedelta(days=1)),
    )
    response = editor_client.post(f"/o/{org.slug}/spot-checks/{check.pk}/results/", data)
    assert response.status_code == 400
    assert "Actions cannot be due before the check was done." in response.content.decode()
    _nothing_saved(check)


def test_an_action_cannot_be_done_in_the_future(editor_client, org):
    action = make_spot_check_action(org)
    response = editor_client.post(
        f"/o/{org.slug}/actions/{action.pk}/done/",
        date_fields("done_on", TODAY + datetime.timedelta(days=1)),
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    action.refresh_from_db()
    assert action.done_on is None


def test_changing_a_checklist_leaves_recorded_results_alone(editor_client, org):
    action = make_spot_check_action(org)
    template = action.spot_check.template
    response = editor_client.post(
        f"/o/{org.slug}/spot-checks/checklists/{template.pk}/edit/",
        {"name": template.name, "items": "Only one item now"},
    )
    assert response.status_code == 302
    body = editor_client.get(action.spot_check.get_absolute_url()).content.decode()
    assert "No papers left on desks" in body and "Case file left on a desk" in body
    # The results were recorded against the checklist, so it can no longer be swapped.
    form = editor_client.get(f"/o/{org.slug}/spot-checks/{action.spot_check.pk}/edit/")
    assert 'name="template"' not in form.content.decode()


def test_viewers_see_but_cannot_change(client, org, make_member):
    client.force_login(make_member(org, Role.VIEWER))
    action = make_spot_check_action(org)
    check = SpotCheckFactory(organisation=org)
    template = check.template
    base = f"/o/{org.slug}"
    for url in (
        f"{base}/spot-checks/",
        f"{base}/spot-checks/{check.pk}/",
        f"{base}/spot-checks/checklists/",
        f"{base}/spot-checks/checklists/{template.pk}/",
        f"{base}/actions/",
        f"{base}/actions/{action.pk}/",
    ):
        assert client.get(url).status_code == 200, url
    writes = (
        f"{base}/spot-checks/new/",
        f"{base}/spot-checks/{check.pk}/edit/",
        f"{base}/spot-checks/{check.pk}/results/",
        f"{base}/spot-checks/{check.pk}/archive/",
        f"{base}/spot-checks/checklists/new/",
        f"{base}/spot-checks/checklists/standard/",
        f"{base}/spot-checks/checklists/{template.pk}/edit/",
        f"{base}/spot-checks/checklists/{template.pk}/archive/",
        f"{base}/actions/{action.pk}/edit/",
        f"{base}/actions/{action.pk}/done/",
        f"{base}/actions/{action.pk}/archive/",
    )
    for url in writes:
        assert client.get(url).status_code == 403, url
        assert client.post(url, results_data(check, ["pass"] * 3)).status_code == 403, url
    assert SpotCheckTemplate.objects.count() == 2
    check.refresh_from_db()
    assert check.done_on is None and check.archived_at is None


def test_another_organisations_spot_checks_are_not_found(editor_client, org, other_org):
    theirs = SpotCheckFactory(organisation=other_org)
    their_action = make_spot_check_action(other_org)
    base = f"/o/{org.slug}"
    assert editor_client.get(f"{base}/spot-checks/{theirs.pk}/").status_code == 404
    response = editor_client.post(
        f"{base}/spot-checks/{theirs.pk}/results/", results_data(theirs, ["pass"] * 3)
    )
    assert response.status_code == 404
    assert editor_client.post(f"{base}/actions/{their_action.pk}/done/").status_code == 404
    assert editor_client.get(f"/o/{other_org.slug}/spot-checks/").status_code == 404
    # Nor can a form reach another organisation's checklist.
    response = editor_client.post(
        f"{base}/spot-checks/new/",
        {"template": theirs.template.pk, **date_fields("due_on", TODAY)},
    )
    assert response.status_code == 400
    assert not SpotCheck.objects.filter(organisation=org).exists()
