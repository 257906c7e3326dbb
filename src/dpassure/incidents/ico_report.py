"""The personal data breach report to the ICO, as an A4 PDF (WeasyPrint) and a Word document.

The content is built once from the incident, as :class:`IcoReport` parts of questions and
answers following the ICO's breach report form; the HTML template and the DOCX builder only lay
it out. Every date comes from the record or from :mod:`dpassure.rules.breach` (the 72-hour
deadline is the computed ``report_due_at``, never typed). An answer the record does not hold yet
says "Not yet known": the ICO accepts information in phases (UK GDPR Art 33(4); DPA 2018
s.67(5)).

Sources: UK GDPR Art 33(1), (3), (4) and Art 34; DPA 2018 ss.67(1), (3), (4), (5) and 68
(DOMAIN_RULES.md §2).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from dpassure.core.documents import (
    DOCX_MIMETYPE,
    docx_border,
    docx_bytes,
    docx_footer,
    docx_new,
    docx_shade,
    docx_table_lines,
    html_to_pdf,
    long_date,
)
from dpassure.incidents.choices import Cause, Regime
from dpassure.incidents.models import Incident
from dpassure.rules import breach

__all__ = [
    "DOCX_MIMETYPE",
    "NOT_YET_KNOWN",
    "Answer",
    "IcoReport",
    "Part",
    "ico_report",
    "render_docx",
    "render_html",
    "render_pdf",
]

NOT_YET_KNOWN = "Not yet known"

LAW = {
    Regime.UK_GDPR: "UK GDPR, Article 33",
    Regime.PART3: "Data Protection Act 2018, Part 3 (law enforcement processing), section 67",
}
PHASES = {
    Regime.UK_GDPR: "Article 33(4) of the UK GDPR",
    Regime.PART3: "section 67(5) of the DPA 2018",
}
DELAY = {
    Regime.UK_GDPR: "Article 33(1) of the UK GDPR",
    Regime.PART3: "section 67(3) of the DPA 2018",
}


@dataclass(frozen=True)
class Answer:
    """One question of the form and its answer, in paragraphs."""

    question: str
    paragraphs: tuple[str, ...]

    @property
    def known(self) -> bool:
        return self.paragraphs[0] != NOT_YET_KNOWN


@dataclass(frozen=True)
class Part:
    heading: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class IcoReport:
    title: str
    subtitle: str
    organisation: str
    ico_registration_number: str
    reference: str
    ico_reference: str
    date: str
    parts: tuple[Part, ...]
    #: The provision that lets missing answers follow in phases.
    phases_law: str

    @property
    def phases_note(self) -> str:
        return (
            f"Where an answer says “{NOT_YET_KNOWN}”, we will send it to the ICO as soon as we "
            f"have it, as {self.phases_law} allows."
        )

    @property
    def unknown(self) -> int:
        return sum(not answer.known for part in self.parts for answer in part.answers)

    @property
    def meta(self) -> list[tuple[str, str]]:
        """The date and references beside the letterhead."""
        rows = [("Date", self.date), ("Our reference", self.reference)]
        if self.ico_reference:
            rows.append(("ICO reference", self.ico_reference))
        if self.ico_registration_number:
            rows.append(("ICO registration number", self.ico_registration_number))
        return rows

    @property
    def filename_stem(self) -> str:
        return f"{self.reference}-ico-breach-report"


# --- Content -------------------------------------------------------------------------------


def ico_report(incident: Incident, *, now: datetime.datetime) -> IcoReport:
    """Everything the ICO's personal data breach report form asks for, from the record."""
    regime = Regime(incident.regime)
    organisation = incident.organisation
    return IcoReport(
        title="Personal data breach report",
        subtitle=f"Notification to the Information Commissioner under {LAW[regime]}",
        organisation=organisation.name,
        ico_registration_number=organisation.ico_registration_number,
        reference=incident.reference,
        ico_reference=incident.ico_reference,
        date=long_date(timezone.localtime(now).date()),
        parts=(
            _organisation_part(incident, regime),
            _timing_part(incident, regime, now),
            _what_happened_part(incident),
            _people_part(incident),
            _consequences_part(incident),
            _action_part(incident),
            _telling_people_part(incident),
            _updates_part(incident),
        ),
        phases_law=PHASES[regime],
    )


def _organisation_part(incident: Incident, regime: Regime) -> Part:
    organisation = incident.organisation
    return Part(
        "About the organisation",
        (
            Answer("Organisation", (organisation.name,)),
            _answer("ICO registration number", organisation.ico_registration_number),
            _answer("Data protection officer or other contact point", incident.contact_point),
            Answer("Law the breach is reported under", (LAW[regime],)),
        ),
    )


def _timing_part(incident: Incident, regime: Regime, now: datetime.datetime) -> Part:
    due, reported = incident.report_due_at, incident.reported_to_ico_at
    starts = incident.clock_starts_at
    if reported:
        report_type = f"Follow-up to the report made on {when(reported)}"
        elapsed = f"{hours(reported - starts)} after becoming aware"
        late = breach.reported_late(starts, reported)
        in_time = f"No: reported {elapsed}" if late else f"Yes: reported {elapsed}"
    else:
        report_type = "Initial report"
        late = bool(due) and now > due
        if not due:
            in_time = NOT_YET_KNOWN
        elif late:
            in_time = f"No: the 72 hours ended {hours(now - due)} ago"
        else:
            in_time = f"Not yet reported: {hours(due - now)} of the 72 hours remain"
    if late:
        delay = _text(incident.delay_reason)
    else:
        delay = ("Not applicable: within the 72 hours",) if due or reported else (NOT_YET_KNOWN,)
    return Part(
        "Reporting within 72 hours",
        (
            Answer("Type of report", (report_type,)),
            Answer(
                "ICO reference",
                (incident.ico_reference or "None yet: this is the first report",),
            ),
            Answer("When we became aware", _aware(incident)),
            Answer("When the 72 hours end", (when(due),) if due else (NOT_YET_KNOWN,)),
            Answer(
                "When it was reported to the ICO",
                (when(reported),) if reported else ("Not yet reported",),
            ),
            Answer("Reported within 72 hours", (in_time,)),
            Answer(f"Reasons for any delay ({DELAY[regime]})", delay),
        ),
    )


def _aware(incident: Incident) -> tuple[str, ...]:
    if incident.aware_at:
        return (when(incident.aware_at),)
    return (
        NOT_YET_KNOWN,
        "Until it is known, the 72 hours are counted from discovery, "
        f"{when(incident.discovered_at)}.",
    )


def _what_happened_part(incident: Incident) -> Part:
    reporter = incident.reported_by
    how = (
        f"Reported through our internal incident reporting process by "
        f"{reporter.get_full_name() or reporter.get_username()}."
        if reporter
        else ""
    )
    cyber = ("Yes" if incident.cause == Cause.CYBER_ATTACK else "No") if incident.cause else ""
    return Part(
        "What happened",
        (
            _answer("What happened", incident.what_happened),
            Answer("When it happened", (when(incident.occurred_at),)),
            Answer("When it was discovered", (when(incident.discovered_at),)),
            _answer("How we became aware", how),
            _answer("What was lost", incident.get_security_property_display()),
            _answer("Cause", incident.get_cause_display()),
            _answer("Was it a cyber incident", cyber),
        ),
    )


def _people_part(incident: Incident) -> Part:
    if incident.data_subjects_count is not None:
        people = f"About {incident.data_subjects_count:,}"
    elif incident.people_affected_estimate is not None:
        people = f"About {incident.people_affected_estimate:,} (first estimate, not yet assessed)"
    else:
        people = ""
    records = f"About {incident.records_count:,}" if incident.records_count is not None else ""
    return Part(
        "The personal data and the people affected",
        (
            _answer("Personal data involved", incident.information_involved),
            _answer("Categories of people affected", incident.data_subject_categories),
            _answer("Approximate number of people affected", people),
            _answer("Approximate number of personal data records", records),
            Answer(
                "Special category or criminal offence data involved",
                ("Yes" if incident.special_category else "No",),
            ),
        ),
    )


def _consequences_part(incident: Incident) -> Part:
    if incident.risk:
        risk = f"{incident.get_risk_display()} to people’s rights and freedoms"
        basis = (
            f"Likelihood: {incident.get_likelihood_display()}. "
            f"Severity: {incident.get_severity_display()}."
        )
        assessment = (risk, basis)
    else:
        assessment = (NOT_YET_KNOWN,)
    return Part(
        "Likely consequences",
        (
            _answer("Likely consequences for the people affected", incident.likely_consequences),
            Answer("Our assessment of the risk", assessment),
        ),
    )


def _action_part(incident: Incident) -> Part:
    return Part(
        "Taking action",
        (
            _answer("What we did to contain the breach", incident.containment),
            _answer(
                "Measures taken or proposed, including to reduce the possible harm",
                incident.measures_taken,
            ),
        ),
    )


def _telling_people_part(incident: Incident) -> Part:
    decision, told_at = incident.tell_individuals, incident.individuals_told_at
    if told_at:
        told = (f"Yes, on {when(told_at)}",)
    elif decision:
        told = ("Not yet: we have decided to tell them",)
    elif decision is False:
        told = ("No",)
    else:
        told = (NOT_YET_KNOWN,)
    answers = [Answer("Have the people affected been told", told)]
    if decision is False:
        answers.append(
            _answer("Why they are not told", incident.get_individuals_exception_display())
        )
    if decision is not None:
        answers.append(_answer("Reasons for the decision", incident.individuals_decision_reasons))
    return Part("Telling the people affected", tuple(answers))


def _updates_part(incident: Incident) -> Part:
    updates = [u for u in incident.ico_updates.all() if u.archived_at is None]
    answers = tuple(Answer(f"Sent {when(u.sent_at)}", _text(u.summary)) for u in updates)
    return Part("Updates sent to the ICO", answers or (Answer("Updates", ("None yet",)),))


def _answer(question: str, value: str) -> Answer:
    return Answer(question, _text(value))


def _text(value: str) -> tuple[str, ...]:
    """The paragraphs of a recorded answer, or "Not yet known" when there is none."""
    paragraphs = tuple(line.strip() for line in (value or "").splitlines() if line.strip())
    return paragraphs or (NOT_YET_KNOWN,)


def when(value: datetime.datetime) -> str:
    """A moment in UK time, as the report writes it: 3 November 2026 at 14:05 GMT."""
    local = timezone.localtime(value)
    return f"{long_date(local.date())} at {local:%H:%M} {local:%Z}"


def hours(delta: datetime.timedelta) -> str:
    """A duration in hours and minutes: 30 hours 5 minutes."""
    minutes = int(delta.total_seconds() // 60)
    whole, rest = divmod(minutes, 60)
    words = [f"{whole} hour{'s' if whole != 1 else ''}"]
    if rest:
        words.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(words)


# --- Layout --------------------------------------------------------------------------------


def render_html(report: IcoReport) -> str:
    return render_to_string("incidents/ico_report_document.html", {"report": report})


def render_pdf(report: IcoReport) -> bytes:
    """The report as a tagged A4 PDF (PDF/UA), through WeasyPrint; nothing outside is fetched."""
    return html_to_pdf(render_html(report))


def render_docx(report: IcoReport) -> bytes:
    """The same report as a Word document, for a DPO who edits it before submitting it."""
    from docx.shared import Mm, Pt

    document = docx_new(title=f"{report.title} – {report.reference}", author=report.organisation)

    head = document.add_paragraph()
    name = head.add_run(report.organisation)
    name.bold, name.font.size = True, Pt(17)
    head.add_run("\nData protection").font.size = Pt(10)
    docx_border(head, "bottom", size=16)
    head.paragraph_format.space_after = Pt(12)

    for label, value in report.meta:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
        for run in paragraph.runs:
            run.font.size = Pt(10)

    title = document.add_paragraph(report.title, style="Title")
    title.paragraph_format.space_before = Pt(14)
    title.runs[0].font.size = Pt(16)
    document.add_paragraph(report.subtitle)
    if report.unknown:
        note = document.add_paragraph()
        note.add_run(report.phases_note).bold = True
        note.paragraph_format.left_indent = Mm(4)
        docx_border(note, "left", size=24, colour="1D70B8", space=8)

    for number, part in enumerate(report.parts, 1):
        heading = document.add_paragraph(f"{number}. {part.heading}", style="Heading 2")
        heading.paragraph_format.keep_with_next = True
        table = document.add_table(rows=0, cols=2)
        table.style = document.styles["Table Grid"]
        table.autofit = False
        table.columns[0].width, table.columns[1].width = Mm(62), Mm(108)
        docx_table_lines(table)
        for answer in part.answers:
            question, value = table.add_row().cells
            question.width, value.width = Mm(62), Mm(108)
            docx_shade(question, "F3F2F1")
            question.paragraphs[0].add_run(answer.question).bold = True
            for index, text in enumerate(answer.paragraphs):
                paragraph = value.paragraphs[0] if index == 0 else value.add_paragraph()
                run = paragraph.add_run(text)
                run.italic = not answer.known
            for cell in (question, value):
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_before = Pt(2)
                    paragraph.paragraph_format.space_after = Pt(2)
                    for run in paragraph.runs:
                        run.font.size = Pt(10)

    docx_footer(document, f"{report.organisation} · {report.title} · Reference {report.reference}")
    return docx_bytes(document)
