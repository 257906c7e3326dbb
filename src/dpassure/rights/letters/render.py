"""A letter laid out as an A4 PDF (HTML template through WeasyPrint) or as a Word document
(python-docx). Neither adds a word of its own to the letter's content."""

from __future__ import annotations

from django.template.loader import render_to_string

from dpassure.core.documents import (
    DOCX_MIMETYPE,
    docx_border,
    docx_bytes,
    docx_footer,
    docx_new,
    html_to_pdf,
)
from dpassure.rights.letters.document import Letter, Section

__all__ = ["DOCX_MIMETYPE", "render_docx", "render_html", "render_pdf"]


def render_html(letter: Letter) -> str:
    return render_to_string(f"rights/letters/{letter.kind}.html", {"letter": letter})


def render_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF, through WeasyPrint. Nothing outside the HTML is fetched."""
    # PDF/UA: a tagged PDF that a requester's screen reader can read in order.
    return html_to_pdf(render_html(letter))


def render_docx(letter: Letter) -> bytes:
    """The same letter as a Word document, for teams that edit a letter before sending it."""
    from docx.shared import Mm, Pt

    document = docx_new(
        title=f"{letter.title} – {letter.reference}",
        author=letter.organisation,
        left_margin_mm=25,
    )

    head = document.add_paragraph()
    name = head.add_run(letter.organisation)
    name.bold, name.font.size = True, Pt(17)
    head.add_run("\nData protection and information rights").font.size = Pt(10)
    docx_border(head, "bottom", size=16)
    head.paragraph_format.space_after = Pt(18)

    table = document.add_table(rows=1, cols=2)
    to, meta = table.rows[0].cells
    to.width, meta.width = Mm(100), Mm(65)
    marking = to.paragraphs[0].add_run("PRIVATE AND CONFIDENTIAL")
    marking.bold, marking.font.size = True, Pt(9)
    to.paragraphs[0].paragraph_format.space_after = Pt(3)
    for line in letter.addressee:
        to.add_paragraph(line).paragraph_format.space_after = Pt(0)
    rows = [("Date", letter.date), ("Our reference", letter.reference)]
    rows.append(("Received", letter.received))
    for index, (label, value) in enumerate(rows):
        paragraph = meta.paragraphs[0] if index == 0 else meta.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
        for run in paragraph.runs:
            run.font.size = Pt(10)

    document.add_paragraph().paragraph_format.space_after = Pt(12)
    document.add_paragraph(letter.salutation)
    document.add_paragraph(letter.title, style="Title")
    for index, part in enumerate(letter.sections, 1):
        added = _docx_section(document, part)
        if index == len(letter.sections):
            for paragraph in added:  # the last part stays on the page with the signature
                paragraph.paragraph_format.keep_with_next = True
    closing = document.add_paragraph("Yours sincerely")
    closing.paragraph_format.space_before = Pt(12)
    closing.paragraph_format.space_after = Pt(36)
    closing.paragraph_format.keep_with_next = True
    for index, line in enumerate(letter.signatory):
        paragraph = document.add_paragraph()
        paragraph.add_run(line).bold = index == 0
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.keep_with_next = index < len(letter.signatory) - 1

    parts = [letter.organisation]
    if letter.ico_registration_number:
        parts.append(f"ICO registration {letter.ico_registration_number}")
    parts.append(f"Reference {letter.reference}")
    docx_footer(document, " · ".join(parts))
    return docx_bytes(document)


def _docx_section(document, part: Section) -> list:
    from docx.shared import Mm, Pt

    added = []
    if part.heading:
        added.append(document.add_paragraph(part.heading, style="Heading 2"))
    for text in part.paragraphs:
        added.append(document.add_paragraph(text))
    for text in part.inset:
        paragraph = document.add_paragraph()
        paragraph.add_run(text).bold = True
        paragraph.paragraph_format.left_indent = Mm(4)
        docx_border(paragraph, "left", size=24, colour="1D70B8", space=8)
        added.append(paragraph)
    for point in part.points:
        paragraph = document.add_paragraph(style="List Bullet")
        if point.lead:
            paragraph.add_run(f"{point.lead} ").bold = True
        paragraph.add_run(point.text)
        added.append(paragraph)
    if part.points:
        added[-1].paragraph_format.space_after = Pt(8)
    for text in part.paragraphs_after:
        added.append(document.add_paragraph(text))
    return added
