"""Follow-up: a follow-up engagement grades each recommendation of the engagement it follows
up as completed, partly completed or not started, with the evidence seen (DOMAIN_RULES.md §9.2
step 6). Only recommendations of an issued report are tracked and graded."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dpassure.assurance.choices import ReportStatus
from dpassure.assurance.evidence_services import _own, _part
from dpassure.assurance.models import Engagement, FollowUpGrade, Recommendation
from dpassure.core import clock
from dpassure.core.services import register_archive, register_create, register_update


def gradable(follow_up: Engagement):
    """The recommendations a follow-up grades: those of the engagement it follows up, once a
    report of that engagement has been issued."""
    earlier = follow_up.follows_up
    if earlier is None or not earlier.reports.filter(status=ReportStatus.ISSUED).exists():
        return Recommendation.objects.none()
    return earlier.recommendations.filter(archived_at__isnull=True).order_by("number")


def _check(follow_up: Engagement, recommendation, documents, graded_on, today) -> None:
    if follow_up.follows_up_id is None:
        raise ValidationError(
            {
                "engagement": "Only a follow-up engagement grades recommendations: say which "
                "engagement it follows up."
            }
        )
    if recommendation is not None and not gradable(follow_up).filter(pk=recommendation.pk).exists():
        raise ValidationError(
            {"recommendation": "Choose a recommendation of the issued report followed up."}
        )
    for item in documents or []:
        if item.engagement_id not in (follow_up.pk, follow_up.follows_up_id):
            raise ValidationError(
                {"evidence_documents": f"“{item}” is evidence of another engagement."}
            )
    if graded_on and graded_on > today:
        raise ValidationError({"graded_on": "The date graded cannot be in the future."})


def grade_create(
    *,
    organisation,
    actor,
    engagement: Engagement,
    recommendation: Recommendation,
    evidence_documents=(),
    today=None,
    **fields,
) -> FollowUpGrade:
    today = today or clock.today()
    _own(engagement, organisation)
    fields.setdefault("graded_on", today)
    _check(engagement, recommendation, evidence_documents, fields["graded_on"], today)
    with transaction.atomic():
        grade = register_create(
            FollowUpGrade,
            actor=actor,
            engagement=engagement,
            recommendation=recommendation,
            **_part(engagement),
            **fields,
        )
        grade.evidence_documents.set(evidence_documents or [])
    return grade


def grade_update(
    grade: FollowUpGrade, *, actor, evidence_documents=None, today=None, **fields
) -> FollowUpGrade:
    today = today or clock.today()
    fields.pop("engagement", None)
    fields.pop("recommendation", None)
    _check(grade.engagement, None, evidence_documents, fields.get("graded_on"), today)
    with transaction.atomic():
        grade = register_update(grade, actor=actor, **fields)
        if evidence_documents is not None:
            grade.evidence_documents.set(evidence_documents)
    return grade


def grade_archive(grade: FollowUpGrade, *, actor) -> FollowUpGrade:
    return register_archive(grade, actor=actor)
