"""Demo: findings, recommendations, management responses, ratings, an issued report and a
follow-up for the Wessex OPCC engagement of the Northern Data Protection Assurance Unit.

Called by :func:`dpassure.assurance.demo.load_assurance_demo` after the engagement exists.
Idempotent: an engagement that already has findings is left as it is. Every write goes through
the services, so the demo leaves the same audit trail as real use.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from dpassure.assurance import engagement_services, report_services
from dpassure.assurance import evidence_services as es
from dpassure.assurance import findings_services as fs
from dpassure.assurance import followup_services as fus
from dpassure.assurance.choices import Stage
from dpassure.assurance.models import Engagement
from dpassure.core import clock

TITLE = "Data protection assurance: Wessex OPCC"

FINDINGS = [
    # (control identifier prefix, kind, text, [(priority, recommendation, owner, response)])
    (
        "IG-01",
        "area_for_improvement",
        "An information audit was begun in 2024 but the record of processing activities does "
        "not yet include the complaint reviews taken on in 2020.",
        [
            (
                "high",
                "Complete the information audit and add complaint reviews and appeals to "
                "the record of processing activities.",
                "Chief Executive",
                ("accepted", "The DPO will complete the audit and update the record."),
            ),
        ],
    ),
    (
        "IG-02",
        "area_for_improvement",
        "No DPIA was completed for the Police Complaints Appeals process, which involves "
        "special category data.",
        [
            (
                "urgent",
                "Complete a DPIA for the complaints appeals process before further "
                "appeals are processed.",
                "Chief Executive",
                ("accepted", "A DPIA will be drafted by the DPO and approved by the SIRO."),
            ),
            (
                "medium",
                "Review historic DPIAs against current legislation.",
                "DPO",
                ("partly_accepted", "Historic DPIAs for live systems only will be reviewed."),
            ),
        ],
    ),
    (
        "IG-03",
        "good_practice",
        "The Data Protection Policy is version-controlled, approved by the Chief Executive and "
        "reviewed every year.",
        [],
    ),
]


def _advance(engagement: Engagement, target: str, on: datetime.date) -> Engagement:
    from dpassure.rules.assurance import STAGE_ORDER, stages_for

    stages = stages_for(engagement.kind)
    while STAGE_ORDER.index(engagement.stage) < STAGE_ORDER.index(target):
        nxt = stages[stages.index(engagement.stage) + 1]
        engagement = engagement_services.engagement_advance(
            engagement, actor=None, stage=nxt, started_on=on
        )
    return engagement


def _control(engagement, prefix):
    controls = engagement.framework.controls.order_by("identifier")
    return controls.filter(identifier__startswith=prefix).first() or controls.first()


def load_assurance_findings_demo():
    engagement = (
        Engagement.objects.filter(title=TITLE, organisation__slug="northern-assurance")
        .select_related("organisation", "subject", "framework")
        .first()
    )
    if engagement is None or engagement.findings.exists():
        return engagement
    assessor, today = engagement.organisation, clock.today()
    first_control = _control(engagement, "IG-01")
    es.live_evidence_take(
        organisation=assessor,
        actor=None,
        engagement=engagement,
        control=first_control,
        metric=es.REQUESTS,
        on=today,
    )
    engagement = _advance(engagement, Stage.INTERVIEWS, today)
    es.interview_create(
        organisation=assessor,
        actor=None,
        engagement=engagement,
        interviewee_role="Head of Governance",
        held_at=timezone.now() - datetime.timedelta(hours=2),
        mode="on_site",
        summary="Walked through the complaints appeals process.",
    )
    for prefix, kind, text, recommendations in FINDINGS:
        finding = fs.finding_create(
            organisation=assessor,
            actor=None,
            engagement=engagement,
            control=_control(engagement, prefix),
            kind=kind,
            text=text,
        )
        for priority, rec_text, owner, _ in recommendations:
            fs.recommendation_create(
                organisation=assessor,
                actor=None,
                finding=finding,
                priority=priority,
                text=rec_text,
                owner=owner,
                target_date=today + datetime.timedelta(days=120),
            )
    for index, area in enumerate(engagement.scope_areas.order_by("position")):
        first = index == 0  # information governance: where the urgent recommendation is
        fs.scope_rating_create(
            organisation=assessor,
            actor=None,
            engagement=engagement,
            scope_area=area,
            rating="limited" if first else "reasonable",
            opinion=f"{'Considerable' if first else 'Some'} scope for improvement in "
            f"{area.title.lower()}.",
        )
    engagement = fs.engagement_opinion_set(
        engagement,
        actor=None,
        overall_rating="limited",
        overall_opinion="There is a limited level of assurance that processes and procedures "
        "are in place and delivering data protection compliance.",
    )
    engagement = _advance(engagement, Stage.MANAGEMENT_RESPONSE, today)
    responses = [r for _, _, _, recs in FINDINGS for *_, r in recs]
    for rec, (decision, action) in zip(
        engagement.recommendations.order_by("number"), responses, strict=False
    ):
        fs.management_response_create(
            organisation=engagement.subject,
            actor=None,
            recommendation=rec,
            decision=decision,
            action=action,
            owner="Data Protection Officer",
            target_date=today + datetime.timedelta(days=90),
        )
    report_services.report_issue(engagement, actor=None, issued_on=today)
    engagement = _advance(engagement, Stage.FINAL_REPORT, today)
    follow_up = engagement_services.engagement_create(
        organisation=assessor,
        actor=None,
        subject=engagement.subject,
        framework=engagement.framework,
        kind="consensual_audit",
        title="Follow-up: Wessex OPCC",
        follows_up=engagement,
        scope_areas=list(engagement.scope_areas.all()),
    )
    for rec, status in zip(
        engagement.recommendations.order_by("number"),
        ["completed", "partly_completed"],
        strict=False,
    ):
        fus.grade_create(
            organisation=assessor,
            actor=None,
            engagement=follow_up,
            recommendation=rec,
            status=status,
            evidence="Updated action plan and documents seen.",
        )
    return engagement
