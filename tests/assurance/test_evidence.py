"""Uploaded evidence (checked by content, hashed, only ever downloaded) and live evidence
(stored figures that never change), interviews (assessor-internal), with permissions."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dpassure.assurance import evidence_services as es
from dpassure.core.audit import history_entries
from dpassure.core.roles import Role
from tests.conftest import member
from tests.factories import (
    MINIMAL_PDF,
    MINIMAL_PNG,
    make_assessed_engagement,
    make_assurance_evidence,
)

pytestmark = pytest.mark.django_db


def upload(engagement, name, content, **fields):
    return es.evidence_create(
        organisation=engagement.organisation,
        actor=None,
        engagement=engagement,
        upload=SimpleUploadedFile(name, content),
        title="Policy",
        **fields,
    )


def test_a_document_is_kept_with_its_sniffed_type_and_hash_and_audited(org):
    engagement = make_assessed_engagement(org)
    control = engagement.framework.controls.first()
    item = upload(engagement, "policy.pdf", MINIMAL_PDF, controls=[control])
    assert (item.content_type, item.file_name) == ("application/pdf", "policy.pdf")
    assert item.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert list(item.controls.all()) == [control]
    # One change, shown as one entry (the controls it links are a step of the same save).
    assert [entry.action for entry in history_entries(item)] == ["Created"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("policy.pdf", MINIMAL_PNG, "is called policy.pdf but its content is a PNG image"),
        ("photo.png", MINIMAL_PDF, "is called photo.png but its content is a PDF"),
        ("policy.pdf", b"<html><script>alert(1)</script></html>", "must be a PDF"),
        ("macro.docx", b"PK\x03\x04not really a zip", "must be a PDF"),
        ("run.exe", MINIMAL_PDF, "is called run.exe but its content is a PDF"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_hostile_uploads_are_refused_and_nothing_is_saved(org, name, content, message):
    engagement = make_assessed_engagement(org)
    with pytest.raises(ValidationError, match=message):
        upload(engagement, name, content)
    assert not engagement.evidence.exists()


def test_a_document_too_large_is_refused(org, settings):
    settings.DPASSURE_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="smaller than"):
        upload(make_assessed_engagement(org), "p.pdf", MINIMAL_PDF)


def test_controls_must_be_of_the_engagements_framework(org):
    from dpassure.assurance.models import Control, Framework, ScopeArea

    other = Framework.objects.create(key="other", version="1", title="Other", source="x")
    area = ScopeArea.objects.create(framework=other, key="a", title="A")
    stray = Control.objects.create(
        framework=other, scope_area=area, identifier="X-1", title="X", expectation="x"
    )
    with pytest.raises(ValidationError, match="framework"):
        upload(make_assessed_engagement(org), "p.pdf", MINIMAL_PDF, controls=[stray])


def test_download_is_an_attachment_never_inline(client, org):
    user = member(org, Role.VIEWER)
    item = make_assurance_evidence(make_assessed_engagement(org))
    client.force_login(user)
    response = client.get(
        reverse(
            "assurance:engagementevidence-download", kwargs={"org_slug": org.slug, "pk": item.pk}
        )
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == MINIMAL_PNG


def test_upload_page_refuses_a_disguised_file_with_a_specific_message(client, org):
    engagement = make_assessed_engagement(org)
    client.force_login(member(org, Role.EDITOR))
    url = reverse(
        "assurance:engagementevidence-create",
        kwargs={"org_slug": org.slug, "engagement_pk": engagement.pk},
    )
    response = client.post(
        url, {"title": "Policy", "upload": SimpleUploadedFile("policy.pdf", MINIMAL_PNG)}
    )
    assert response.status_code == 400
    assert "its content is a PNG image" in response.content.decode()
    assert not engagement.evidence.exists()


def test_live_evidence_keeps_the_figures_as_they_stood(org):
    from tests.factories import CourseFactory, PersonFactory, TrainingRecordFactory

    engagement = make_assessed_engagement(org)
    subject = engagement.subject
    course = CourseFactory(organisation=subject)
    person = PersonFactory(organisation=subject)
    on = datetime.date(2026, 11, 1)
    snapshot = es.live_evidence_take(
        organisation=org,
        actor=None,
        engagement=engagement,
        control=engagement.framework.controls.first(),
        metric=es.TRAINING,
        on=on,
        course=course,
    )
    before = (snapshot.columns, snapshot.rows)
    assert snapshot.columns[0] == "Department"
    assert snapshot.rows[-1][0] == "All departments"
    # The register changes afterwards; the evidence does not.
    TrainingRecordFactory(organisation=subject, person=person, course=course)
    PersonFactory(organisation=subject)
    snapshot.refresh_from_db()
    assert (snapshot.columns, snapshot.rows) == before


@pytest.mark.parametrize("metric", [es.REQUESTS, es.BREACHES])
def test_live_evidence_from_requests_and_breaches(org, metric):
    engagement = make_assessed_engagement(org)
    snapshot = es.live_evidence_take(
        organisation=org,
        actor=None,
        engagement=engagement,
        control=engagement.framework.controls.first(),
        metric=metric,
        on=datetime.date(2026, 11, 1),
    )
    assert snapshot.columns == ["Measure", "Value"]
    assert engagement.subject.name in snapshot.source


def test_live_evidence_refuses_another_organisations_course_and_unknown_metrics(org, other_org):
    from tests.factories import CourseFactory

    engagement = make_assessed_engagement(org)
    control = engagement.framework.controls.first()
    on = datetime.date(2026, 11, 1)
    kwargs = {"organisation": org, "actor": None, "engagement": engagement, "control": control}
    with pytest.raises(ValidationError, match="course of the organisation assessed"):
        es.live_evidence_take(
            **kwargs, metric=es.TRAINING, on=on, course=CourseFactory(organisation=other_org)
        )
    with pytest.raises(ValidationError, match="figures"):
        es.live_evidence_take(**kwargs, metric="salaries", on=on)


def test_interviews_are_never_shown_to_the_organisation_assessed(client, org):
    engagement = make_assessed_engagement(org, stage="management_response")
    interview = es.interview_create(
        organisation=org,
        actor=None,
        engagement=engagement,
        interviewee_role="SIRO",
        held_at=timezone.now(),
        mode="remote",
        summary="Candid about weeding",
    )
    subject_user = member(engagement.subject, Role.ADMIN, username="subject-admin")
    client.force_login(subject_user)
    slug = engagement.subject.slug
    url = reverse("assurance:interview-detail", kwargs={"org_slug": slug, "pk": interview.pk})
    assert client.get(url).status_code == 404
    client.force_login(member(org, Role.VIEWER))
    own = reverse("assurance:interview-detail", kwargs={"org_slug": org.slug, "pk": interview.pk})
    assert "Candid about weeding" in client.get(own).content.decode()


def test_an_outsider_reaches_no_evidence(client, org, outsider):
    item = make_assurance_evidence(make_assessed_engagement(org))
    client.force_login(outsider)
    for name in ("engagementevidence-detail", "engagementevidence-download"):
        url = reverse(f"assurance:{name}", kwargs={"org_slug": org.slug, "pk": item.pk})
        assert client.get(url).status_code == 404
