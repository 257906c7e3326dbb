"""Training reports: completion by department, drill-down to the people behind each figure,
exports, the access-gating list, new starters, pass rates and the completion trend."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dpassure.core.roles import Role
from dpassure.organisations.models import Person
from dpassure.rules.training import TrainingStatus
from dpassure.training import report_selectors as reports
from dpassure.training.selectors import assess_person, completion_by_department, policy_for
from tests.conftest import member
from tests.factories import (
    CourseFactory,
    DepartmentFactory,
    PersonFactory,
    TrainingRecordFactory,
)

D = datetime.date
ON = D(2026, 12, 1)
START = D(2020, 1, 6)
pytestmark = pytest.mark.django_db


def url(org, name, **query):
    from urllib.parse import urlencode

    base = reverse(f"training:{name}", kwargs={"org_slug": org.slug})
    return f"{base}?{urlencode(query)}" if query else base


@pytest.fixture
def world(org, other_org):
    """Nine people in service who must take DP001 on 1 December 2026, in two departments and
    none, plus people who must not be counted (a leaver, an archived record, another force)."""
    a = DepartmentFactory(organisation=org, name="Alpha Unit")
    b = DepartmentFactory(organisation=org, name="Beta Unit")
    course = CourseFactory(organisation=org, code="DP001", gates_access=True, kind="induction")

    def person(name, department, start=START, **fields):
        return PersonFactory(
            organisation=org,
            employee_number=name.upper(),
            first_name=name,
            last_name=f"{name}son",
            department=department,
            start_date=start,
            **fields,
        )

    def result(who, day, passed=True, score=90):
        return TrainingRecordFactory(
            organisation=org,
            person=who,
            course=course,
            completed_on=day,
            passed=passed,
            score=score,
        )

    manager = person("Bea", b)  # compliant; line manager of Cal and Dot
    result(manager, D(2026, 10, 1))
    people = {
        "ann": person("Ann", a),
        "bob": person("Bob", a),
        "cal": person("Cal", a, line_manager=manager),
        "dot": person("Dot", a, line_manager=manager, email=""),
        "eve": person("Eve", a),
        "bea": manager,
        "fay": person("Fay", b, start=ON),
        "gus": person("Gus", b, start=D(2026, 11, 20)),
        "hal": person("Hal", None),
    }
    result(people["ann"], D(2026, 6, 1), score=95)  # compliant
    result(people["bob"], D(2025, 12, 20), score=85)  # pass runs out 20 Dec 2026: due soon
    result(people["cal"], D(2025, 6, 1), score=81)  # ran out 1 June 2026: overdue
    result(people["eve"], D(2026, 11, 1), passed=False, score=40)  # a failure only: never
    # Not counted: a leaver, an archived record, someone in another organisation.
    person("Lea", a, leaving_date=D(2026, 1, 31))
    archived = person("Arc", a)
    Person.objects.filter(pk=archived.pk).update(archived_at="2026-02-01T00:00:00Z")
    PersonFactory(organisation=other_org, last_name="SecretMercia", employee_number="MERCIA-1")
    return {"a": a, "b": b, "course": course, **people}


@pytest.fixture
def viewer_client(client, org):
    client.force_login(member(org, Role.VIEWER, username="reader"))
    return client


def test_completion_table_counts_each_department(world, viewer_client, org):
    response = viewer_client.get(url(org, "report-completion", as_of=ON.isoformat()))
    assert response.status_code == 200
    rows = {line["row"].department: line["row"] for line in response.context["rows"]}
    a, b, none = rows["Alpha Unit"], rows["Beta Unit"], rows["No department"]
    assert (a.people, a.completed, a.due_soon, a.overdue, a.never_completed) == (5, 2, 1, 1, 2)
    assert (b.people, b.completed, b.due_soon, b.overdue, b.never_completed) == (3, 1, 1, 0, 1)
    assert (none.people, none.completed, none.never_completed) == (1, 0, 1)
    total = response.context["total"]["row"]
    assert (total.people, total.completed, total.percent) == (9, 3, 33)
    html = response.content.decode()
    assert "Alpha Unit" in html and "40%" in html and "SecretMercia" not in html
    assert "<svg" in html and 'aria-hidden="true"' in html  # bars; the % is in the text


def test_every_figure_links_to_exactly_the_people_it_counts(world, viewer_client, org):
    response = viewer_client.get(url(org, "report-completion", as_of=ON.isoformat()))
    lines = [*response.context["rows"], response.context["total"]]
    checked = 0
    for line in lines:
        for cell in line["cells"].values():
            if not cell["count"]:
                assert cell["url"] == ""
                continue
            assert cell["url"] in response.content.decode().replace("&amp;", "&")
            page = viewer_client.get(cell["url"])
            assert page.status_code == 200
            assert page.context["paginator"].count == cell["count"], cell["url"]
            assert len(page.context["table"]) == cell["count"]
            checked += 1
    assert checked == 16  # the non-zero figures: 5 + 4 + 2 + 5


def test_drill_down_shows_the_named_people_with_dates(world, viewer_client, org):
    course = world["course"]
    response = viewer_client.get(
        url(org, "report-people", course=course.pk, as_of=ON.isoformat(), status="overdue")
    )
    html = response.content.decode()
    (row,) = response.context["table"]
    texts = [cell["text"] for cell in row["cells"]]
    assert texts == [
        "CAL",
        "Cal Calson",
        "Alpha Unit",
        "Police Constable",
        "Overdue",
        "1 Jun 2025",
        "1 Jun 2026",
    ]
    assert row["url"] == world["cal"].get_absolute_url()
    assert "govuk-tag--orange" in html


def test_due_dates_match_the_rules_for_everyone(world, org):
    course, policy = world["course"], policy_for(org)
    people = reports.people_behind(
        Person.objects.filter(organisation=org), course=course, on=ON, policy=policy
    )
    assert people.count() == 9
    for person in people:
        expected = assess_person(person, course, on=ON, policy=policy)
        assert person.training_status == expected.status
        assert reports.due_on(person, course=course, policy=policy) == expected.due_on
        assert reports.counts_from(person) == expected.counts_from


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_drill_down_exports_exactly_the_filtered_rows(world, viewer_client, org):
    course = world["course"]
    query = {
        "course": course.pk,
        "as_of": ON.isoformat(),
        "department": world["a"].pk,
        "status": "not_completed",
    }
    rows = _csv_rows(viewer_client.get(url(org, "report-people", **query, export="csv")))
    assert rows[0][:3] == ["Employee number", "First name", "Last name"]
    assert sorted(r[0] for r in rows[1:]) == ["CAL", "DOT", "EVE"]
    assert {r[8] for r in rows[1:]} == {"Overdue", "Never completed"}
    xlsx = viewer_client.get(url(org, "report-people", **query, export="xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).worksheets[0]
    numbers = sorted(r[0] for r in list(sheet.iter_rows(values_only=True))[1:])
    assert numbers == ["CAL", "DOT", "EVE"]


def test_drill_down_by_no_department_and_search(world, viewer_client, org):
    course = world["course"]
    base = {"course": course.pk, "as_of": ON.isoformat()}
    response = viewer_client.get(url(org, "report-people", **base, department="none"))
    assert [r["cells"][0]["text"] for r in response.context["table"]] == ["HAL"]
    response = viewer_client.get(url(org, "report-people", **base, q="Fay"))
    assert [r["cells"][0]["text"] for r in response.context["table"]] == ["FAY"]


def test_drill_down_defaults_to_the_first_course_and_today(world, viewer_client, org, monkeypatch):
    monkeypatch.setattr("dpassure.core.clock.today", lambda: ON)
    response = viewer_client.get(url(org, "report-people", status="never_completed"))
    assert response.status_code == 200
    assert response.context["paginator"].count == 4


def test_completion_export_has_the_table_and_overall_row(world, viewer_client, org):
    query = {"course": world["course"].pk, "as_of": ON.isoformat(), "export": "csv"}
    rows = _csv_rows(viewer_client.get(url(org, "report-completion", **query)))
    assert rows[0] == [
        "Department",
        "People",
        "Completed",
        "Percent",
        "Due soon",
        "Overdue",
        "Never completed",
    ]
    assert rows[1:] == [
        ["Alpha Unit", "5", "2", "40", "1", "1", "2"],
        ["Beta Unit", "3", "1", "33", "1", "0", "1"],
        ["No department", "1", "0", "0", "0", "0", "1"],
        ["All departments", "9", "3", "33", "2", "1", "4"],
    ]


def test_access_gating_list_names_everyone_without_an_in_date_pass(world, viewer_client, org):
    response = viewer_client.get(url(org, "report-gating", as_of=ON.isoformat()))
    assert response.status_code == 200
    table = {row.employee_number: row for row in response.context["table"]}
    assert sorted(table) == ["CAL", "DOT", "EVE", "FAY", "GUS", "HAL"]
    assert table["CAL"].reason == "Pass of 1 June 2025 expired"
    assert table["CAL"].since == D(2026, 6, 2)
    assert table["FAY"].reason == "New starter: not yet passed"
    assert table["FAY"].since == ON
    assert table["HAL"].reason == "Never completed"
    assert table["HAL"].since == D(2020, 1, 6)
    rows = _csv_rows(
        viewer_client.get(url(org, "report-gating", as_of=ON.isoformat(), export="csv"))
    )
    assert rows[0] == [
        "Employee number",
        "Name",
        "Email",
        "Department",
        "Course",
        "Reason",
        "Since",
    ]
    assert len(rows) == 7
    cal = next(r for r in rows if r[0] == "CAL")
    assert cal[1:] == [
        "Cal Calson",
        world["cal"].email,
        "Alpha Unit",
        "DP001",
        "Pass of 1 June 2025 expired",
        "2 June 2026",
    ]


def test_access_gating_list_covers_every_gating_course(world, viewer_client, org):
    second = CourseFactory(organisation=org, code="IT002", gates_access=True)
    CourseFactory(organisation=org, code="OPT003", gates_access=False)
    TrainingRecordFactory(
        organisation=org, person=world["ann"], course=second, completed_on=D(2026, 9, 1)
    )
    response = viewer_client.get(url(org, "report-gating", as_of=ON.isoformat()))
    pairs = sorted((row.employee_number, row.course.code) for row in response.context["table"])
    # Everyone but Ann lacks IT002; the DP001 gaps as before; OPT003 gates nothing.
    expected_it = {"BEA", "BOB", "CAL", "DOT", "EVE", "FAY", "GUS", "HAL"}
    expected_dp = {"CAL", "DOT", "EVE", "FAY", "GUS", "HAL"}
    assert pairs == sorted(
        [(n, "IT002") for n in expected_it] + [(n, "DP001") for n in expected_dp]
    )
    assert response.context["paginator"].count == 14
    only = viewer_client.get(url(org, "report-gating", as_of=ON.isoformat(), course=second.pk))
    assert only.context["paginator"].count == 8
    xlsx = viewer_client.get(url(org, "report-gating", as_of=ON.isoformat(), export="xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).worksheets[0]
    assert len(list(sheet.iter_rows(values_only=True))) == 15


def test_new_starters_without_induction(world, viewer_client, org):
    query = {"course": world["course"].pk, "as_of": ON.isoformat(), "days": 30}
    response = viewer_client.get(url(org, "report-new-starters", **query))
    assert response.status_code == 200
    assert [r["cells"][0]["text"] for r in response.context["table"]] == ["FAY", "GUS"]
    passed = PersonFactory(organisation=org, start_date=D(2026, 11, 25), employee_number="NEW")
    TrainingRecordFactory(
        organisation=org, person=passed, course=world["course"], completed_on=D(2026, 11, 26)
    )
    response = viewer_client.get(url(org, "report-new-starters", **query))
    assert response.context["paginator"].count == 2
    rows = _csv_rows(viewer_client.get(url(org, "report-new-starters", **query, export="csv")))
    assert sorted(r[0] for r in rows[1:]) == ["FAY", "GUS"]
    # One department at a time: Fay and Gus are in Beta Unit.
    for department, expected in ((world["b"].pk, 2), (world["a"].pk, 0), ("none", 0)):
        response = viewer_client.get(
            url(org, "report-new-starters", **query, department=department)
        )
        assert response.context["paginator"].count == expected, department


def test_pass_rates_and_score_bands(world, viewer_client, org):
    response = viewer_client.get(url(org, "report-scores", start="2025-01-01", end=ON.isoformat()))
    assert response.status_code == 200
    (scores,) = response.context["scores"]
    assert (scores.attempts, scores.passes, scores.failures, scores.pass_rate) == (5, 4, 1, 80)
    # Scores 90, 95, 85, 81, 40.
    assert scores.bands == (1, 0, 0, 0, 2, 2)
    labels = [band["label"] for band in scores.band_rows()]
    assert labels == ["0–49", "50–59", "60–69", "70–79", "80–89", "90–100"]
    narrower = viewer_client.get(url(org, "report-scores", start="2026-01-01", end="2026-12-31"))
    assert narrower.context["scores"][0].attempts == 3
    rows = _csv_rows(
        viewer_client.get(
            url(org, "report-scores", start="2025-01-01", end="2026-12-31", export="csv")
        )
    )
    assert rows[1][:6] == ["DP001", world["course"].title, "5", "4", "1", "80"]


def test_completion_trend_is_the_overall_figure_at_each_month_end(world, viewer_client, org):
    response = viewer_client.get(
        url(org, "report-trend", course=world["course"].pk, as_of=ON.isoformat())
    )
    assert response.status_code == 200
    points = [item["point"] for item in response.context["points"]]
    assert [p.on for p in points][:2] == [D(2026, 1, 31), D(2026, 2, 28)]
    assert [p.on for p in points][-2:] == [D(2026, 11, 30), ON]
    assert len(points) == 12
    for point in points:
        rows = completion_by_department(
            organisation=org,
            course=world["course"],
            on=point.on,
            people=Person.objects.filter(organisation=org, archived_at__isnull=True),
        )
        assert point.people == sum(r.people for r in rows)
        assert point.completed == sum(r.completed for r in rows)
    assert points[-1].percent == 33


@pytest.mark.parametrize(
    "name",
    [
        "report-completion",
        "report-people",
        "report-gating",
        "report-new-starters",
        "report-scores",
        "report-trend",
    ],
)
def test_every_report_renders_for_a_viewer_and_is_hidden_from_other_forces(
    world, viewer_client, org, other_org, client, name
):
    response = viewer_client.get(url(org, name))
    assert response.status_code == 200
    assert b"SecretMercia" not in response.content
    assert viewer_client.get(url(other_org, name)).status_code == 404
    client.logout()
    assert client.get(url(org, name)).status_code == 302


@pytest.mark.parametrize("name", ["report-completion", "report-people", "report-trend"])
def test_reports_say_when_there_are_no_courses(viewer_client, org, name):
    response = viewer_client.get(url(org, name))
    assert response.status_code == 200
    assert b"no courses" in response.content.lower() or b"no induction courses" in response.content


def test_bad_dates_are_reported_not_crashed(world, viewer_client, org):
    response = viewer_client.get(
        url(org, "report-completion", as_of_0="31", as_of_1="2", as_of_2="2026")
    )
    assert response.status_code == 400
    assert "must be a real date" in response.content.decode()
    response = viewer_client.get(url(org, "report-people", as_of="yesterday"))
    assert response.status_code == 400
    response = viewer_client.get(url(org, "report-scores", start="2026-02-01", end="2026-01-01"))
    assert response.status_code == 400


def test_another_forces_course_cannot_be_reported(world, viewer_client, org, other_org):
    theirs = CourseFactory(organisation=other_org)
    response = viewer_client.get(url(org, "report-completion", course=theirs.pk))
    assert response.status_code == 400
    response = viewer_client.get(url(org, "report-people", course=theirs.pk))
    assert response.status_code == 400


def test_report_page_status_labels_cover_every_status():
    assert set(TrainingStatus) - {TrainingStatus.NOT_REQUIRED} <= set(
        __import__("dpassure.training.report_views", fromlist=["STATUS_TAGS"]).STATUS_TAGS
    )
