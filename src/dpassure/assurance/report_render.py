"""The assurance report laid out as an A4 PDF (HTML and an inline SVG chart, through
WeasyPrint) and as a Word document (python-docx, the chart as a shaded table), with the shared
helpers of :mod:`dpassure.core.documents`. Neither adds a word to :class:`.Report`."""

from __future__ import annotations

from html import escape

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from dpassure.assurance.report_document import Report
from dpassure.core.documents import (
    docx_border,
    docx_bytes,
    docx_footer,
    docx_new,
    docx_shade,
    docx_table_lines,
    html_to_pdf,
)

#: Urgent, high, medium, low: dark red to blue, each readable against its text colour.
PRIORITY_FILLS = ("942514", "D4351C", "F47738", "1D70B8")
PRIORITY_TEXT = ("FFFFFF", "FFFFFF", "0B0C0C", "FFFFFF")
RATING_FILLS = {
    "High": "00703C",
    "Reasonable": "1D70B8",
    "Limited": "F47738",
    "Very limited": "D4351C",
}
GREY, DARK = "B1B4B6", "0B0C0C"


def chart_svg(report: Report) -> str:
    """Recommendations by priority per scope area: one stacked horizontal bar per area, the
    count written in each segment, a legend above. Sized for the 168 mm text width."""
    width, label_w, row_h, bar_h, top = 640, 250, 38, 22, 36
    rows = report.chart
    height = top + row_h * max(len(rows), 1) + 26
    most = max((row.total for row in rows), default=0) or 1
    scale = (width - label_w - 40) / most
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-title">',
        '<title id="chart-title">Recommendations by priority for each scope area</title>',
    ]
    x = label_w
    for label, fill in zip(report.priority_labels, PRIORITY_FILLS, strict=True):
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="#{fill}"/>')
        parts.append(f'<text x="{x + 17}" y="16.5" font-size="12">{escape(label)}</text>')
        x += 95
    for index, row in enumerate(rows):
        y = top + index * row_h
        lines = _wrap(row.area)
        first = y + bar_h / 2 + 4.5 - 7 * (len(lines) - 1)
        parts.append(
            f'<text x="{label_w - 10}" y="{first:.1f}" font-size="12" text-anchor="end">'
            + "".join(
                f'<tspan x="{label_w - 10}" dy="{0 if i == 0 else 14}">{escape(line)}</tspan>'
                for i, line in enumerate(lines)
            )
            + "</text>"
        )
        x = label_w
        for count, fill, ink in zip(row.counts, PRIORITY_FILLS, PRIORITY_TEXT, strict=True):
            if not count:
                continue
            w = count * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#{fill}"/>'
            )
            if w >= 14:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + bar_h / 2 + 4.5}" font-size="12" '
                    f'font-weight="bold" fill="#{ink}" text-anchor="middle">{count}</text>'
                )
            x += w
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + bar_h / 2 + 4.5}" font-size="12" fill="#505a5f">'
            f"{row.total or 'None'}</text>"
        )
    axis_y = top + row_h * max(len(rows), 1) - (row_h - bar_h) / 2
    parts.append(
        f'<line x1="{label_w}" y1="{top - 6}" x2="{label_w}" y2="{axis_y}" '
        f'stroke="#{DARK}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _wrap(text: str, limit: int = 34) -> list[str]:
    """A scope area's name on one line, or two (the second shortened if it must be)."""
    if len(text) <= limit:
        return [text]
    cut = text.rfind(" ", 0, limit)
    first, rest = (text[:cut], text[cut + 1 :]) if cut > 0 else (text[:limit], text[limit:])
    if len(rest) > limit:
        rest = rest[: limit - 1].rstrip() + "…"
    return [first, rest]


def css_string(text: str) -> str:
    """Text for the inside of a double-quoted CSS string in a <style> element: backslashes,
    quotes, line breaks and angle brackets escaped, so nothing closes the string or the style."""
    escaped = []
    for char in " ".join(text.split()):
        if char in '\\"<>&' or ord(char) < 32:
            escaped.append(f"\\{ord(char):x} ")
        else:
            escaped.append(char)
    return "".join(escaped)


def render_html(report: Report) -> str:
    return render_to_string(
        "assurance/report_document.html",
        {
            "report": report,
            "chart": mark_safe(chart_svg(report)),  # noqa: S308 - built above, every text escaped
            "footer_css": mark_safe(css_string(report.footer)),  # noqa: S308 - escaped for CSS
        },
    )


def render_pdf(report: Report) -> bytes:
    return html_to_pdf(render_html(report))


def render_docx(report: Report) -> bytes:
    """The same report as a Word document, for an assessor who publishes in Word."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, RGBColor

    document = docx_new(title=f"{report.title} – {report.organisation}", author=report.assessor)

    def paragraph(text="", *, style=None, bold=False, size=None, after=None, colour=None):
        added = document.add_paragraph(style=style)
        if text:
            run = added.add_run(text)
            run.bold = bold
            if size:
                run.font.size = Pt(size)
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour)
        if after is not None:
            added.paragraph_format.space_after = Pt(after)
        return added

    def heading(text, size=14):
        added = paragraph(text, style="Heading 2", size=size)
        added.paragraph_format.space_before = Pt(16)
        added.paragraph_format.keep_with_next = True
        docx_border(added, "bottom", size=6, colour=GREY, space=2)

    def subheading(text):
        added = paragraph(text, bold=True, size=12)
        added.paragraph_format.space_before = Pt(10)
        added.paragraph_format.keep_with_next = True

    def table(headers, rows, widths=None, shade_column=None, fills=None):
        grid = document.add_table(rows=1, cols=len(headers))
        docx_table_lines(grid)
        for cell, text in zip(grid.rows[0].cells, headers, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
            docx_shade(cell, "F3F2F1")
        for values in rows:
            cells = grid.add_row().cells
            for column, (cell, text) in enumerate(zip(cells, values, strict=True)):
                cell.text = str(text)
                fill = (fills or {}).get((column, str(text)))
                if column == shade_column and fill:
                    docx_shade(cell, fill)
                    run = cell.paragraphs[0].runs[0]
                    run.bold = True
                    run.font.color.rgb = RGBColor.from_string("FFFFFF")
        return grid

    # Cover
    paragraph(report.assessor, bold=True, size=11, after=120)
    paragraph(report.title, style="Title", size=26, after=6)
    paragraph(report.organisation, bold=True, size=16, colour="1D70B8", after=4)
    paragraph(report.subtitle, size=12, after=24)
    paragraph(report.status_line, bold=True, size=11)
    paragraph().add_run().add_break(WD_BREAK.PAGE)

    heading("1. Introduction")
    for text in report.introduction:
        paragraph(text)
    heading("2. Scope")
    paragraph(report.scope_intro)
    for item in report.scope:
        added = paragraph(style="List Bullet")
        added.add_run(f"{item.name}").bold = True
        if item.description:
            added.add_run(f" – {item.description}")
    heading("3. Approach")
    for text in report.approach:
        paragraph(text)
    if report.dates:
        table(["Stage", "Date"], report.dates)
    if report.documents:
        subheading("Documents reviewed")
        for item in report.documents:
            paragraph(item, style="List Bullet")
    if report.interviews:
        subheading("Interviews")
        for item in report.interviews:
            paragraph(item, style="List Bullet")

    heading("4. Summary of findings")
    if report.overall_rating:
        paragraph(f"Overall assurance: {report.overall_rating}", bold=True, size=12)
    for text in report.overall_opinion:
        paragraph(text)
    table(
        ["Scope area", "Assurance rating", "Overall opinion"],
        [(row.area, row.rating, row.opinion) for row in report.summary],
        shade_column=1,
        fills={(1, label): fill for label, fill in RATING_FILLS.items()},
    )
    subheading("Recommendations by priority")
    chart = table(
        ["Scope area", *report.priority_labels, "Total"],
        [(row.area, *row.counts, row.total) for row in report.chart]
        + [("All scope areas", *report.chart_totals, report.recommendation_count)],
    )
    for row in chart.rows[1:]:
        for index, fill in enumerate(PRIORITY_FILLS, start=1):
            cell = row.cells[index]
            if cell.text not in ("", "0"):
                docx_shade(cell, fill)
                run = cell.paragraphs[0].runs[0]
                run.bold = True
                run.font.color.rgb = RGBColor.from_string(PRIORITY_TEXT[index - 1])
    paragraph(report.priority_caveat, size=9, colour="505A5F")

    heading("5. Good practice")
    _docx_areas(report.good_practice, paragraph, subheading, empty="No good practice recorded.")
    heading("6. Areas for improvement")
    for area in report.improvements:
        subheading(area.area)
        for finding in area.findings:
            paragraph(finding.control, bold=True, size=9, colour="505A5F", after=2)
            paragraph(finding.text)
            if finding.evidence:
                paragraph(f"Evidence: {'; '.join(finding.evidence)}", size=9, colour="505A5F")
            for rec in finding.recommendations:
                head = paragraph(after=2)
                head.add_run(f"Recommendation {rec.number}  ").bold = True
                badge = head.add_run(f"{rec.priority.upper()} PRIORITY")
                badge.bold, badge.font.size = True, Pt(9)
                badge.font.color.rgb = RGBColor.from_string(
                    PRIORITY_FILLS[report.priority_labels.index(rec.priority)]
                )
                body = paragraph(rec.text)
                docx_border(body, "left", size=18, colour="1D70B8", space=6)
                paragraph(
                    f"Owner: {rec.owner or 'Not given'} · Target date: {rec.target or '—'}",
                    size=9,
                    colour="505A5F",
                )
                if rec.response:
                    r = rec.response
                    reply = paragraph(after=2)
                    reply.add_run("Management response: ").bold = True
                    reply.add_run(r.response)
                    docx_border(reply, "left", size=18, colour=GREY, space=6)
                    if r.action:
                        docx_border(paragraph(r.action), "left", size=18, colour=GREY, space=6)
                    paragraph(
                        f"Owner: {r.owner or '—'} · Date: {r.target or '—'}",
                        size=9,
                        colour="505A5F",
                    )
                else:
                    paragraph("Management response: awaited.", size=9, colour="505A5F")
    if report.observations:
        heading("7. Observations")
        _docx_areas(report.observations, paragraph, subheading, empty="")
    heading("Disclaimer")
    for text in report.disclaimer:
        paragraph(text, size=9)
    heading("Appendix A – Assurance ratings")
    table(["Rating", "Definition"], [(d.term, d.text) for d in report.rating_definitions])
    heading("Appendix B – Recommendation priorities")
    table(["Priority", "Definition"], [(d.term, d.text) for d in report.priority_definitions])
    docx_footer(document, report.footer)
    return docx_bytes(document)


def _docx_areas(areas, paragraph, subheading, *, empty: str) -> None:
    if not areas and empty:
        paragraph(empty)
    for area in areas:
        subheading(area.area)
        for finding in area.findings:
            paragraph(finding.text, style="List Bullet")
