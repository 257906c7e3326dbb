"""The report: one structured document as PDF and Word with the ICO summary's structure; the
draft and the issued versions; immutability; who may read it."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from dpassure.assurance import report_services
from dpassure.assurance.models import EngagementReport
from dpassure.assurance.models.reports import ISSUED_REPORT_IMMUTABLE
from dpassure.assurance.report_document import Report
from dpassure.core.roles import Role
from tests.conftest import member
from tests.factories import (
    make_assessed_engagement,
    make_engagement_report,
    make_ready_engagement,
)

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return " ".join([p.text for p in document.paragraphs] + cells)


def test_issued_report_says_it_all_in_order_in_pdf_and_word(org):
    engagement = make_ready_engagement(org)
    issued = make_engagement_report(engagement)
    assert (issued.status, issued.version) == ("issued", 1)
    text = pdf_text(bytes(issued.pdf))
    headings = [
        "Data protection assurance report",
        "1. Introduction",
        "2. Scope",
        "3. Approach",
        "4. Summary of findings",
        "Recommendations by priority",
        "5. Good practice",
        "6. Areas for improvement",
        "Disclaimer",
        "Appendix A – Assurance ratings",
        "Appendix B – Recommendation priorities",
    ]
    body = text[text.index("Appendix B – Recommendation priorities") + 40 :]  # after contents
    at = [body.find(h) for h in headings[1:]]
    assert -1 not in at and at == sorted(at), list(zip(headings[1:], at, strict=True))
    for phrase in (
        engagement.subject.name,
        "Version 1 · Issued 2 November 2026",
        "Overall assurance: Reasonable",
        "Recommendation 1",
        "HIGH PRIORITY",
        "Management response: Accepted",
        "The DPO will draft the DPIA.",
        "Clear desk checks are monthly.",
        "Some scope for improvement in security.",
        "Immediate action is required to improve the control environment.",
    ):
        assert phrase.upper() in text.upper(), phrase
    word = docx_text(bytes(issued.docx))
    for phrase in ("6. Areas for improvement", "Management response: ", "Accepted", "Reasonable"):
        assert phrase in word, phrase
    assert Report.from_json(issued.content).organisation == engagement.subject.name


def test_the_chart_is_svg_in_the_pdf_and_a_table_in_word(org):
    from dpassure.assurance import report, report_render

    content = report.engagement_report(make_ready_engagement(org))
    html = report_render.render_html(content)
    assert "<svg" in html and "Recommendations by priority for each scope area" in html
    assert content.chart[0].counts == (0, 1, 0, 0)
    table = Document(io.BytesIO(report_render.render_docx(content))).tables
    assert any(t.rows[0].cells[1].text == "Urgent" for t in table)


def test_an_issued_report_cannot_be_changed_or_removed(org):
    assurance = make_ready_engagement(org)
    issued = make_engagement_report(assurance)
    issued.sha256 = "0" * 64
    with pytest.raises(ValidationError, match="cannot be changed"):
        issued.save()
    with pytest.raises(ValidationError) as error:
        report_services.report_update(issued, actor=None)
    assert error.value.messages == [ISSUED_REPORT_IMMUTABLE]
    with pytest.raises(ValidationError):
        issued.delete()
    again = make_engagement_report(assurance)
    assert again.version == 2
    assert EngagementReport.objects.get(pk=issued.pk).sha256 != "0" * 64


def test_a_report_is_not_issued_before_the_records_are_ready(org):
    engagement = make_assessed_engagement(org, stage="interviews")
    with pytest.raises(ValidationError) as error:
        report_services.report_issue(engagement, actor=None)
    text = " ".join(error.value.messages)
    assert "management response" in text
    assert "Rate every scope area" in text
    assert "overall assurance rating" in text
    assert not EngagementReport.objects.exists()


def test_issuing_from_the_page_and_who_reads_it(client, org, outsider):
    engagement = make_ready_engagement(org)
    client.force_login(member(org, Role.EDITOR))
    url = reverse(
        "assurance:engagement-report-draft",
        kwargs={"org_slug": org.slug, "engagement_pk": engagement.pk},
    )
    assert client.get(url).status_code == 200
    response = client.post(url, {"issued_on": "2026-11-02"})
    assert response.status_code == 302
    issued = EngagementReport.objects.get()
    assert issued.history.first().history_type == "+"
    # The organisation assessed reads and downloads the issued report through its own URLs.
    subject = engagement.subject
    client.force_login(member(subject, Role.VIEWER, username="opcc-viewer"))
    kwargs = {"org_slug": subject.slug, "pk": issued.pk}
    assert (
        client.get(reverse("assurance:engagementreport-detail", kwargs=kwargs)).status_code == 200
    )
    download = client.get(reverse("assurance:engagementreport-download", kwargs=kwargs))
    assert download["Content-Disposition"].startswith("attachment;")
    assert bytes(download.content) == bytes(issued.pdf)
    history = reverse("assurance:engagementreport-history", kwargs=kwargs)
    assert client.get(history).status_code == 404  # the audit trail is the assessor's
    client.force_login(outsider)
    for name in ("engagementreport-detail", "engagementreport-download"):
        other = reverse(f"assurance:{name}", kwargs={"org_slug": org.slug, "pk": issued.pk})
        assert client.get(other).status_code == 404


def test_the_subject_reads_the_draft_once_shared_but_never_issues(client, org):
    engagement = make_ready_engagement(org)
    subject = engagement.subject
    client.force_login(member(subject, Role.ADMIN, username="opcc-admin"))
    kwargs = {"org_slug": subject.slug, "engagement_pk": engagement.pk}
    draft = client.get(
        reverse("assurance:engagement-report-draft-download", kwargs=kwargs) + "?format=docx"
    )
    assert draft.status_code == 200
    assert "Draft for management response" in docx_text(draft.content)
    assert (
        client.post(
            reverse("assurance:engagement-report-draft", kwargs=kwargs), {"issued_on": "2026-11-02"}
        ).status_code
        == 404
    )
    type(engagement).objects.filter(pk=engagement.pk).update(stage="interviews")
    assert (
        client.get(reverse("assurance:engagement-report-draft", kwargs=kwargs)).status_code == 404
    )


def test_interview_notes_never_reach_the_report(org):
    import datetime

    from django.utils import timezone

    from dpassure.assurance import evidence_services as es
    from dpassure.assurance import report

    engagement = make_ready_engagement(org)
    interview = es.interview_create(
        organisation=org,
        actor=None,
        engagement=engagement,
        interviewee_role="Head of Governance",
        held_at=timezone.make_aware(datetime.datetime(2026, 10, 12, 10)),
        mode="on_site",
        summary="SECRET summary",
    )
    es.interview_note_create(
        organisation=org,
        actor=None,
        interview=interview,
        control=engagement.framework.controls.first(),
        note="SECRET note",
    )
    content = report.engagement_report(engagement)
    assert content.interviews == ("Head of Governance – on site, 12 October 2026",)
    assert "SECRET" not in str(content.as_json())
