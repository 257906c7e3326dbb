"""A letter laid out as an A4 PDF (HTML template through WeasyPrint) or as a Word document
(python-docx). Neither adds a word of its own to the letter's content."""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from dpassure.rights.letters.document import Letter, Section

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_html(letter: Letter) -> str:
    return render_to_string(f"rights/letters/{letter.kind}.html", {"letter": letter})


def render_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF, through WeasyPrint. Nothing outside the HTML is fetched."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = HTML(string=render_html(letter), url_fetcher=URLFetcher(allowed_protocols=()))
    # PDF/UA: a tagged PDF that a requester's screen reader can read in order.
    return html.write_pdf(pdf_variant="pdf/ua-1")


def render_docx(letter: Letter) -> bytes:
    """The same letter as a Word document, for teams that edit a letter before sending it."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    _docx_styles(document)
    document.core_properties.title = f"{letter.title} – {letter.reference}"
    document.core_properties.author = letter.organisation
    page = document.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.top_margin, page.bottom_margin = Mm(15), Mm(20)
    page.left_margin, page.right_margin = Mm(25), Mm(20)

    head = document.add_paragraph()
    name = head.add_run(letter.organisation)
    name.bold, name.font.size = True, Pt(17)
    head.add_run("\nData protection and information rights").font.size = Pt(10)
    _docx_border(head, "bottom", size=16)
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

    footer = page.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.style.font.size = Pt(8)
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    parts = [letter.organisation]
    if letter.ico_registration_number:
        parts.append(f"ICO registration {letter.ico_registration_number}")
    parts.append(f"Reference {letter.reference}")
    footer.add_run(" · ".join(parts) + " · Page ")
    _docx_page_number(footer.add_run())

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


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
        _docx_border(paragraph, "left", size=24, colour="1D70B8", space=8)
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


def _docx_styles(document) -> None:
    """Arial 11pt in near-black throughout, in place of the default template's theme fonts."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    for name, size, bold, before, after in [
        ("Normal", 11, False, 0, 8),
        ("Title", 13, True, 6, 10),
        ("Heading 2", 11, True, 12, 3),
        ("List Bullet", 11, False, 0, 3),
    ]:
        style = document.styles[name]
        style.font.name, style.font.size = "Arial", Pt(size)
        style.font.bold, style.font.italic = bold, False
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), "Arial")
        layout = style.paragraph_format
        layout.space_before, layout.space_after = Pt(before), Pt(after)
        layout.line_spacing = 1.15
    title = document.styles["Title"].element.get_or_add_pPr()
    for border in title.findall(qn("w:pBdr")):
        title.remove(border)


def _docx_border(paragraph, side: str, *, size: int, colour: str = "0B0C0C", space: int = 4):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", size), ("space", space), ("color", colour)):
        line.set(qn(f"w:{key}"), str(value))
    borders.append(line)
    paragraph._p.get_or_add_pPr().append(borders)


def _docx_page_number(run) -> None:
    """A PAGE field, which Word fills in with the page number."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    begin, instruction, end = (
        OxmlElement("w:fldChar"),
        OxmlElement("w:instrText"),
        OxmlElement("w:fldChar"),
    )
    begin.set(qn("w:fldCharType"), "begin")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = "PAGE"
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, end):
        run._r.append(element)
