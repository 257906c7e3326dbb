"""Writes for findings per control, recommendations (numbered by the service), the
organisation's management responses, the rating of each scope area and the overall opinion.

The assessor writes findings, recommendations and ratings. Management responses are written
by the organisation assessed, through its own pages, while the draft is with it (the
management response stage). DOMAIN_RULES.md §9.2 step 4, §9.4–9.5.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from dpassure.assurance.choices import FindingKind, Stage
from dpassure.assurance.evidence_services import _control_of, _own, _part
from dpassure.assurance.models import (
    Engagement,
    Finding,
    ManagementResponse,
    Recommendation,
    ScopeRating,
)
from dpassure.core.services import register_archive, register_create, register_update
from dpassure.rules.assurance import STAGE_ORDER

#: Stages from which the organisation assessed reads the draft's findings.
SHARED_FROM = Stage.MANAGEMENT_RESPONSE


def draft_shared(engagement: Engagement) -> bool:
    return STAGE_ORDER.index(engagement.stage) >= STAGE_ORDER.index(SHARED_FROM)


def _evidence_of(engagement, evidence, live_evidence):
    for item in [*(evidence or []), *(live_evidence or [])]:
        if item.engagement_id != engagement.pk:
            raise ValidationError(
                {"evidence": f"“{item}” is evidence of another engagement: choose this one's."}
            )


# --- Findings --------------------------------------------------------------------------------


def finding_create(
    *, organisation, actor, engagement: Engagement, control, evidence=(), live_evidence=(), **fields
) -> Finding:
    _own(engagement, organisation)
    _control_of(engagement, control)
    _evidence_of(engagement, evidence, live_evidence)
    with transaction.atomic():
        finding = register_create(
            Finding,
            actor=actor,
            engagement=engagement,
            control=control,
            **_part(engagement),
            **fields,
        )
        finding.evidence.set(evidence or [])
        finding.live_evidence.set(live_evidence or [])
    return finding


def finding_update(
    finding: Finding, *, actor, control=None, evidence=None, live_evidence=None, **fields
) -> Finding:
    fields.pop("engagement", None)
    engagement = finding.engagement
    if control is not None:
        fields["control"] = _control_of(engagement, control)
    if fields.get("kind", finding.kind) != FindingKind.AREA_FOR_IMPROVEMENT:
        if finding.recommendations.filter(archived_at__isnull=True).exists():
            raise ValidationError(
                {"kind": "This finding has recommendations: only an area for improvement has."}
            )
    _evidence_of(engagement, evidence, live_evidence)
    with transaction.atomic():
        finding = register_update(finding, actor=actor, **fields)
        if evidence is not None:
            finding.evidence.set(evidence)
        if live_evidence is not None:
            finding.live_evidence.set(live_evidence)
    return finding


def finding_archive(finding: Finding, *, actor) -> Finding:
    if finding.recommendations.filter(archived_at__isnull=True).exists():
        raise ValidationError("Archive the finding's recommendations first.")
    return register_archive(finding, actor=actor)


# --- Recommendations -------------------------------------------------------------------------


def recommendation_create(*, organisation, actor, finding: Finding, **fields) -> Recommendation:
    """A recommendation on an area for improvement, numbered next in its engagement."""
    engagement = finding.engagement
    _own(engagement, organisation)
    if finding.kind != FindingKind.AREA_FOR_IMPROVEMENT:
        raise ValidationError(
            {"finding": "Recommendations are made on areas for improvement, not on this finding."}
        )
    if finding.archived_at is not None:
        raise ValidationError({"finding": "This finding is archived."})
    fields.pop("engagement", None)
    with transaction.atomic():
        Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
        last = Recommendation.objects.filter(engagement=engagement).aggregate(n=Max("number"))["n"]
        return register_create(
            Recommendation,
            actor=actor,
            engagement=engagement,
            finding=finding,
            number=(last or 0) + 1,
            **_part(engagement),
            **fields,
        )


def recommendation_update(rec: Recommendation, *, actor, **fields) -> Recommendation:
    fields.pop("finding", None)
    fields.pop("engagement", None)
    return register_update(rec, actor=actor, **fields)


def recommendation_archive(rec: Recommendation, *, actor) -> Recommendation:
    return register_archive(rec, actor=actor)


# --- Management responses (the organisation assessed) ----------------------------------------


def _responding(rec: Recommendation, organisation) -> None:
    engagement = rec.engagement
    if organisation.pk != engagement.subject_id:
        raise ValidationError(
            {"recommendation": "Only the organisation assessed gives a management response."}
        )
    if engagement.stage != Stage.MANAGEMENT_RESPONSE:
        raise ValidationError(
            "Management responses are given while the draft report is with the organisation "
            f"(the management response stage); this engagement is at "
            f"{Stage(engagement.stage).label.lower()}."
        )
    if rec.archived_at is not None:
        raise ValidationError({"recommendation": "This recommendation has been withdrawn."})


def management_response_create(
    *, organisation, actor, recommendation: Recommendation, **fields
) -> ManagementResponse:
    _responding(recommendation, organisation)
    if ManagementResponse.objects.filter(recommendation=recommendation).exists():
        raise ValidationError(
            {"recommendation": f"{recommendation} already has a response: change that one."}
        )
    engagement = recommendation.engagement
    return register_create(
        ManagementResponse,
        actor=actor,
        recommendation=recommendation,
        entered_by=actor if getattr(actor, "pk", None) else None,
        **_part(engagement),
        **fields,
    )


def management_response_update(
    response: ManagementResponse, *, actor, organisation=None, **fields
) -> ManagementResponse:
    fields.pop("recommendation", None)
    _responding(response.recommendation, organisation or response.subject)
    fields["entered_by"] = actor if getattr(actor, "pk", None) else None
    return register_update(response, actor=actor, **fields)


# --- Ratings and the overall opinion ---------------------------------------------------------


def _area_of(engagement: Engagement, scope_area) -> None:
    if scope_area is None or scope_area.framework_id != engagement.framework_id:
        raise ValidationError({"scope_area": "Choose a scope area of the engagement's framework."})


def scope_rating_create(
    *, organisation, actor, engagement: Engagement, scope_area, **fields
) -> ScopeRating:
    _own(engagement, organisation)
    _area_of(engagement, scope_area)
    return register_create(
        ScopeRating,
        actor=actor,
        engagement=engagement,
        scope_area=scope_area,
        **_part(engagement),
        **fields,
    )


def scope_rating_update(rating: ScopeRating, *, actor, scope_area=None, **fields) -> ScopeRating:
    fields.pop("engagement", None)
    if scope_area is not None:
        _area_of(rating.engagement, scope_area)
        fields["scope_area"] = scope_area
    return register_update(rating, actor=actor, **fields)


def scope_rating_archive(rating: ScopeRating, *, actor) -> ScopeRating:
    return register_archive(rating, actor=actor)


def engagement_opinion_set(
    engagement: Engagement, *, actor, overall_rating: str, overall_opinion: str
) -> Engagement:
    """The overall assurance rating and opinion of the engagement (the report's summary)."""
    if overall_rating and not overall_opinion.strip():
        raise ValidationError({"overall_opinion": "Enter the overall opinion behind the rating."})
    return register_update(
        engagement,
        actor=actor,
        change_reason="Overall opinion",
        overall_rating=overall_rating,
        overall_opinion=overall_opinion,
    )
