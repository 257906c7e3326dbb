"""Every write to sector projects, invitations and engagements.

Each row is owned by the assessor and carries the organisation it is about (``subject``);
child rows copy both from their engagement. Stage moves are checked by
:func:`dpassure.rules.assurance.check_stage_move` and each stage is dated once. Every write goes
through :mod:`dpassure.core.services`, so the audit trail records who did it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from dpassure.assurance.choices import Stage
from dpassure.assurance.models import (
    Engagement,
    EngagementStage,
    ProjectInvitation,
    ScopeArea,
    SectorProject,
)
from dpassure.core import clock
from dpassure.core.services import register_archive, register_create, register_update
from dpassure.organisations.choices import OrganisationKind
from dpassure.rules import assurance as rules


def _areas_of(framework, areas) -> list[ScopeArea]:
    areas = list(areas or [])
    wrong = [a for a in areas if a.framework_id != framework.pk]
    if wrong:
        raise ValidationError(
            {"scope_areas": f"“{wrong[0]}” is not a scope area of the framework “{framework}”."}
        )
    return areas


# --- Sector projects -------------------------------------------------------------------------


def sectorproject_create(*, organisation, actor, scope_areas=(), **fields) -> SectorProject:
    with transaction.atomic():
        project = register_create(SectorProject, organisation=organisation, actor=actor, **fields)
        project.scope_areas.set(_areas_of(project.framework, scope_areas))
    return project


def sectorproject_update(project: SectorProject, *, actor, scope_areas=None, **fields):
    with transaction.atomic():
        project = register_update(project, actor=actor, **fields)
        if scope_areas is not None:
            project.scope_areas.set(_areas_of(project.framework, scope_areas))
    return project


def sectorproject_archive(project: SectorProject, *, actor) -> SectorProject:
    return register_archive(project, actor=actor)


# --- Invitations -----------------------------------------------------------------------------


def _check_response(fields: dict) -> None:
    response = fields.get("response", rules.InvitationResponse.NO_RESPONSE)
    answered = response != rules.InvitationResponse.NO_RESPONSE
    if answered and not fields.get("responded_on"):
        raise ValidationError({"responded_on": "Enter the date the organisation responded."})
    if not answered and fields.get("responded_on"):
        raise ValidationError({"responded_on": "There is no response yet: leave the date blank."})
    invited_on, responded_on = fields.get("invited_on"), fields.get("responded_on")
    if invited_on and responded_on and responded_on < invited_on:
        raise ValidationError({"responded_on": "It cannot respond before it was invited."})


def projectinvitation_create(*, organisation, actor, project, subject, **fields):
    if project.organisation_id != organisation.pk:
        raise ValidationError({"project": "Choose a project of this organisation."})
    if subject.kind == OrganisationKind.ASSESSOR_BODY or subject.pk == organisation.pk:
        raise ValidationError({"subject": "Invite a policing body, not an assessor."})
    _check_response(fields)
    return register_create(
        ProjectInvitation,
        organisation=organisation,
        actor=actor,
        project=project,
        subject=subject,
        **fields,
    )


def projectinvitation_update(invitation: ProjectInvitation, *, actor, **fields):
    fields.pop("subject", None)  # the organisation invited never changes
    fields.pop("project", None)
    merged = {
        "invited_on": invitation.invited_on,
        "response": invitation.response,
        "responded_on": invitation.responded_on,
        **fields,
    }
    _check_response(merged)
    return register_update(invitation, actor=actor, **fields)


def projectinvitation_archive(invitation: ProjectInvitation, *, actor):
    return register_archive(invitation, actor=actor)


# --- Engagements -----------------------------------------------------------------------------


def engagement_create(
    *,
    organisation,
    actor,
    scope_areas=(),
    assessors=(),
    invited_on: datetime.date | None = None,
    **fields,
) -> Engagement:
    """An engagement starts at the invited stage, dated ``invited_on`` (today by default)."""
    project = fields.get("project")
    if project is not None and not fields.get("framework"):
        fields["framework"] = project.framework
    with transaction.atomic():
        engagement = register_create(
            Engagement,
            organisation=organisation,
            subject=fields.pop("subject"),
            actor=actor,
            **fields,
        )
        engagement.scope_areas.set(_areas_of(engagement.framework, scope_areas))
        engagement.assessors.set(_assessors(organisation, assessors))
        register_create(
            EngagementStage,
            organisation=organisation,
            subject=engagement.subject,
            actor=actor,
            engagement=engagement,
            stage=rules.Stage.INVITED.value,
            started_on=invited_on or clock.today(),
            entered_by=actor,
        )
    return engagement


def _assessors(organisation, users) -> list:
    from dpassure.organisations.models import Membership

    users = list(users or [])
    members = set(
        Membership.objects.filter(
            organisation=organisation, user__in=users, archived_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    strangers = [u for u in users if u.pk not in members]
    if strangers:
        raise ValidationError(
            {
                "assessors": f"{strangers[0].get_full_name() or strangers[0]} is not a member of "
                f"{organisation}."
            }
        )
    return users


def engagement_update(engagement: Engagement, *, actor, scope_areas=None, assessors=None, **fields):
    fields.pop("subject", None)  # the organisation assessed never changes
    if "framework" in fields and fields["framework"] != engagement.framework:
        if engagement.stage != rules.Stage.INVITED or _has_survey(engagement):
            raise ValidationError(
                {"framework": "The framework cannot change once the survey has been made."}
            )
    with transaction.atomic():
        engagement = register_update(engagement, actor=actor, **fields)
        if scope_areas is not None:
            engagement.scope_areas.set(_areas_of(engagement.framework, scope_areas))
        if assessors is not None:
            engagement.assessors.set(_assessors(engagement.organisation, assessors))
    return engagement


def _has_survey(engagement: Engagement) -> bool:
    from dpassure.assurance.models import Survey

    return Survey.objects.filter(engagement=engagement).exists()


def engagement_archive(engagement: Engagement, *, actor) -> Engagement:
    return register_archive(engagement, actor=actor)


def engagement_advance(
    engagement: Engagement, *, actor, stage: str, started_on: datetime.date, note: str = ""
) -> Engagement:
    """Move the engagement on to ``stage`` from ``started_on``: one stage at a time, forward."""
    if started_on > clock.today():
        raise ValidationError({"started_on": "The date a stage started cannot be in the future."})
    current = engagement.stages.filter(stage=engagement.stage).first()
    try:
        rules.check_stage_move(
            engagement.kind,
            engagement.stage,
            stage,
            current_started_on=current.started_on if current else None,
            on=started_on,
        )
    except rules.StageError as error:
        raise ValidationError({"stage": str(error)}) from None
    with transaction.atomic():
        register_create(
            EngagementStage,
            organisation=engagement.organisation,
            subject=engagement.subject,
            actor=actor,
            engagement=engagement,
            stage=stage,
            started_on=started_on,
            note=note,
            entered_by=actor,
        )
        engagement = register_update(
            engagement, actor=actor, stage=stage, change_reason=f"Moved to {Stage(stage).label}"
        )
    return engagement


# --- Evidence requests -----------------------------------------------------------------------


def evidencerequest_create(*, engagement: Engagement, actor, controls=(), **fields):
    from dpassure.assurance.models import EvidenceRequest

    wrong = [c for c in controls if c.framework_id != engagement.framework_id]
    if wrong:
        raise ValidationError({"controls": f"{wrong[0]} is not a control of this engagement."})
    with transaction.atomic():
        request = register_create(
            EvidenceRequest,
            organisation=engagement.organisation,
            subject=engagement.subject,
            actor=actor,
            engagement=engagement,
            **fields,
        )
        request.controls.set(controls)
    return request


def evidencerequest_update(request, *, actor, controls=None, **fields):
    with transaction.atomic():
        request = register_update(request, actor=actor, **fields)
        if controls is not None:
            request.controls.set(controls)
    return request


def evidencerequest_archive(request, *, actor):
    return register_archive(request, actor=actor)
