"""Reads for projects, engagements and surveys: who may see which rows, and the dashboards.

The assessor's members see their own rows (``Scope.rows``). The organisation an engagement is
about sees, through ``Scope.rows_about``, only what is meant for it: the engagement (without
internal notes), its stages, its evidence requests, its invitation, and its survey once sent —
never survey links, interviews or assessor notes. Findings, reports and follow-up rows are shown
by :mod:`.findings_selectors`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from dpassure.assurance.choices import SurveyStatus
from dpassure.assurance.models import (
    Engagement,
    EngagementStage,
    EvidenceRequest,
    ProjectInvitation,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
)
from dpassure.core.registers import two_sided

#: Rows about the organisation it may see, and the condition that hides them until ready.
ABOUT_US: dict = {
    Engagement: Q(),
    EngagementStage: Q(),
    EvidenceRequest: Q(),
    ProjectInvitation: Q(),
    Survey: ~Q(status=SurveyStatus.DRAFT),
    SurveyQuestion: ~Q(survey__status=SurveyStatus.DRAFT),
    SurveyAnswer: ~Q(question__survey__status=SurveyStatus.DRAFT),
}


def visible(scope, model) -> QuerySet:
    """The rows of ``model`` this scope may read: its own, and those about it it may see."""
    return two_sided.visible(scope, model, ABOUT_US)


def is_subject_of_engagement(organisation) -> bool:
    return Engagement.objects.filter(subject=organisation, archived_at__isnull=True).exists()


@dataclass
class AreaRiskRow:
    key: str
    title: str
    score: int
    band: str
    proposed: bool
    agreed: bool


def risk_rows(survey: Survey) -> list[AreaRiskRow]:
    """The submitted survey's risk per scope area, with the area's title, for tables."""
    titles = dict(survey.engagement.framework.scope_areas.values_list("key", "title"))
    agreed = set(survey.engagement.scope_areas.values_list("key", flat=True))
    proposed = set(survey.proposed_scope)
    return [
        AreaRiskRow(
            key=row["area"],
            title=titles.get(row["area"], row["area"]),
            score=row["score"],
            band=row["band"],
            proposed=row["area"] in proposed,
            agreed=row["area"] in agreed,
        )
        for row in survey.risk_scores
    ]


def survey_sheet(survey: Survey) -> list[dict]:
    """Questions in order, grouped by scope area, each with its answer (or None)."""
    answers = {a.question_id: a for a in SurveyAnswer.objects.filter(question__survey=survey)}
    groups: list[dict] = []
    for question in survey.questions.select_related("scope_area", "control").order_by("number"):
        if not groups or groups[-1]["area"] != question.scope_area:
            groups.append({"area": question.scope_area, "questions": []})
        groups[-1]["questions"].append({"question": question, "answer": answers.get(question.pk)})
    return groups


def assessor_board(scope) -> dict:
    engagements = scope.rows(Engagement).filter(archived_at__isnull=True)
    return {
        "engagements": engagements.select_related("subject", "project").order_by("-created_at")[
            :50
        ],
        "projects": scope.rows(Engagement.project.field.related_model)
        .filter(archived_at__isnull=True)
        .order_by("-starts_on")[:20],
    }


def about_us(scope) -> dict:
    """For the organisation assessed: its engagements, open surveys and evidence requests."""
    engagements = scope.rows_about(Engagement).filter(archived_at__isnull=True)
    return {
        "engagements": engagements.select_related("organisation").order_by("-created_at"),
        "surveys": visible_about(scope, Survey).filter(status=SurveyStatus.OPEN),
        "requests": visible_about(scope, EvidenceRequest).select_related("engagement"),
    }


def visible_about(scope, model) -> QuerySet:
    return scope.rows_about(model).filter(ABOUT_US[model], archived_at__isnull=True)
