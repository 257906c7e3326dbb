"""Sector projects, invitations and engagements: services (validated, audited), stages, and who
may see what — the assessor's members, the organisation assessed, and outsiders."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dpassure.assurance import engagement_services as es
from dpassure.assurance.models import Engagement, EngagementStage
from dpassure.core.audit import history_entries
from dpassure.core.roles import Role
from tests.conftest import member
from tests.factories import (
    OrganisationFactory,
    make_assessor,
    make_engagement,
    make_evidence_request,
    make_invitation,
    make_project,
    make_survey,
    make_survey_link,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessor():
    return make_assessor(slug="northern")


@pytest.fixture
def opcc():
    return OrganisationFactory(name="Wessex OPCC", slug="opcc", kind="local_policing_body")


@pytest.fixture
def helen(assessor):
    return member(assessor, Role.EDITOR, username="helen")


@pytest.fixture
def engagement(assessor, opcc, helen):
    return make_engagement(
        assessor, subject=opcc, assessors=[helen], internal_notes="Ask about DPIAs privately."
    )


def test_an_engagement_starts_invited_dated_and_audited(engagement, helen):
    assert engagement.stage == "invited"
    stage = engagement.stages.get()
    assert (stage.stage, stage.started_on) == ("invited", datetime.date(2026, 5, 2))
    assert [e.action for e in history_entries(engagement)] == ["Created"]


def test_stages_move_forward_one_at_a_time_and_each_is_dated(engagement, helen):
    es.engagement_advance(
        engagement, actor=helen, stage="survey", started_on=datetime.date(2026, 5, 9)
    )
    engagement.refresh_from_db()
    assert engagement.stage == "survey"
    entries = history_entries(engagement)
    assert entries[0].who == helen.get_full_name()
    assert [(c.field, c.after) for c in entries[0].changes] == [("Stage", "Survey")]
    with pytest.raises(ValidationError, match="one at a time"):
        es.engagement_advance(
            engagement, actor=helen, stage="draft_report", started_on=datetime.date(2026, 5, 10)
        )
    with pytest.raises(ValidationError, match="cannot start before"):
        es.engagement_advance(
            engagement, actor=helen, stage="document_review", started_on=datetime.date(2026, 5, 8)
        )
    with pytest.raises(ValidationError, match="cannot go back"):
        es.engagement_advance(
            engagement, actor=helen, stage="invited", started_on=datetime.date(2026, 5, 10)
        )
    assert EngagementStage.objects.filter(engagement=engagement).count() == 2  # nothing half-saved


def test_a_stage_cannot_be_dated_in_the_future(engagement, helen):
    future = datetime.date.today() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        es.engagement_advance(engagement, actor=helen, stage="survey", started_on=future)


def test_an_engagement_refuses_scope_areas_of_another_framework(assessor, opcc, helen):
    project = make_project(assessor)
    other = make_project(assessor).framework  # the same small framework
    from dpassure.assurance.frameworks import load_bundled_frameworks

    ico = load_bundled_frameworks()[0].framework
    with pytest.raises(ValidationError, match="is not a scope area of the framework"):
        make_engagement(
            assessor, subject=opcc, project=project, scope_areas=[ico.scope_areas.first()]
        )
    assert other == project.framework
    assert not Engagement.objects.exists()


def test_assessors_must_be_members_of_the_assessor(assessor, opcc):
    stranger = member(opcc, Role.ADMIN, username="stranger")
    with pytest.raises(ValidationError, match="is not a member of"):
        make_engagement(assessor, subject=opcc, assessors=[stranger])
    assert not Engagement.objects.exists()


def test_an_organisation_cannot_assess_itself(assessor):
    with pytest.raises(ValidationError, match="cannot assess itself"):
        make_engagement(assessor, subject=assessor)


def test_invitations_record_responses_and_are_audited(assessor, opcc, helen):
    project = make_project(assessor)
    invitation = make_invitation(project, subject=opcc)
    assert invitation.response == "no_response"
    with pytest.raises(ValidationError, match="Enter the date the organisation responded"):
        es.projectinvitation_update(invitation, actor=helen, response="declined")
    with pytest.raises(ValidationError, match="cannot respond before it was invited"):
        es.projectinvitation_update(
            invitation, actor=helen, response="declined", responded_on=datetime.date(2026, 4, 1)
        )
    es.projectinvitation_update(
        invitation, actor=helen, response="declined", responded_on=datetime.date(2026, 5, 20)
    )
    invitation.refresh_from_db()
    assert invitation.response == "declined"
    assert history_entries(invitation)[0].who == helen.get_full_name()
    with pytest.raises(ValidationError, match="already been invited"):
        make_invitation(project, subject=opcc)
    with pytest.raises(ValidationError, match="not an assessor"):
        make_invitation(project, subject=make_assessor(name="Other unit", slug="other-unit"))


def test_project_dates_cannot_come_before_its_start(assessor):
    with pytest.raises(ValidationError) as caught:
        make_project(assessor, survey_closes_on=datetime.date(2026, 4, 1))
    assert "before the project starts" in str(caught.value)


# --- Who sees what ---------------------------------------------------------------------------


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_assessor_sees_internal_notes_and_the_organisation_does_not(
    client, engagement, opcc, helen
):
    own = reverse(
        "assurance:engagement-detail", kwargs={"org_slug": "northern", "pk": engagement.pk}
    )
    response = _get(client, helen, own)
    assert response.status_code == 200 and b"Ask about DPIAs privately." in response.content
    opcc_viewer = member(opcc, Role.VIEWER, username="opcc-viewer")
    theirs = reverse(
        "assurance:engagement-detail", kwargs={"org_slug": "opcc", "pk": engagement.pk}
    )
    response = _get(client, opcc_viewer, theirs)
    assert response.status_code == 200
    assert engagement.title.encode() in response.content
    assert b"Ask about DPIAs" not in response.content
    assert b"Move on to the next stage" not in response.content


def test_the_organisation_cannot_change_the_engagement(client, engagement, opcc):
    opcc_admin = member(opcc, Role.ADMIN, username="opcc-admin")
    client.force_login(opcc_admin)
    for name in ("engagement-update", "engagement-archive"):
        url = reverse(f"assurance:{name}", kwargs={"org_slug": "opcc", "pk": engagement.pk})
        assert client.get(url).status_code == 404
    url = reverse(
        "assurance:engagement-advance", kwargs={"org_slug": "opcc", "engagement_pk": engagement.pk}
    )
    assert client.post(url, {"stage": "survey", "started_on": "2026-05-10"}).status_code == 404
    engagement.refresh_from_db()
    assert engagement.stage == "invited"


def test_an_outsider_sees_nothing(client, engagement):
    outsider_org = OrganisationFactory(slug="elsewhere")
    outsider = member(outsider_org, Role.ADMIN, username="outsider")
    for slug in ("elsewhere", "northern", "opcc"):
        url = reverse("assurance:engagement-detail", kwargs={"org_slug": slug, "pk": engagement.pk})
        assert _get(client, outsider, url).status_code == 404


def test_a_viewer_of_the_assessor_cannot_run_engagements(client, engagement, assessor):
    viewer = member(assessor, Role.VIEWER, username="assessor-viewer")
    client.force_login(viewer)
    url = reverse(
        "assurance:engagement-advance",
        kwargs={"org_slug": "northern", "engagement_pk": engagement.pk},
    )
    assert client.post(url, {"stage": "survey", "started_on": "2026-05-10"}).status_code == 403


def test_the_organisation_sees_its_evidence_requests_and_survey_but_never_the_links(
    client, engagement, opcc
):
    request = make_evidence_request(engagement)
    survey = make_survey(engagement)
    make_survey_link(survey, contact_name="Named Contact")
    opcc_staff = member(opcc, Role.STAFF, username="opcc-staff")
    client.force_login(opcc_staff)
    home = client.get(reverse("assurance:home", kwargs={"org_slug": "opcc"}))
    assert request.title.encode() in home.content and survey.title.encode() in home.content
    detail = client.get(
        reverse("assurance:survey-detail", kwargs={"org_slug": "opcc", "pk": survey.pk})
    )
    assert detail.status_code == 200 and b"Named Contact" not in detail.content
    link = survey.links.get()
    url = reverse("assurance:surveylink-detail", kwargs={"org_slug": "opcc", "pk": link.pk})
    assert client.get(url).status_code == 404


def test_a_draft_survey_is_not_shown_to_the_organisation(client, engagement, opcc):
    survey = make_survey(engagement, open_=False)
    client.force_login(member(opcc, Role.ADMIN, username="opcc-admin"))
    url = reverse("assurance:survey-detail", kwargs={"org_slug": "opcc", "pk": survey.pk})
    assert client.get(url).status_code == 404


def test_the_api_hides_internal_notes_from_the_organisation(engagement, opcc, helen):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(helen)
    own = api.get(f"/api/v1/o/northern/assurance/engagements/{engagement.pk}/").json()
    assert own["internal_notes"] == "Ask about DPIAs privately."
    api.force_authenticate(member(opcc, Role.VIEWER, username="opcc-viewer"))
    theirs = api.get(f"/api/v1/o/opcc/assurance/engagements/{engagement.pk}/").json()
    assert theirs["internal_notes"] == "" and theirs["assessors"] == []
    response = api.patch(
        f"/api/v1/o/opcc/assurance/engagements/{engagement.pk}/", {"title": "x"}, format="json"
    )
    assert response.status_code in (403, 404)


def test_pages_render_for_the_assessor(client, engagement, helen, assessor):
    project = make_project(assessor)
    client.force_login(helen)
    for name, kwargs in [
        ("home", {}),
        ("framework-list", {}),
        ("sectorproject-list", {}),
        ("sectorproject-create", {}),
        ("engagement-list", {}),
        ("engagement-create", {}),
        ("sectorproject-detail", {"pk": project.pk}),
    ]:
        response = client.get(
            reverse(f"assurance:{name}", kwargs={"org_slug": "northern", **kwargs})
        )
        assert response.status_code == 200, name
    framework = project.framework
    response = client.get(
        reverse("assurance:framework-list", kwargs={"org_slug": "northern"})
        + f"?framework={framework.pk}"
    )
    assert b"Records of processing" in response.content


def test_an_engagement_is_created_through_the_page(client, helen, opcc, assessor):
    project = make_project(assessor)
    client.force_login(helen)
    url = reverse("assurance:engagement-create", kwargs={"org_slug": "northern"})
    response = client.post(
        url,
        {
            "title": "OPCC audit",
            "subject": opcc.pk,
            "project": project.pk,
            "framework": project.framework.pk,
            "kind": "teleconference",
            "assessors": [helen.pk],
            "invited_on": "2026-05-04",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    engagement = Engagement.objects.get(title="OPCC audit")
    assert list(engagement.assessors.all()) == [helen]
    assert engagement.stages.get().started_on == datetime.date(2026, 5, 4)
