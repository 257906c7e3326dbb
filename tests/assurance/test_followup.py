"""Follow-up: recommendations of an issued report become tracked actions; a follow-up
engagement grades each one, and progress is shown by priority."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dpassure.assurance import followup_services as fus
from dpassure.assurance.findings_selectors import engagement_panel, tracked_actions
from dpassure.core.roles import Role
from dpassure.core.tenancy import scope_for
from tests.conftest import member
from tests.factories import (
    make_assessed_engagement,
    make_follow_up_engagement,
    make_grade,
    make_ready_engagement,
)

pytestmark = pytest.mark.django_db


def test_a_follow_up_grades_recommendations_of_the_issued_report_and_shows_progress(org):
    grade = make_grade(assessor=org, status="partly_completed")
    follow_up = grade.engagement
    assert grade.history.count() == 1
    scope = scope_for(member(org, Role.VIEWER), org.slug)
    progress = engagement_panel(scope, follow_up).progress
    high = next(row for row in progress.by_priority if row.priority == "high")
    assert (high.total, high.partly_completed, high.completed) == (1, 1, 0)
    with pytest.raises(ValidationError, match="already graded"):
        fus.grade_create(
            organisation=org,
            actor=None,
            engagement=follow_up,
            recommendation=grade.recommendation,
            status="completed",
        )


def test_only_recommendations_of_an_issued_report_are_graded(org):
    unissued = make_ready_engagement(org)
    follow_up = make_assessed_engagement(org, subject=unissued.subject, follows_up=unissued)
    with pytest.raises(ValidationError, match="issued report followed up"):
        fus.grade_create(
            organisation=org,
            actor=None,
            engagement=follow_up,
            recommendation=unissued.recommendations.first(),
            status="completed",
        )
    plain = make_assessed_engagement(org)
    with pytest.raises(ValidationError, match="Only a follow-up engagement"):
        fus.grade_create(
            organisation=org,
            actor=None,
            engagement=plain,
            recommendation=unissued.recommendations.first(),
            status="completed",
        )


def test_a_grade_cannot_be_dated_in_the_future(org):
    follow_up = make_follow_up_engagement(org)
    with pytest.raises(ValidationError, match="future"):
        fus.grade_create(
            organisation=org,
            actor=None,
            engagement=follow_up,
            recommendation=follow_up.follows_up.recommendations.first(),
            status="completed",
            graded_on=datetime.date(2999, 1, 1),
            today=datetime.date(2026, 12, 1),
        )


def test_tracked_actions_for_the_subject_and_the_assessor_never_an_outsider(client, org, outsider):
    grade = make_grade(assessor=org, status="completed")
    subject = grade.engagement.subject
    subject_user = member(subject, Role.VIEWER, username="opcc-viewer")
    actions = tracked_actions(scope_for(subject_user, subject.slug))
    assert [a.recommendation for a in actions] == [grade.recommendation]
    assert actions[0].response.decision == "accepted"
    client.force_login(subject_user)
    page = client.get(reverse("assurance:tracked-actions", kwargs={"org_slug": subject.slug}))
    assert page.status_code == 200
    assert "Complete a DPIA for the appeals process." in page.content.decode()
    client.force_login(outsider)
    other = client.get(reverse("assurance:tracked-actions", kwargs={"org_slug": "mercia"}))
    assert "Complete a DPIA" not in other.content.decode()


def test_grade_page_offers_only_ungraded_recommendations(client, org):
    follow_up = make_follow_up_engagement(org)
    client.force_login(member(org, Role.EDITOR))
    url = reverse(
        "assurance:followupgrade-create",
        kwargs={"org_slug": org.slug, "engagement_pk": follow_up.pk},
    )
    rec = follow_up.follows_up.recommendations.first()
    response = client.post(
        url, {"recommendation": rec.pk, "status": "not_started", "graded_on": "2026-11-20"}
    )
    assert response.status_code == 302
    again = client.get(url).content.decode()
    assert f'value="{rec.pk}"' not in again
