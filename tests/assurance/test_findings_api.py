"""The API of evidence, interviews, findings, recommendations, management responses, ratings,
the overall opinion, reports and follow-up grades: the same services and rules as the pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from dpassure.assurance.models import EngagementEvidence, ManagementResponse, Recommendation
from dpassure.assurance.models.reports import ISSUED_REPORT_IMMUTABLE
from dpassure.core.roles import Role
from tests.conftest import member
from tests.factories import (
    MINIMAL_PDF,
    MINIMAL_PNG,
    make_assessed_engagement,
    make_engagement_report,
    make_evidence_request,
    make_finding,
    make_grade,
    make_ready_engagement,
    make_recommendation,
)

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def base(organisation):
    return f"/api/v1/o/{organisation.slug}/assurance"


@pytest.fixture
def assessor(org):
    return client_for(member(org, Role.EDITOR, username="assessor"))


def subject_client(engagement, role=Role.EDITOR):
    return client_for(member(engagement.subject, role, username=f"dpo-{engagement.pk}"))


def test_evidence_upload_is_sniffed_hashed_and_downloaded_only_as_an_attachment(org, assessor):
    engagement = make_assessed_engagement(org)
    control = engagement.framework.controls.first()
    response = assessor.post(
        f"{base(org)}/evidence/",
        {
            "engagement": engagement.pk,
            "title": "Data protection policy",
            "controls": [control.pk],
            "upload": SimpleUploadedFile("policy.pdf", MINIMAL_PDF),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["content_type"], body["file_name"], body["from_subject"]) == (
        "application/pdf",
        "policy.pdf",
        False,
    )
    download = assessor.get(f"{base(org)}/evidence/{body['id']}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download.content == MINIMAL_PDF


def test_an_upload_whose_content_is_not_what_its_name_says_is_refused_and_nothing_saved(
    org, assessor
):
    engagement = make_assessed_engagement(org)
    response = assessor.post(
        f"{base(org)}/evidence/",
        {
            "engagement": engagement.pk,
            "title": "Policy",
            "upload": SimpleUploadedFile("policy.pdf", MINIMAL_PNG),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "is called policy.pdf but its content is a PNG image" in str(response.json()["file"])
    assert not EngagementEvidence.objects.exists()
    missing = assessor.post(f"{base(org)}/evidence/", {"engagement": engagement.pk, "title": "X"})
    assert missing.status_code == 400
    assert "file" in missing.json()


def test_the_organisation_assessed_uploads_against_a_request_and_sees_only_its_own(org):
    engagement = make_assessed_engagement(org, stage="document_review")
    request = make_evidence_request(engagement)
    subject = subject_client(engagement)
    response = subject.post(
        f"{base(engagement.subject)}/evidence-requests/{request.pk}/upload/",
        {"title": "Retention schedule", "upload": SimpleUploadedFile("schedule.png", MINIMAL_PNG)},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    item = EngagementEvidence.objects.get(pk=response.json()["id"])
    assert (item.from_subject, item.request, item.organisation) == (True, request, org)
    listed = subject.get(f"{base(engagement.subject)}/evidence/").json()["results"]
    assert [row["id"] for row in listed] == [item.pk]
    # Empty body: refused with field errors.
    empty = subject.post(f"{base(engagement.subject)}/evidence-requests/{request.pk}/upload/", {})
    assert empty.status_code == 400
    assert {"upload", "title"} <= set(empty.json())


def test_the_organisation_assessed_uploads_on_its_own_page(org, client):
    engagement = make_assessed_engagement(org, stage="document_review")
    request = make_evidence_request(engagement)
    client.force_login(member(engagement.subject, Role.EDITOR, username="page-dpo"))
    url = f"/o/{engagement.subject.slug}/assurance/evidence-requests/{request.pk}/upload/"
    detail = f"/o/{engagement.subject.slug}/assurance/evidence-requests/{request.pk}/"
    assert f'href="{url}"' in client.get(detail).content.decode()  # the request offers it
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"title": "Policy", "upload": SimpleUploadedFile("policy.pdf", MINIMAL_PDF)}
    )
    assert response.status_code == 302
    assert EngagementEvidence.objects.get().from_subject is True


def test_interviews_notes_and_live_evidence_are_assessor_only(org):
    engagement = make_assessed_engagement(org)
    assessor = client_for(member(org, Role.EDITOR, username="interviewer"))
    response = assessor.post(
        f"{base(org)}/interviews/",
        {
            "engagement": engagement.pk,
            "interviewee_role": "SIRO",
            "held_at": "2026-10-12T10:00:00Z",
            "mode": "on_site",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    interview = response.json()["id"]
    subject = subject_client(engagement)
    assert subject.get(f"{base(engagement.subject)}/interviews/").json()["results"] == []
    assert subject.get(f"{base(engagement.subject)}/interviews/{interview}/").status_code == 404
    assert subject.get(f"{base(engagement.subject)}/live-evidence/").json()["results"] == []


def test_findings_and_recommendations_go_through_the_services(org, assessor):
    engagement = make_assessed_engagement(org)
    control = engagement.framework.controls.first()
    bad = assessor.post(f"{base(org)}/findings/", {"engagement": engagement.pk}, format="json")
    assert bad.status_code == 400
    assert {"control", "kind", "text"} <= set(bad.json())
    finding = assessor.post(
        f"{base(org)}/findings/",
        {
            "engagement": engagement.pk,
            "control": control.pk,
            "kind": "area_for_improvement",
            "text": "No DPIA",
        },
        format="json",
    ).json()
    numbers = [
        assessor.post(
            f"{base(org)}/recommendations/",
            {"finding": finding["id"], "priority": "high", "text": f"Do {n}"},
            format="json",
        ).json()["number"]
        for n in range(2)
    ]
    assert numbers == [1, 2]
    good = make_finding(engagement, kind="good_practice")
    refused = assessor.post(
        f"{base(org)}/recommendations/",
        {"finding": good.pk, "priority": "low", "text": "More"},
        format="json",
    )
    assert refused.status_code == 400
    assert "areas for improvement" in str(refused.json()["finding"])


def test_the_organisation_assessed_sees_findings_only_once_the_draft_is_shared(org):
    engagement = make_assessed_engagement(org, stage="draft_report")
    make_finding(engagement)
    subject = subject_client(engagement)
    assert subject.get(f"{base(engagement.subject)}/findings/").json()["results"] == []
    type(engagement).objects.filter(pk=engagement.pk).update(stage="management_response")
    assert len(subject.get(f"{base(engagement.subject)}/findings/").json()["results"]) == 1


def test_management_responses_only_from_the_organisation_assessed_at_its_stage(org, assessor):
    engagement = make_assessed_engagement(org, stage="management_response")
    rec = make_recommendation(engagement=engagement)
    payload = {"recommendation": rec.pk, "decision": "accepted", "action": "Draft the DPIA"}
    by_assessor = assessor.post(f"{base(org)}/management-responses/", payload, format="json")
    assert by_assessor.status_code == 400
    assert "Only the organisation assessed" in str(by_assessor.json())
    subject = subject_client(engagement)
    url = f"{base(engagement.subject)}/management-responses/"
    created = subject.post(url, payload, format="json")
    assert created.status_code == 201, created.json()
    response = ManagementResponse.objects.get()
    assert (response.organisation, response.subject) == (org, engagement.subject)
    changed = subject.patch(f"{url}{response.pk}/", {"decision": "partly_accepted"}, format="json")
    assert changed.status_code == 200
    assert assessor.get(f"{base(org)}/management-responses/{response.pk}/").status_code == 200
    assert subject.delete(f"{url}{response.pk}/").status_code == 405
    # Once the engagement has moved on, no more changes.
    type(engagement).objects.filter(pk=engagement.pk).update(stage="final_report")
    late = subject.patch(f"{url}{response.pk}/", {"decision": "accepted"}, format="json")
    assert late.status_code == 400
    assert "management response stage" in str(late.json())


def test_a_viewer_of_the_organisation_assessed_cannot_respond(org):
    engagement = make_assessed_engagement(org, stage="management_response")
    rec = make_recommendation(engagement=engagement)
    viewer = subject_client(engagement, role=Role.VIEWER)
    response = viewer.post(
        f"{base(engagement.subject)}/management-responses/",
        {"recommendation": rec.pk, "decision": "accepted"},
        format="json",
    )
    assert response.status_code == 403
    assert not ManagementResponse.objects.exists()


def test_ratings_and_the_overall_opinion(org, assessor):
    engagement = make_assessed_engagement(org)
    area = engagement.scope_areas.first()
    rating = assessor.post(
        f"{base(org)}/ratings/",
        {"engagement": engagement.pk, "scope_area": area.pk, "rating": "limited", "opinion": "x"},
        format="json",
    )
    assert rating.status_code == 201, rating.json()
    bad = assessor.patch(
        f"{base(org)}/opinions/{engagement.pk}/", {"overall_rating": "reasonable"}, format="json"
    )
    assert bad.status_code == 400
    assert "overall_opinion" in bad.json()
    good = assessor.put(
        f"{base(org)}/opinions/{engagement.pk}/",
        {"overall_rating": "reasonable", "overall_opinion": "Reasonable assurance."},
        format="json",
    )
    assert good.status_code == 200
    engagement.refresh_from_db()
    assert engagement.overall_rating == "reasonable"
    subject = subject_client(engagement)
    assert subject.get(f"{base(engagement.subject)}/opinions/{engagement.pk}/").status_code == 404


def test_a_report_is_issued_by_post_and_then_refuses_every_change(org, assessor):
    engagement = make_ready_engagement(org)
    empty = assessor.post(f"{base(org)}/reports/", {}, format="json")
    assert empty.status_code == 400
    issued = assessor.post(
        f"{base(org)}/reports/", {"engagement": engagement.pk, "issued_on": "2026-11-02"}
    )
    assert issued.status_code == 201, issued.json()
    body = issued.json()
    assert (body["status"], body["version"]) == ("issued", 1)
    url = f"{base(org)}/reports/{body['id']}/"
    for method in ("put", "patch", "delete"):
        refused = getattr(assessor, method)(url, {"issued_on": "2026-11-03"}, format="json")
        assert refused.status_code == 405
        assert refused.json()["detail"] == ISSUED_REPORT_IMMUTABLE
    pdf = assessor.get(url + "download/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    subject = subject_client(engagement)
    assert subject.get(f"{base(engagement.subject)}/reports/{body['id']}/").status_code == 200


def test_a_report_not_ready_is_refused_with_the_reasons(org, assessor):
    engagement = make_assessed_engagement(org, stage="draft_report")
    response = assessor.post(f"{base(org)}/reports/", {"engagement": engagement.pk})
    assert response.status_code == 400
    assert "Share the draft with the organisation" in str(response.json())


def test_follow_up_grades(org, assessor):
    grade = make_grade(assessor=org)
    listed = assessor.get(f"{base(org)}/grades/").json()["results"]
    assert [row["status"] for row in listed] == ["partly_completed"]
    follow_up = grade.engagement
    other = make_assessed_engagement(org, subject=follow_up.subject, stage="draft_report")
    stray = make_recommendation(engagement=other)
    refused = assessor.post(
        f"{base(org)}/grades/",
        {"engagement": follow_up.pk, "recommendation": stray.pk, "status": "completed"},
        format="json",
    )
    assert refused.status_code == 400
    assert "recommendation" in refused.json()
    assert Recommendation.objects.filter(grades__isnull=False).count() == 1


def test_another_organisation_reaches_none_of_it(org, other_org):
    report = make_engagement_report(assessor=org)
    outsider = client_for(member(other_org, Role.ADMIN, username="outsider"))
    assert outsider.get(f"{base(org)}/reports/").status_code == 404
    assert outsider.get(f"{base(other_org)}/reports/{report.pk}/").status_code == 404
    assert outsider.get(f"{base(other_org)}/reports/").json()["results"] == []


def test_invitation_preferred_kind_is_a_choice(org, assessor):
    from tests.factories import make_invitation, make_project

    invitation = make_invitation(make_project(org))
    response = assessor.patch(
        f"{base(org)}/invitations/{invitation.pk}/", {"preferred_kind": "picnic"}, format="json"
    )
    assert response.status_code == 400
    assert "preferred_kind" in response.json()


def test_dates_in_the_future_are_refused(org, assessor):
    engagement = make_assessed_engagement(org)
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    response = assessor.post(
        f"{base(org)}/evidence/",
        {
            "engagement": engagement.pk,
            "title": "Policy",
            "document_date": future,
            "upload": SimpleUploadedFile("policy.pdf", MINIMAL_PDF),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "document_date" in response.json()
