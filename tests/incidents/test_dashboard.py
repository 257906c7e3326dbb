"""The incidents dashboard: figures checked against a small known data set, links that filter the
lists to the records behind each figure, the monthly export, a fixed number of queries."""

import csv
import datetime
import io
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dpassure.core.roles import Role
from dpassure.incidents import services
from dpassure.incidents.models import Action, Incident, SpotCheck
from dpassure.incidents.selectors import incident_dashboard
from tests.conftest import member
from tests.factories import DepartmentFactory

D = datetime.date
TODAY = D(2026, 12, 1)
NOW = timezone.make_aware(datetime.datetime(2026, 12, 1, 12, 0))


def at(*parts):
    return timezone.make_aware(datetime.datetime(*parts))


def report(org, discovered_at, **fields):
    return services.incident_report(
        organisation=org,
        actor=None,
        now=NOW,
        what_happened="Case papers left on a train.",
        occurred_at=discovered_at - datetime.timedelta(hours=1),
        discovered_at=discovered_at,
        **fields,
    )


def reported_to_ico(incident, *, aware_at, reported_at, **fields):
    return services.incident_update(
        incident,
        actor=None,
        now=NOW,
        aware_at=aware_at,
        is_personal_data_breach=True,
        report_to_ico=True,
        ico_decision_reasons="A risk to the people affected.",
        reported_to_ico_at=reported_at,
        ico_reference=f"IC-{incident.pk}",
        **fields,
    )


@pytest.fixture
def world(org, other_org):
    """Wessex: six incidents in the window, one before it, one archived; Mercia: one of each."""
    cju = DepartmentFactory(organisation=org, name="Criminal Justice Unit")
    response = DepartmentFactory(organisation=org, name="Response")
    in_time = reported_to_ico(  # 48 hours
        report(org, at(2026, 11, 2, 11, 0), cause="wrong_recipient", department=cju),
        aware_at=at(2026, 11, 2, 14, 0),
        reported_at=at(2026, 11, 4, 14, 0),
    )
    late = reported_to_ico(  # 96 hours
        report(org, at(2026, 11, 10, 8, 0), cause="lost_device", department=response),
        aware_at=at(2026, 11, 10, 9, 0),
        reported_at=at(2026, 11, 14, 9, 0),
        delay_reason="The laptop's owner was on leave.",
    )
    report(org, at(2026, 10, 15, 10, 0), is_near_miss=True, cause="wrong_recipient", department=cju)
    # Just after midnight UK time on 1 July (BST) is still 30 June in UTC: it counts in July.
    report(org, at(2026, 7, 1, 0, 30))
    # The first moment of the window, and the last moment before it.
    report(org, at(2026, 1, 1, 0, 30), cause="verbal")
    before = reported_to_ico(  # 36 hours, before the 12 months but still a reported breach
        report(org, at(2025, 12, 31, 23, 30), cause="verbal"),
        aware_at=at(2025, 12, 31, 23, 30),
        reported_at=at(2026, 1, 2, 11, 30),
    )
    archived = report(org, at(2026, 11, 20, 10, 0), cause="lost_device", department=cju)
    services.incident_archive(archived, actor=None)

    theirs = reported_to_ico(
        report(
            other_org,
            at(2026, 11, 3, 10, 0),
            cause="cyber_attack",
            department=DepartmentFactory(organisation=other_org, name="Mercia Secret Squad"),
        ),
        aware_at=at(2026, 11, 3, 10, 0),
        reported_at=at(2026, 11, 9, 10, 0),
        delay_reason="Slow.",
    )

    def action(organisation, incident, due_on, **fields):
        return services.action_create(
            organisation=organisation,
            actor=None,
            incident=incident,
            description="Turn off email autocomplete",
            owner="Head of CJU",
            due_on=due_on,
            **fields,
        )

    action(org, in_time, D(2026, 11, 20))  # overdue
    action(org, in_time, D(2026, 12, 10))  # open, not yet due
    action(org, late, D(2026, 11, 1), done_on=D(2026, 11, 2))  # done
    services.action_archive(action(org, late, D(2026, 11, 1)), actor=None)
    action(other_org, theirs, D(2026, 11, 1))

    def check(organisation, due_on, **fields):
        checklist = services.spot_check_template_create(
            organisation=organisation, actor=None, name=f"Clear desk {due_on}", items="Desks"
        )
        return services.spot_check_schedule(
            organisation=organisation, actor=None, template=checklist, due_on=due_on, **fields
        )

    check(org, D(2026, 11, 1))  # overdue
    check(org, D(2026, 12, 1))  # due today: not overdue
    check(org, D(2026, 11, 1), done_on=D(2026, 11, 3), done_by="PS Patel")
    services.spot_check_archive(check(org, D(2026, 10, 1)), actor=None)
    check(other_org, D(2026, 11, 1))
    return {"cju": cju, "response": response, "late": late, "before": before}


def board_for(org):
    return incident_dashboard(
        Incident.objects.filter(organisation=org),
        actions=Action.objects.filter(organisation=org),
        spot_checks=SpotCheck.objects.filter(organisation=org),
        today=TODAY,
    )


def test_the_months_are_the_last_twelve_by_when_discovered(org, world):
    board = board_for(org)
    assert [m.key for m in board.months] == [f"2026-{n:02d}" for n in range(1, 13)]
    assert board.months[0].label == "Jan 2026"
    counts = {m.key: (m.incidents, m.near_misses, m.breaches) for m in board.months if m.total}
    assert counts == {
        "2026-01": (1, 0, 0),
        "2026-07": (1, 0, 0),
        "2026-10": (0, 1, 0),
        "2026-11": (2, 0, 2),
    }


def test_the_months_are_split_by_cause_and_department(org, world):
    board = board_for(org)
    assert board.causes == [
        ("wrong_recipient", "Sent to the wrong recipient"),
        ("lost_device", "Lost or stolen device"),
        ("verbal", "Verbal disclosure"),
        ("", "Not recorded"),
    ]
    assert board.departments == [
        (world["cju"].pk, "Criminal Justice Unit"),
        (world["response"].pk, "Response"),
        (None, "Not recorded"),
    ]
    by_month = {m.key: (m.by_cause, m.by_department) for m in board.months}
    assert by_month["2026-11"] == ((1, 1, 0, 0), (1, 1, 0))
    assert by_month["2026-10"] == ((1, 0, 0, 0), (1, 0, 0))
    assert by_month["2026-07"] == ((0, 0, 0, 1), (0, 0, 1))
    assert by_month["2026-01"] == ((0, 0, 1, 0), (0, 0, 1))
    assert by_month["2026-12"] == ((0, 0, 0, 0), (0, 0, 0))


def test_reporting_times_cover_every_breach_reported_to_the_ico(org, world):
    board = board_for(org)
    assert (board.reported, board.reported_in_time, board.reported_late) == (3, 2, 1)
    assert board.percent_in_time == 66.7
    assert board.median_hours == 48.0  # of 36, 48 and 96
    assert board.max_hours == 96.0
    assert board.slowest == (world["late"].pk, world["late"].reference)


def test_open_and_overdue_work(org, world):
    board = board_for(org)
    assert (board.open_actions, board.overdue_actions) == (2, 1)
    assert board.overdue_spot_checks == 1


def test_an_organisation_with_nothing_recorded(org):
    board = board_for(org)
    assert len(board.months) == 12 and all(m.total == 0 for m in board.months)
    assert board.causes == [] and board.departments == []
    assert board.percent_in_time is None and board.median_hours is None
    assert board.slowest is None and board.open_actions == 0


def test_the_number_of_queries_does_not_grow_with_the_rows(org, world, django_assert_num_queries):
    with django_assert_num_queries(4):
        board_for(org)
    for day in range(1, 6):
        reported_to_ico(
            report(org, at(2026, 9, day, 9, 0), department=DepartmentFactory(organisation=org)),
            aware_at=at(2026, 9, day, 9, 0),
            reported_at=at(2026, 9, day, 20, 0),
        )
    with django_assert_num_queries(4):
        board = board_for(org)
    assert board.reported == 8 and len(board.departments) == 8


# --- The page ------------------------------------------------------------------------------


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def dashboard(org, world, viewer_client, monkeypatch):
    from dpassure.core import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return reverse("incidents:dashboard", kwargs={"org_slug": org.slug})


def links(body: str) -> dict[str, str]:
    """Each link's visible and hidden text (whitespace collapsed), by its address."""
    found = {}
    for href, text in re.findall(r'<a class="govuk-link" href="([^"]+)"[^>]*>(.*?)</a>', body):
        found[unescape(href)] = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    return found


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_any_member_sees_the_dashboard_and_each_figure_links_to_its_records(
    org, dashboard, viewer_client, world
):
    response = viewer_client.get(dashboard)
    assert response.status_code == 200
    body = response.content.decode()
    found = links(body)
    incidents = f"/o/{org.slug}/incidents/"
    assert found[incidents + "?reported_late=no"] == "66.7% reported within 72 hours"
    assert found[incidents + "?reported_late=yes"] == "1 reported after 72 hours"
    assert found[f"{incidents}{world['late'].pk}/"].startswith("96 hours")
    assert found[f"/o/{org.slug}/actions/?status=open"] == "2 open actions"
    assert found[f"/o/{org.slug}/actions/?status=overdue"] == "1 overdue action"
    assert found[f"/o/{org.slug}/spot-checks/?status=overdue"] == "1 overdue spot check"
    assert found[incidents + "?month=2026-11&near_miss=no"].startswith("2 ")
    assert found[incidents + "?month=2026-11&breach=yes"].startswith("2 ")
    assert found[incidents + "?month=2026-10&near_miss=yes"].startswith("1 ")
    assert found[incidents + "?month=2026-11&cause=lost_device"].startswith("1 ")
    assert found[f"{incidents}?month=2026-11&department={world['cju'].pk}"].startswith("1 ")
    assert "Mercia Secret Squad" not in body and "cyber_attack" not in body


def test_the_links_filter_the_lists_to_the_records_behind_each_figure(
    org, dashboard, viewer_client
):
    """Follow every link to a list and count the rows of its CSV export."""
    found = links(viewer_client.get(dashboard).content.decode())
    checked = 0
    for href, text in found.items():
        figure = re.match(r"(\d+)(?![\d.%])", text)  # a count, not a percentage
        if "?" not in href or not figure:
            continue
        listed = viewer_client.get(href + "&export=csv")
        assert listed.status_code == 200, href
        assert len(csv_rows(listed)) - 1 == int(figure.group(1)), href
        checked += 1
    assert checked >= 12
    within = viewer_client.get(f"/o/{org.slug}/incidents/?reported_late=no&export=csv")
    assert len(csv_rows(within)) - 1 == 2  # behind "66.7% reported within 72 hours"


def test_the_monthly_table_exports_as_csv(org, dashboard, viewer_client, world):
    response = viewer_client.get(dashboard + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "wessex-incidents-by-month.csv" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == [
        "Month",
        "Incidents",
        "Near misses",
        "Total",
        "Personal data breaches",
        "Cause: Sent to the wrong recipient",
        "Cause: Lost or stolen device",
        "Cause: Verbal disclosure",
        "Cause: Not recorded",
        "Department: Criminal Justice Unit",
        "Department: Response",
        "Department: Not recorded",
    ]
    assert len(rows) == 13
    assert rows[11] == ["Nov 2026", "2", "0", "2", "2", "1", "1", "0", "0", "1", "1", "0"]
    assert rows[10] == ["Oct 2026", "0", "1", "1", "0", "1", "0", "0", "0", "1", "0", "0"]
    assert rows[12] == ["Dec 2026", *["0"] * 11]


def test_the_monthly_table_exports_as_xlsx(dashboard, viewer_client):
    response = viewer_client.get(dashboard + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Month", "Incidents", "Near misses")
    assert rows[11][:5] == ("Nov 2026", "2", "0", "2", "2")


def test_another_organisation_sees_only_its_own_figures(org, other_org, dashboard, client, world):
    client.force_login(member(other_org, Role.VIEWER))
    assert client.get(dashboard).status_code == 404
    theirs = client.get(reverse("incidents:dashboard", kwargs={"org_slug": other_org.slug}))
    assert theirs.status_code == 200
    body = theirs.content.decode()
    assert "Criminal Justice Unit" not in body and "Mercia Secret Squad" in body
    found = links(body)
    assert found[f"/o/{other_org.slug}/incidents/?reported_late=yes"] == "1 reported after 72 hours"
    assert found[f"/o/{other_org.slug}/actions/?status=open"] == "1 open action"
