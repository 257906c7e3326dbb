"""The undertakings API: the same services and sides as the pages; bad input is a 400 with the
field and the specific message."""

import datetime

import pytest
from rest_framework.test import APIClient

from dpassure.core.roles import Role
from dpassure.undertakings.models import ISSUED_REPORT_IMMUTABLE
from tests.conftest import member
from tests.factories import (
    OrganisationFactory,
    make_follow_up,
    make_issued_report,
    make_requirement,
    make_undertaking,
)

D = datetime.date


@pytest.fixture
def force(db):
    return OrganisationFactory(name="Dorset Police", slug="dorset")


def client_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def base(org):
    return f"/api/v1/o/{org.slug}/"


def test_assessor_creates_an_undertaking_and_requirements_with_computed_due_dates(org, force):
    api = client_for(member(org, Role.EDITOR))
    created = api.post(
        base(org) + "undertakings/",
        {
            "title": "Publicity",
            "subject": force.pk,
            "legislation": "dpa_1998",
            "signed_on": "2017-10-31",
            "internal_notes": "Assessor only",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "in_force"
    requirement = api.post(
        base(org) + "requirements/",
        {
            "undertaking": created.json()["id"],
            "number": 1,
            "text": "Do it",
            "deadline_months": 3,
            "due_on": "2030-01-01",
        },
        format="json",
    )
    assert requirement.status_code == 201, requirement.json()
    assert requirement.json()["due_on"] == "2018-01-31"  # computed, never typed
    both = api.post(
        base(org) + "requirements/",
        {
            "undertaking": created.json()["id"],
            "number": 2,
            "text": "x",
            "deadline_months": 3,
            "deadline_date": "2018-01-01",
        },
        format="json",
    )
    assert both.status_code == 400
    assert both.json() == {
        "deadline_months": ["Give the deadline as a date or as a number of months, not both."]
    }


def test_the_three_refusals_the_issue_names(org, force):
    api = client_for(member(org, Role.EDITOR))
    undertaking = make_undertaking(org, subject=force, signed_on=D(2017, 10, 31))
    other = make_undertaking(org, subject=force, title="Other undertaking")
    mine, theirs = make_requirement(undertaking), make_requirement(other)

    early = api.post(
        base(org) + "follow-ups/",
        {"undertaking": undertaking.pk, "assessed_on": "2017-10-01", "method": "desk"},
        format="json",
    )
    assert early.status_code == 400
    assert early.json() == {
        "assessed_on": [
            "A follow-up cannot be dated before the undertaking was signed on 31 October 2017."
        ]
    }

    follow_up = make_follow_up(undertaking, assessed_on=D(2018, 5, 16))
    wrong = api.post(
        base(org) + "verdicts/",
        {
            "follow_up": follow_up.pk,
            "requirement": theirs.pk,
            "verdict": "implemented",
            "findings": "x",
        },
        format="json",
    )
    assert wrong.status_code == 400
    assert "belongs to another undertaking (“Other undertaking”)" in wrong.json()["requirement"][0]

    right = api.post(
        base(org) + "verdicts/",
        {
            "follow_up": follow_up.pk,
            "requirement": mine.pk,
            "verdict": "implemented",
            "findings": "Done",
        },
        format="json",
    )
    assert right.status_code == 201
    issued = api.post(
        base(org) + "issued-reports/",
        {"follow_up": follow_up.pk, "issued_on": "2018-05-21"},
        format="json",
    )
    assert issued.status_code == 201, issued.json()
    assert issued.json()["version"] == 1 and len(issued.json()["sha256"]) == 64
    report = base(org) + f"issued-reports/{issued.json()['id']}/"
    for method in ("put", "patch", "delete"):
        response = getattr(api, method)(report, {"issued_on": "2018-05-22"}, format="json")
        assert response.status_code == 400, method
        assert response.json() == {"non_field_errors": [ISSUED_REPORT_IMMUTABLE]}
    assert api.get(report).json()["issued_on"] == "2018-05-21"
    again = api.post(base(org) + "issued-reports/", {"follow_up": follow_up.pk}, format="json")
    assert again.status_code == 201 and again.json()["version"] == 2


def test_the_organisation_reads_its_side_and_writes_its_action_plan(org, force, other_org):
    undertaking = make_undertaking(org, subject=force, internal_notes="Assessor only")
    requirement = make_requirement(undertaking)
    follow_up = make_follow_up(undertaking)
    make_issued_report(follow_up)
    api = client_for(member(force, Role.EDITOR))

    listed = api.get(base(force) + "undertakings/").json()["results"]
    assert [u["id"] for u in listed] == [undertaking.pk]
    assert listed[0]["internal_notes"] == ""
    assert api.get(base(force) + "requirements/").json()["count"] == 1
    assert api.get(base(force) + "issued-reports/").json()["count"] == 1
    assert api.get(base(force) + "follow-ups/").json()["count"] == 0
    assert api.get(base(force) + f"follow-ups/{follow_up.pk}/").status_code == 404
    assert api.get(base(force) + "verdicts/").json()["count"] == 0
    changed = api.patch(
        base(force) + f"undertakings/{undertaking.pk}/", {"title": "Mine now"}, format="json"
    )
    assert changed.status_code == 404

    step = api.post(
        base(force) + "action-plan-steps/",
        {
            "requirement": requirement.pk,
            "steps_taken": "Form introduced",
            "supplied_on": "2026-04-01",
        },
        format="json",
    )
    assert step.status_code == 201, step.json()
    assert step.json()["entered_by"] == "subject"
    edited = api.patch(
        base(force) + f"action-plan-steps/{step.json()['id']}/",
        {"steps_taken": "Form introduced and signed off"},
        format="json",
    )
    assert edited.status_code == 200

    outsider = client_for(member(other_org, Role.ADMIN, username="outsider"))
    assert outsider.get(base(other_org) + "undertakings/").json()["count"] == 0
    assert outsider.get(base(force) + "undertakings/").status_code == 404
    refused = outsider.post(
        base(other_org) + "action-plan-steps/",
        {"requirement": requirement.pk, "steps_taken": "x", "supplied_on": "2026-04-01"},
        format="json",
    )
    assert refused.status_code == 400 and "requirement" in refused.json()


def test_viewers_read_but_do_not_write(org, force):
    make_undertaking(org, subject=force)
    api = client_for(member(org, Role.VIEWER))
    assert api.get(base(org) + "undertakings/").status_code == 200
    refused = api.post(
        base(org) + "undertakings/",
        {"title": "x", "subject": force.pk, "legislation": "uk_gdpr"},
        format="json",
    )
    assert refused.status_code == 403


def test_hostile_input_is_refused(org, force):
    api = client_for(member(org, Role.EDITOR))
    undertaking = make_undertaking(org, subject=force)
    itself = api.post(
        base(org) + "undertakings/",
        {"title": "Self", "subject": org.pk, "legislation": "uk_gdpr"},
        format="json",
    )
    assert itself.status_code == 400
    assert itself.json() == {"subject": ["An organisation cannot give an undertaking to itself."]}
    future = api.patch(
        base(org) + f"undertakings/{undertaking.pk}/", {"signed_on": "2999-01-01"}, format="json"
    )
    assert future.status_code == 400 and "future" in future.json()["signed_on"][0]
    ragged = api.post(
        base(org) + "live-snapshots/",
        {
            "undertaking": undertaking.pk,
            "title": "x",
            "source": "y",
            "columns": ["A", "B"],
            "rows": [[1]],
        },
        format="json",
    )
    assert ragged.status_code == 400 and "rows" in ragged.json()
