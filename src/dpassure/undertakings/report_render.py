"""The follow-up report laid out as an A4 PDF (HTML through WeasyPrint) and as a Word document
(python-docx), with the shared helpers of :mod:`dpassure.core.documents`. Neither adds a word
of its own to the content built by :mod:`dpassure.undertakings.report`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from dpassure.core.documents import (
    DOCX_MIMETYPE,
    docx_border,
    docx_bytes,
    docx_footer,
    docx_new,
    html_to_pdf,
)

if TYPE_CHECKING:
    from dpassure.undertakings.report import FollowUpReport

__all__ = ["DOCX_MIMETYPE", "render_docx", "render_html", "render_pdf"]

BLUE, RED, GREY = "1D70B8", "D4351C", "B1B4B6"
VERDICT_COLOURS = {
    "Implemented": (0x00, 0x70, 0x3C),
    "Partly implemented": (0x8A, 0x5A, 0x00),
    "Not implemented": (0xD4, 0x35, 0x1C),
    "Not evidenced": (0xB0, 0x42, 0x1A),
}


def render_html(report: FollowUpReport) -> str:
    return render_to_string("undertakings/report_document.html", {"report": report})


def render_pdf(report: FollowUpReport) -> bytes:
    return html_to_pdf(render_html(report))


def render_docx(report: FollowUpReport) -> bytes:
    """The same report as a Word document, for an assessor who publishes in Word."""
    from docx.shared import Mm, Pt, RGBColor

    document = docx_new(
        title=f"{report.legislation}: {report.title} – {report.organisation}",
        author=report.assessor,
        left_margin_mm=22,
    )

    def paragraph(text="", *, style=None, bold=False, size=None, after=None):
        added = document.add_paragraph(style=style)
        if text:
            run = added.add_run(text)
            run.bold = bold
            if size:
                run.font.size = Pt(size)
        if after is not None:
            added.paragraph_format.space_after = Pt(after)
        return added

    def heading(text):
        added = paragraph(text, style="Heading 2", size=13)
        added.paragraph_format.space_before = Pt(16)
        added.paragraph_format.keep_with_next = True
        docx_border(added, "bottom", size=6, colour=GREY, space=2)
        return added

    def statement(text):
        added = paragraph(text, bold=True)
        added.paragraph_format.left_indent = Mm(4)
        docx_border(added, "left", size=24, colour=RED, space=8)

    def bullets(items):
        for item in items:
            paragraph(item, style="List Bullet")

    masthead = paragraph(f"{report.assessor}", bold=True, size=10)
    masthead.add_run(f"    Version {report.version} · Issued {report.date_issued}").font.size = Pt(
        9
    )
    docx_border(masthead, "bottom", size=6, colour=GREY, space=2)
    masthead.paragraph_format.space_after = Pt(18)
    law = paragraph(report.legislation, bold=True, size=12, after=2)
    law.runs[0].font.color.rgb = RGBColor(0x1D, 0x70, 0xB8)
    paragraph(report.title, style="Title", bold=True, size=24, after=12)
    subject = paragraph(report.organisation, bold=True, size=14, after=2)
    subject.paragraph_format.left_indent = Mm(4)
    docx_border(subject, "left", size=24, colour=BLUE, space=8)
    if report.references_line:
        refs = paragraph(report.references_line, size=10, after=18)
        refs.paragraph_format.left_indent = Mm(4)
        docx_border(refs, "left", size=24, colour=BLUE, space=8)
    paragraph(report.opening)
    for text in report.objective:
        paragraph(text)

    heading("Evidence reviewed")
    paragraph(report.method)
    bullets(report.evidence or ("No documentary evidence was supplied.",))
    if report.summary:
        heading("Summary")
        for text in report.summary:
            paragraph(text)

    heading("Requirements and findings")
    paragraph(report.findings_intro)
    for requirement in report.requirements:
        head = paragraph(f"{requirement.number}. {requirement.text}", bold=True)
        head.paragraph_format.space_before = Pt(10)
        head.paragraph_format.keep_with_next = True
        status = paragraph(after=4)
        status.paragraph_format.keep_with_next = True
        if requirement.verdict:
            verdict = status.add_run(f"FINDING: {requirement.verdict.upper()}    ")
            verdict.bold, verdict.font.size = True, Pt(9)
            verdict.font.color.rgb = RGBColor(*VERDICT_COLOURS[requirement.verdict])
        if requirement.due:
            status.add_run(f"Due by {requirement.due}").font.size = Pt(9)
        if requirement.statement:
            statement(requirement.statement)
        bullets(requirement.findings)

    if not report.deadline_in_requirements:
        heading("The deadline")
        statement(report.deadline_statement)
    heading("Breaches since the undertaking")
    for text in report.breaches:
        paragraph(text)
    bullets(report.breach_list)
    if report.conclusion:
        heading("Conclusion")
        for text in report.conclusion:
            paragraph(text)
    issued = paragraph(f"Date issued: {report.date_issued}", bold=True, size=11)
    issued.paragraph_format.space_before = Pt(18)
    for index, text in enumerate(report.statements):
        small = paragraph(text, size=8.5, after=4)
        if index == 0:
            docx_border(small, "top", size=6, colour=GREY, space=6)
    docx_footer(document, report.footer)
    return docx_bytes(document)
