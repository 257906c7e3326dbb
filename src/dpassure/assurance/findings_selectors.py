"""Reads for evidence, interviews, findings, reports and follow-up: who may see which rows,
what an engagement page shows of them, and the organisation's tracked actions.

The assessor's members see their own rows (``Scope.rows``). The organisation assessed sees,
through ``Scope.rows_about``, only what is meant for it: the draft's findings, recommendations,
ratings and its own management responses once the draft is shared (the management response
stage onwards); issued reports; the documents it uploaded itself; grades of a follow-up whose
report is issued. Never interviews, their notes, live evidence or the assessor's documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from dpassure.assurance.choices import ReportStatus, Stage
from dpassure.assurance.models import (
    Engagement,
    EngagementEvidence,
    EngagementReport,
    Finding,
    FollowUpGrade,
    ManagementResponse,
    Recommendation,
    ScopeRating,
)
from dpassure.core.registers import two_sided
from dpassure.core.registers.two_sided import is_assessor
from dpassure.rules import assurance as rules

SHARED = [s.value for s in rules.STAGE_ORDER[rules.STAGE_ORDER.index(Stage.MANAGEMENT_RESPONSE) :]]
LIVE = {"archived_at__isnull": True}


def _issued_follow_up():
    return Exists(
        EngagementReport.objects.filter(engagement=OuterRef("engagement"), status="issued")
    )


#: What the organisation assessed may read of the rows about it.
ABOUT_US = {
    Finding: lambda: Q(engagement__stage__in=SHARED),
    Recommendation: lambda: Q(engagement__stage__in=SHARED),
    ManagementResponse: lambda: Q(recommendation__engagement__stage__in=SHARED),
    ScopeRating: lambda: Q(engagement__stage__in=SHARED),
    EngagementReport: lambda: Q(status=ReportStatus.ISSUED),
    EngagementEvidence: lambda: Q(from_subject=True),
    FollowUpGrade: lambda: Q(_issued_follow_up()),
}


def visible(scope, model) -> QuerySet:
    """The rows of ``model`` this scope may read: its own, and those about it it may see."""
    return two_sided.visible(scope, model, ABOUT_US)


@dataclass
class Panel:
    """What an engagement page shows of evidence, interviews, findings, ratings and reports."""

    engagement: Engagement
    is_assessor: bool
    shared: bool
    documents: list = field(default_factory=list)
    live_evidence: list = field(default_factory=list)
    interviews: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    ratings: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    grades: list = field(default_factory=list)
    progress: object = None
    rating_definitions: list = field(default_factory=list)
    priority_definitions: list = field(default_factory=list)


def engagement_panel(scope, engagement: Engagement) -> Panel:
    """A fixed number of queries, however many findings: each list is one query (with its
    prefetches), never one per row."""
    from dpassure.assurance.choices import AssuranceLevel, Priority

    assessor = is_assessor(scope, engagement)
    shared = engagement.stage in SHARED
    panel = Panel(
        engagement=engagement,
        is_assessor=assessor,
        shared=shared,
        rating_definitions=[
            (level.label, rules.RATING_DEFINITIONS[rules.AssuranceLevel(level)])
            for level in AssuranceLevel
        ],
        priority_definitions=[
            (p.label, rules.PRIORITY_DEFINITIONS[rules.Priority(p)]) for p in Priority
        ],
    )
    if assessor or shared:
        recs = Recommendation.objects.filter(**LIVE).select_related("management_response")
        panel.findings = list(
            engagement.findings.filter(**LIVE)
            .select_related("control", "control__scope_area")
            .prefetch_related(Prefetch("recommendations", queryset=recs.order_by("number")))
            .order_by("control__scope_area__position", "control__identifier", "id")
        )
        panel.ratings = list(engagement.ratings.filter(**LIVE).select_related("scope_area"))
    reports = engagement.reports.filter(**LIVE).defer("pdf", "docx", "content")
    if not assessor:
        reports = reports.filter(status=ReportStatus.ISSUED)
    panel.reports = list(reports.order_by("-version"))
    documents = engagement.evidence.filter(**LIVE)
    if assessor:
        panel.live_evidence = list(
            engagement.live_evidence.filter(**LIVE).select_related("control")
        )
        panel.interviews = list(engagement.interviews.filter(**LIVE))
    else:
        documents = documents.filter(from_subject=True)
    panel.documents = list(documents.order_by("title", "id"))
    if engagement.follows_up_id and (assessor or panel.reports):
        panel.grades = list(engagement.grades.filter(**LIVE).select_related("recommendation"))
        panel.progress = follow_up_progress(engagement)
    return panel


def follow_up_progress(follow_up: Engagement) -> rules.FollowUpProgress:
    """Recommendations of the engagement followed up, by priority, graded each way."""
    from dpassure.assurance.followup_services import gradable

    grades = dict(follow_up.grades.filter(**LIVE).values_list("recommendation_id", "status"))
    return rules.follow_up_progress(
        (rec.priority, grades.get(rec.pk)) for rec in gradable(follow_up)
    )


@dataclass
class TrackedAction:
    recommendation: Recommendation
    response: ManagementResponse | None
    grade: FollowUpGrade | None


def tracked_actions(scope) -> list[TrackedAction]:
    """Recommendations of issued reports — the organisation's tracked actions (its own
    engagements' for an assessor) — with the management response and the latest grade."""
    issued = EngagementReport.objects.filter(engagement=OuterRef("engagement"), status="issued")
    recs = (
        (scope.rows(Recommendation) | scope.rows_about(Recommendation))
        .filter(Exists(issued), **LIVE)
        .select_related("engagement", "management_response", "finding__control")
        .prefetch_related(
            Prefetch(
                "grades",
                queryset=FollowUpGrade.objects.filter(**LIVE)
                .filter(_issued_follow_up())
                .order_by("-graded_on", "-id"),
            )
        )
        .order_by("engagement__title", "number")
    )
    actions = []
    for rec in recs:
        try:
            response = rec.management_response
        except Recommendation.management_response.RelatedObjectDoesNotExist:
            response = None
        grades = list(rec.grades.all())
        actions.append(TrackedAction(rec, response, grades[0] if grades else None))
    return actions


def tracked_progress(actions: list[TrackedAction]) -> rules.FollowUpProgress:
    return rules.follow_up_progress(
        (a.recommendation.priority, a.grade.status if a.grade else None) for a in actions
    )
