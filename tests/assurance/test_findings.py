"""Findings, numbered recommendations, the organisation's management responses (entered only
by it, only while the draft is with it) and ratings; permissions across the three sides."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dpassure.assurance import findings_services as fs
from dpassure.assurance.findings_selectors import visible
from dpassure.assurance.models import Finding, Recommendation
from dpassure.core.roles import Role
from dpassure.core.tenancy import scope_for
from tests.conftest import member
from tests.factories import (
    make_assessed_engagement,
    make_finding,
    make_management_response,
    make_recommendation,
)

pytestmark = pytest.mark.django_db


def test_recommendations_are_numbered_in_their_engagement_and_audited(org):
    engagement = make_assessed_engagement(org)
    first = make_recommendation(engagement=engagement)
    second = make_recommendation(make_finding(engagement), priority="urgent")
    assert (first.number, second.number) == (1, 2)
    assert first.history.count() == 1 and first.history.first().history_type == "+"


def test_only_an_area_for_improvement_carries_recommendations(org):
    good = make_finding(make_assessed_engagement(org), kind="good_practice")
    with pytest.raises(ValidationError, match="areas for improvement"):
        make_recommendation(good)


def test_management_response_only_by_the_subject_at_the_response_stage(org):
    engagement = make_assessed_engagement(org, stage="draft_report")
    rec = make_recommendation(engagement=engagement)
    with pytest.raises(ValidationError, match="management response stage"):
        fs.management_response_create(
            organisation=engagement.subject, actor=None, recommendation=rec, decision="accepted"
        )
    type(engagement).objects.filter(pk=engagement.pk).update(stage="management_response")
    rec.refresh_from_db()
    with pytest.raises(ValidationError, match="Only the organisation assessed"):
        fs.management_response_create(
            organisation=org, actor=None, recommendation=rec, decision="accepted"
        )
    response = make_management_response(rec)
    assert response.history.count() == 1
    with pytest.raises(ValidationError, match="already has a response"):
        make_management_response(rec)


def test_subject_sees_the_draft_only_once_shared_and_never_another_organisations(org, other_org):
    engagement = make_assessed_engagement(org, stage="interviews")
    rec = make_recommendation(engagement=engagement)
    subject_user = member(engagement.subject, Role.EDITOR, username="opcc-editor")
    scope = scope_for(subject_user, engagement.subject.slug)
    assert not visible(scope, Recommendation).exists()
    type(engagement).objects.filter(pk=engagement.pk).update(stage="management_response")
    assert list(visible(scope, Recommendation)) == [rec]
    assert list(visible(scope, Finding)) == [rec.finding]
    # Another assessor's engagement of another organisation stays invisible.
    make_recommendation(engagement=make_assessed_engagement(other_org, stage="final_report"))
    assert list(visible(scope, Recommendation)) == [rec]


def test_the_subject_gives_its_response_through_its_own_pages(client, org):
    engagement = make_assessed_engagement(org, stage="management_response")
    rec = make_recommendation(engagement=engagement)
    slug = engagement.subject.slug
    url = reverse("assurance:recommendation-respond", kwargs={"org_slug": slug, "pk": rec.pk})
    client.force_login(member(engagement.subject, Role.EDITOR, username="opcc-editor"))
    page = client.get(url)
    assert page.status_code == 200 and "What the assurance ratings" in page.content.decode()
    bad = client.post(url, {"action": "Later"})
    assert bad.status_code == 400 and "Select decision" in bad.content.decode()
    done = client.post(
        url,
        {"decision": "partly_accepted", "action": "Annual review", "owner": "DPO"},
    )
    assert done.status_code == 302
    rec.refresh_from_db()
    assert rec.management_response.decision == "partly_accepted"
    assert rec.management_response.history.first().history_user.username == "opcc-editor"


def test_the_assessor_cannot_enter_the_response_and_outsiders_get_404(client, org, outsider):
    engagement = make_assessed_engagement(org, stage="management_response")
    rec = make_recommendation(engagement=engagement)
    url = reverse("assurance:recommendation-respond", kwargs={"org_slug": org.slug, "pk": rec.pk})
    client.force_login(member(org, Role.ADMIN))
    assert "assessors cannot enter it" in client.get(url).content.decode()
    assert client.post(url, {"decision": "accepted"}).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_a_scope_area_is_rated_once_and_only_from_the_framework(org):
    engagement = make_assessed_engagement(org)
    area = engagement.scope_areas.first()
    kwargs = {"organisation": org, "actor": None, "engagement": engagement}
    fs.scope_rating_create(**kwargs, scope_area=area, rating="high", opinion="Good")
    with pytest.raises(ValidationError, match="already rated"):
        fs.scope_rating_create(**kwargs, scope_area=area, rating="limited", opinion="Bad")


def test_overall_rating_needs_an_opinion(org):
    with pytest.raises(ValidationError, match="overall opinion"):
        fs.engagement_opinion_set(
            make_assessed_engagement(org), actor=None, overall_rating="high", overall_opinion=" "
        )


def test_finding_page_shows_definitions_for_the_priority(client, org):
    rec = make_recommendation(engagement=make_assessed_engagement(org))
    client.force_login(member(org, Role.VIEWER))
    url = reverse("assurance:recommendation-detail", kwargs={"org_slug": org.slug, "pk": rec.pk})
    body = client.get(url).content.decode()
    assert "Addresses significant risks of non-compliance" in body
    assert "very limited level of assurance" in body
