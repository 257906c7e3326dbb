"""The per-organisation assurance report, built from an engagement's records.

Every word is put together here, once, into a :class:`~.report_document.Report`;
:mod:`.report_render` lays it out as a PDF and as a Word document. Interviews appear only as
who (role), how and when — never their notes — and nothing internal to the assessor is read.
DOMAIN_RULES.md §9.6; the approach paragraphs follow seeds/000 ("ICO approach").
"""

from __future__ import annotations

import datetime
from itertools import groupby

from django.db.models import Prefetch

from dpassure.assurance import report_document as doc
from dpassure.assurance.choices import FindingKind, InterviewMode, Stage
from dpassure.assurance.models import Engagement, Finding, Recommendation
from dpassure.core.documents import long_date, paragraphs, the
from dpassure.rules.assurance_report import priority_table

LIVE = {"archived_at__isnull": True}
TITLE = "Data protection assurance report"


def _date(value) -> str:
    return long_date(value) if value else ""


def _findings(engagement: Engagement) -> list[Finding]:
    recommendations = Recommendation.objects.filter(**LIVE).select_related("management_response")
    return list(
        engagement.findings.filter(**LIVE)
        .select_related("control", "control__scope_area")
        .prefetch_related(
            Prefetch("recommendations", queryset=recommendations.order_by("number")),
            Prefetch("evidence", queryset=engagement.evidence.model.objects.filter(**LIVE)),
            "live_evidence",
        )
        .order_by("control__scope_area__position", "control__position", "control__identifier", "id")
    )


def _response(rec: Recommendation) -> doc.Response | None:
    try:
        response = rec.management_response
    except Recommendation.management_response.RelatedObjectDoesNotExist:
        return None
    if response.archived_at is not None:
        return None
    return doc.Response(
        response=response.get_decision_display(),
        action=response.action.strip(),
        owner=response.owner,
        target=_date(response.target_date),
    )


def _finding(finding: Finding) -> doc.Finding:
    evidence = [
        f"{e.title}, dated {long_date(e.document_date)}" if e.document_date else e.title
        for e in finding.evidence.all()
    ]
    evidence += [e.title for e in finding.live_evidence.all() if e.archived_at is None]
    evidence += list(paragraphs(finding.evidence_references))
    return doc.Finding(
        control=f"{finding.control.identifier} {finding.control.title}",
        text=finding.text.strip(),
        evidence=tuple(evidence),
        recommendations=tuple(
            doc.Recommendation(
                number=r.number,
                priority=r.get_priority_display(),
                text=r.text.strip(),
                owner=r.owner,
                target=_date(r.target_date),
                response=_response(r),
            )
            for r in finding.recommendations.all()
        ),
    )


def _by_area(findings: list[Finding], kind: str) -> tuple[doc.AreaFindings, ...]:
    chosen = [f for f in findings if f.kind == kind]
    return tuple(
        doc.AreaFindings(area=area, findings=tuple(_finding(f) for f in group))
        for area, group in groupby(chosen, key=lambda f: f.control.scope_area.title)
    )


def _approach(engagement: Engagement, *, documents: int, interviews: list) -> tuple[str, ...]:
    subject, assessor = engagement.subject.name, the(engagement.organisation.name)
    lines = []
    survey = getattr(engagement, "survey", None) if hasattr(engagement, "survey") else None
    if survey is not None and getattr(survey, "submitted_at", None):
        lines.append(
            f"We asked {subject} to complete a survey to help identify specific data protection "
            f"risks or concerns; it was returned on {long_date(survey.submitted_at.date())}. The "
            "responses formed the basis of the scope agreed."
        )
    if documents:
        noun = "document" if documents == 1 else "documents"
        lines.append(
            f"We then reviewed {documents} {noun} supplied as evidence, listed below, including "
            "selected information governance policies and procedures."
        )
    if interviews:
        modes = {i.mode for i in interviews}
        how = (
            "during a site visit"
            if modes == {InterviewMode.ON_SITE}
            else "by teleconference"
            if modes == {InterviewMode.REMOTE}
            else "on site and by teleconference"
        )
        first, last = interviews[0].held_at.date(), interviews[-1].held_at.date()
        when = (
            f"on {long_date(first)}"
            if first == last
            else f"between {long_date(first)} and {long_date(last)}"
        )
        count = len(interviews)
        lines.append(
            f"We interviewed {count} key member{'s' if count != 1 else ''} of staff {how} {when}."
        )
    lines.append(
        f"The findings are {assessor}'s, reported by exception: where we identified weaknesses "
        "we made recommendations, each with a priority (Appendix B), and asked for a management "
        "response."
    )
    return tuple(lines)


def engagement_report(
    engagement: Engagement, *, issued_on: datetime.date | None = None, version: int = 0
) -> doc.Report:
    """The report as it stands: a draft without ``issued_on``, else version ``version``."""
    subject, assessor = engagement.subject, engagement.organisation
    findings = _findings(engagement)
    scope = list(engagement.scope_areas.order_by("position", "id"))
    documents = list(engagement.evidence.filter(**LIVE).order_by("title", "id"))
    live = list(engagement.live_evidence.filter(**LIVE).order_by("taken_at", "id"))
    interviews = list(engagement.interviews.filter(**LIVE).order_by("held_at", "id"))
    ratings = {
        r.scope_area_id: r for r in engagement.ratings.filter(**LIVE).select_related("scope_area")
    }
    areas = scope + [r.scope_area for r in ratings.values() if r.scope_area not in scope]
    recommendations = [
        (f.control.scope_area.title, r.priority) for f in findings for r in f.recommendations.all()
    ]
    rating_defs, priority_defs = doc.definitions()
    kind = engagement.get_kind_display()
    subtitle = f"{kind} · {engagement.project.title}" if engagement.project_id else kind
    stages = engagement.stages.filter(**LIVE).order_by("started_on", "id")
    return doc.Report(
        assessor=assessor.name,
        organisation=subject.name,
        title=TITLE,
        subtitle=subtitle,
        version=version,
        date_issued=_date(issued_on),
        introduction=(
            f"This report sets out the findings of a data protection assurance engagement "
            f"({kind.lower()}) that {the(assessor.name)} carried out with {subject.name}, with "
            "its agreement.",
            "The purpose of the engagement is to assess the effectiveness of the organisation's "
            "information governance and data protection measures against the requirements of "
            "data protection legislation and good practice, and to help it improve its "
            "compliance. We report areas of good practice and areas for improvement; where we "
            "identified weaknesses we made recommendations.",
        ),
        scope_intro=(
            f"Following the survey and discussions with {subject.name}, we agreed to focus on "
            f"the following {'area' if len(scope) == 1 else 'areas'}:"
        ),
        scope=tuple(doc.ScopeItem(a.title, a.description.strip()) for a in scope),
        approach=_approach(engagement, documents=len(documents) + len(live), interviews=interviews),
        documents=tuple(
            f"{d.title}, dated {long_date(d.document_date)}" if d.document_date else d.title
            for d in documents
        )
        + tuple(
            f"{e.title} (a snapshot of {subject.name}'s own records in DP Assure, taken "
            f"{long_date(e.taken_at.date())})"
            for e in live
        ),
        interviews=tuple(
            f"{i.interviewee_role} – {i.get_mode_display().lower()}, {long_date(i.held_at.date())}"
            for i in interviews
        ),
        dates=tuple((Stage(s.stage).label, long_date(s.started_on)) for s in stages),
        overall_rating=engagement.get_overall_rating_display() if engagement.overall_rating else "",
        overall_opinion=paragraphs(engagement.overall_opinion),
        summary=tuple(
            doc.SummaryRow(
                area=a.title,
                rating=ratings[a.pk].get_rating_display() if a.pk in ratings else "",
                opinion=ratings[a.pk].opinion.strip() if a.pk in ratings else "",
            )
            for a in areas
        ),
        chart=tuple(
            doc.ChartRow(area=row.label, counts=row.counts)
            for row in priority_table([a.title for a in areas], recommendations)
        ),
        good_practice=_by_area(findings, FindingKind.GOOD_PRACTICE),
        improvements=_by_area(findings, FindingKind.AREA_FOR_IMPROVEMENT),
        observations=_by_area(findings, FindingKind.OBSERVATION),
        disclaimer=(
            "The matters arising in this report are only those that came to our attention "
            "during the engagement and are not necessarily a comprehensive statement of all the "
            "areas requiring improvement.",
            "The responsibility for ensuring that there are adequate risk management, governance "
            f"and internal control arrangements in place rests with the management of "
            f"{subject.name}.",
            "We take all reasonable care to ensure that this report is fair and accurate but "
            "cannot accept any liability to any person or organisation, including any third "
            "party, for any loss or damage suffered or costs incurred by it arising out of, or "
            "in connection with, the use of this report, however such loss or damage is caused.",
            f"This report is provided to {subject.name}. It is not to be published or shared "
            f"outside the organisation without the agreement of {the(assessor.name)}, except "
            "where the law requires it.",
        ),
        rating_definitions=rating_defs,
        priority_definitions=priority_defs,
    )
