"""Incidents, near misses and breaches: reporting, triage, assessment, the 72-hour clock."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dpassure.core.roles import Role
from dpassure.incidents import services
from dpassure.incidents.models import Incident
from tests.factories import PersonFactory, make_incident


def at(*parts):
    return timezone.make_aware(datetime.datetime(*parts))


NOW = at(2026, 12, 1, 12, 0)


def test_report_numbers_the_incident_and_starts_the_clock_from_discovery(org):
    incident = make_incident(org, discovered_at=at(2026, 11, 27, 16, 0))
    assert incident.reference.startswith("INC-2026-") and incident.status == "reported"
    assert incident.report_due_at == at(2026, 11, 30, 16, 0)  # a weekend counts


def test_near_misses_have_no_clock(org):
    assert make_incident(org, is_near_miss=True).report_due_at is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"discovered_at": at(2026, 11, 1, 9, 0)},
            "discovered_at",
            "discovered before it happened",
        ),
        (
            {"occurred_at": at(2026, 12, 2, 9, 0), "discovered_at": at(2026, 12, 2, 10, 0)},
            "occurred_at",
            "cannot be in the future",
        ),
    ],
)
def test_impossible_timelines_are_refused(org, fields, field, message):
    with pytest.raises(ValidationError) as error:
        make_incident(org, **fields)
    assert any(message in m for m in error.value.message_dict[field])
    assert not Incident.objects.exists()


def test_assessment_computes_the_risk_and_the_decisions_need_reasons(org, editor):
    incident = make_incident(org)
    services.incident_update(
        incident,
        actor=editor,
        now=NOW,
        aware_at=at(2026, 11, 2, 12, 0),
        is_personal_data_breach=True,
        likelihood=3,
        severity=3,
        special_category=True,
        data_subjects_count=1,
    )
    incident.refresh_from_db()
    assert incident.risk == "high" and incident.status == "assessed"
    assert incident.report_due_at == at(2026, 11, 5, 12, 0)
    with pytest.raises(ValidationError, match="Record the reasons"):
        services.incident_update(incident, actor=editor, now=NOW, report_to_ico=True)
    with pytest.raises(ValidationError, match="choose the exception"):
        services.incident_update(
            incident,
            actor=editor,
            now=NOW,
            tell_individuals=False,
            report_to_ico=True,
            ico_decision_reasons="High risk to a witness",
        )


def test_a_late_report_needs_reasons_and_aware_before_discovery_is_refused(org, editor):
    incident = make_incident(org)
    with pytest.raises(ValidationError, match="aware before it was discovered"):
        services.incident_update(incident, actor=editor, now=NOW, aware_at=at(2026, 11, 2, 10, 0))
    incident = Incident.objects.get(pk=incident.pk)
    late = {
        "aware_at": at(2026, 11, 2, 12, 0),
        "reported_to_ico_at": at(2026, 11, 6, 9, 0),
        "ico_reference": "IC-1234",
        "report_to_ico": True,
        "ico_decision_reasons": "Risk",
    }
    with pytest.raises(ValidationError, match="give the reasons for the delay"):
        services.incident_update(incident, actor=editor, now=NOW, **late)
    incident = Incident.objects.get(pk=incident.pk)
    services.incident_update(
        incident, actor=editor, now=NOW, delay_reason="Awaiting the force's legal advice", **late
    )
    with pytest.raises(ValidationError, match="before you became aware"):
        services.incident_update(
            incident, actor=editor, now=NOW, reported_to_ico_at=at(2026, 11, 2, 11, 0)
        )


def test_ico_updates_follow_the_first_report(org, editor):
    incident = make_incident(org)
    with pytest.raises(ValidationError, match="first report"):
        services.ico_update_create(
            organisation=org,
            actor=editor,
            incident=incident,
            now=NOW,
            sent_at=at(2026, 11, 5, 9, 0),
            summary="More detail",
        )


def test_any_staff_member_reports_in_a_short_form(client, org, make_member):
    client.force_login(make_member(org, Role.STAFF))
    day = {
        "occurred_at_0_0": "2",
        "occurred_at_0_1": "11",
        "occurred_at_0_2": "2026",
        "occurred_at_1": "09:30",
        "discovered_at_0_0": "2",
        "discovered_at_0_1": "11",
        "discovered_at_0_2": "2026",
        "discovered_at_1": "11:00",
    }
    response = client.post(
        f"/o/{org.slug}/incidents/report/",
        {
            "what_happened": "Left a custody file on the train",
            **day,
            "information_involved": "Detainee's name and medical notes",
        },
        follow=True,
    )
    incident = Incident.objects.get()
    assert incident.occurred_at == at(2026, 11, 2, 9, 30)
    assert f"reference is {incident.reference}" in response.content.decode()


def test_bad_time_gives_a_specific_message(client, org, make_member):
    client.force_login(make_member(org, Role.STAFF))
    response = client.post(
        f"/o/{org.slug}/incidents/report/",
        {
            "what_happened": "x",
            "occurred_at_0_0": "2",
            "occurred_at_0_1": "11",
            "occurred_at_0_2": "2026",
            "occurred_at_1": "25:99",
            "discovered_at_0_0": "2",
            "discovered_at_0_1": "11",
            "discovered_at_0_2": "2026",
            "discovered_at_1": "11:00",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and "24-hour clock" in body
    assert 'href="#id_occurred_at_0_0"' in body


def test_list_shows_the_countdown(editor_client, org):
    now = timezone.now()
    make_incident(
        org,
        now=now,
        discovered_at=now - datetime.timedelta(hours=10),
        occurred_at=now - datetime.timedelta(hours=12),
    )
    body = editor_client.get(f"/o/{org.slug}/incidents/").content.decode()
    assert "hours left" in body


def test_involved_person_by_employee_number(editor_client, org, other_org):
    incident = make_incident(org)
    PersonFactory(organisation=other_org, employee_number="X1")
    url = f"/o/{org.slug}/incidents/{incident.pk}/people/new/"
    refused = editor_client.post(url, {"employee_number": "X1", "involvement": "caused"})
    assert "Nobody in the staff directory" in refused.content.decode()
    PersonFactory(organisation=org, employee_number="W9")
    assert (
        editor_client.post(url, {"employee_number": "W9", "involvement": "caused"}).status_code
        == 302
    )
    assert incident.people_involved.get().person.employee_number == "W9"


def test_api_report_and_read_only_clock(api, org):
    response = api.post(
        f"/api/v1/o/{org.slug}/incidents/",
        {
            "what_happened": "Phishing email opened",
            "occurred_at": "2026-11-02T09:00:00Z",
            "discovered_at": "2026-11-02T10:00:00Z",
            "report_due_at": "2030-01-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["report_due_at"].startswith("2026-11-05T10:00:00")


def test_spot_checks_and_actions_through_the_api(api, org):
    from tests.factories import make_spot_check_action

    action = make_spot_check_action(
        org, owner="Station manager", due_on=datetime.date(2026, 12, 10)
    )
    url = f"/api/v1/o/{org.slug}/actions/{action.pk}/"
    future = api.patch(url, {"done_on": "2099-01-01"}, format="json")
    assert future.status_code == 400 and "done_on" in future.json()
    done = api.patch(url, {"done_on": str(timezone.localdate())}, format="json")
    assert done.status_code == 200 and done.json()["done_on"]
    check = api.get(f"/api/v1/o/{org.slug}/spot-checks/{action.spot_check_id}/").json()
    assert any(not result["passed"] for result in check["results"])


def test_actions_follow_an_incident(editor_client, org):
    incident = make_incident(org)
    url = f"/o/{org.slug}/incidents/{incident.pk}/actions/new/"
    response = editor_client.post(
        url,
        {
            "description": "Brief the team on checking recipients",
            "owner": "Custody inspector",
            "due_on_0": "15",
            "due_on_1": "12",
            "due_on_2": "2026",
        },
    )
    assert response.status_code == 302
    assert incident.actions.get().owner == "Custody inspector"
    page = editor_client.get(f"/o/{org.slug}/incidents/{incident.pk}/").content.decode()
    assert "Brief the team on checking recipients" in page


def test_month_filter_uses_uk_midnight(editor_client, org):
    # 00:30 on 1 June in London is still 31 May in UTC: it belongs to June.
    make_incident(org, occurred_at=at(2026, 6, 1, 0, 10), discovered_at=at(2026, 6, 1, 0, 30))
    make_incident(org, occurred_at=at(2026, 5, 31, 23, 0), discovered_at=at(2026, 5, 31, 23, 30))
    june = editor_client.get(f"/o/{org.slug}/incidents/?month=2026-06").content.decode()
    may = editor_client.get(f"/o/{org.slug}/incidents/?month=2026-05").content.decode()
    assert "1 incident" in june and "1 incident" in may
    assert "1 Jun 2026" in june and "31 May 2026" in may
