"""What every generated document shares: A4 PDFs through WeasyPrint, Word documents through
python-docx in the same look, dates as documents write them, and the download response.

Letters to requesters (:mod:`dpassure.rights.letters`), the breach report to the ICO
(:mod:`dpassure.incidents.ico_report`) and the undertaking follow-up report
(:mod:`dpassure.undertakings.report`) build their content themselves and lay it out with these.
"""

from __future__ import annotations

import datetime
import io

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIMETYPE = "application/pdf"


def long_date(value: datetime.date) -> str:
    """The date as a document writes it: 1 December 2026."""
    return f"{value.day} {value:%B %Y}"


def paragraphs(text: str) -> tuple[str, ...]:
    """Typed text split into the paragraphs (or points) its author made, list dashes removed."""
    lines = (line.strip() for line in (text or "").splitlines())
    return tuple(line.lstrip("-•* ").strip() for line in lines if line.strip("-•* \t"))


def the(name: str) -> str:
    """An assessor body named in a sentence: "the Information Commissioner's Office"."""
    return name if name.lower().startswith("the ") else f"the {name}"


def html_to_pdf(html: str) -> bytes:
    """HTML as a tagged A4 PDF (PDF/UA, readable in order by a screen reader), through
    WeasyPrint. Nothing outside the HTML is fetched."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))
    return document.write_pdf(pdf_variant="pdf/ua-1")


def docx_new(*, title: str, author: str, left_margin_mm: int = 20):
    """An A4 Word document in the house style (Arial 11pt, near-black)."""
    from docx import Document
    from docx.shared import Mm

    document = Document()
    docx_styles(document)
    document.core_properties.title = title
    document.core_properties.author = author
    page = document.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.top_margin, page.bottom_margin = Mm(15), Mm(20)
    page.left_margin, page.right_margin = Mm(left_margin_mm), Mm(20)
    return document


def docx_footer(document, text: str) -> None:
    """A centred 8pt footer line ending with the page number."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    footer = document.sections[0].footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.style.font.size = Pt(8)
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{text} · Page ")
    docx_page_number(footer.add_run())


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_styles(document) -> None:
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


def docx_border(paragraph, side: str, *, size: int, colour: str = "0B0C0C", space: int = 4):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", size), ("space", space), ("color", colour)):
        line.set(qn(f"w:{key}"), str(value))
    borders.append(line)
    paragraph._p.get_or_add_pPr().append(borders)


def docx_page_number(run) -> None:
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


def docx_shade(cell, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", colour)):
        shading.set(qn(f"w:{key}"), value)
    cell._tc.get_or_add_tcPr().append(shading)


def docx_table_lines(table) -> None:
    """Thin grey lines and some room inside each cell, as in the PDFs."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "B1B4B6")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 60), ("left", 100), ("bottom", 60), ("right", 100)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(borders)
    properties.append(margins)


def download_response(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A file as an attachment, never shown inline, never cached, never sniffed."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
