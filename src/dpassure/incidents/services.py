"""Every write to incidents, breach assessments, ICO notifications, actions and spot checks.

The 72-hour deadline and the risk level are recomputed with :mod:`dpassure.rules.breach` on
every change; impossible timelines are refused with a specific message.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from dpassure.core import clock
from dpassure.core.references import next_reference
from dpassure.core.services import register_archive, register_create, register_update
from dpassure.incidents.choices import IncidentStatus
from dpassure.incidents.models import (
    Action,
    IcoUpdate,
    Incident,
    InvolvedPerson,
    SpotCheck,
    SpotCheckResult,
    SpotCheckTemplate,
)
from dpassure.organisations.models import Organisation
from dpassure.rules import breach
from dpassure.rules.spot_checks import missing_checklists

INCIDENT_TIMES = {
    "occurred_at": "When it happened",
    "discovered_at": "When it was discovered",
    "aware_at": "When the organisation became aware",
    "reported_to_ico_at": "When it was reported to the ICO",
    "individuals_told_at": "When people were told",
    "closed_at": "When it was closed",
}


def _not_in_future(values: dict, labels: dict, now: datetime.datetime) -> None:
    errors = {
        name: f"{label} cannot be in the future."
        for name, label in labels.items()
        if values.get(name) and values[name] > now
    }
    if errors:
        raise ValidationError(errors)


def _derive(incident: Incident) -> None:
    """Risk, the reporting deadline and the status, all from the rules and the record."""
    if incident.likelihood and incident.severity:
        incident.risk = breach.assess_risk(
            likelihood=breach.Likelihood(incident.likelihood),
            severity=breach.Severity(incident.severity),
            special_category=incident.special_category,
            people_affected=incident.data_subjects_count or incident.people_affected_estimate or 0,
        ).value
    else:
        incident.risk = ""
    clock_runs = incident.is_personal_data_breach is not False and not incident.is_near_miss
    incident.report_due_at = (
        breach.breach_report_deadline(incident.clock_starts_at) if clock_runs else None
    )
    if incident.closed_at:
        incident.status = IncidentStatus.CLOSED
    elif incident.risk:
        incident.status = IncidentStatus.ASSESSED
    elif incident.aware_at or incident.security_property or incident.cause:
        incident.status = IncidentStatus.TRIAGED
    else:
        incident.status = IncidentStatus.REPORTED


def _check_report(incident: Incident) -> None:
    if incident.reported_to_ico_at and incident.report_due_at:
        if (
            incident.reported_to_ico_at > incident.report_due_at
            and not incident.delay_reason.strip()
        ):
            raise ValidationError(
                {
                    "delay_reason": "The report was made more than 72 hours after you became "
                    "aware: give the reasons for the delay (UK GDPR Art 33(1))."
                }
            )
    if incident.closed_at and incident.report_to_ico and not incident.reported_to_ico_at:
        raise ValidationError(
            {"closed_at": "You decided to report this to the ICO: record the report first."}
        )


def incident_report(*, organisation, actor, now=None, **fields) -> Incident:
    """Any member (staff and up) reports an incident or near miss."""
    now = now or clock.now()
    _not_in_future(fields, INCIDENT_TIMES, now)
    draft = Incident(organisation=organisation, **fields)
    _derive(draft)
    draft.full_clean(exclude=["reference"])
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        return register_create(
            Incident,
            organisation=organisation,
            actor=actor,
            reference=next_reference(
                Incident.objects.filter(organisation=organisation), f"INC-{now.year}-"
            ),
            reported_by=actor if getattr(actor, "pk", None) else None,
            risk=draft.risk,
            report_due_at=draft.report_due_at,
            status=draft.status,
            **fields,
        )


def incident_update(incident: Incident, *, actor, now=None, **fields) -> Incident:
    """Triage, assessment, decisions, the ICO report and closure all go through here."""
    now = now or clock.now()
    _not_in_future(fields, INCIDENT_TIMES, now)
    for name, value in fields.items():
        setattr(incident, name, value)
    _derive(incident)
    incident.full_clean()
    _check_report(incident)
    return register_update(incident, actor=actor)


def incident_archive(incident: Incident, *, actor) -> Incident:
    return register_archive(incident, actor=actor)


def _step_create(model, *, organisation, actor, incident, **fields):
    if incident.organisation_id != organisation.pk:
        raise ValidationError({"incident": "Choose an incident of this organisation."})
    return register_create(
        model, organisation=organisation, actor=actor, incident=incident, **fields
    )


def ico_update_create(*, organisation, actor, incident, now=None, **fields) -> IcoUpdate:
    now = now or clock.now()
    _not_in_future(fields, {"sent_at": "When it was sent"}, now)
    if not incident.reported_to_ico_at:
        raise ValidationError("Record the first report to the ICO before any update.")
    if fields.get("sent_at") and fields["sent_at"] < incident.reported_to_ico_at:
        raise ValidationError({"sent_at": "An update cannot be sent before the first report."})
    return _step_create(
        IcoUpdate, organisation=organisation, actor=actor, incident=incident, **fields
    )


def ico_update_update(update: IcoUpdate, *, actor, **fields) -> IcoUpdate:
    return register_update(update, actor=actor, **fields)


def ico_update_archive(update: IcoUpdate, *, actor) -> IcoUpdate:
    return register_archive(update, actor=actor)


def involved_person_create(*, organisation, actor, incident, **fields) -> InvolvedPerson:
    return _step_create(
        InvolvedPerson, organisation=organisation, actor=actor, incident=incident, **fields
    )


def involved_person_update(involved: InvolvedPerson, *, actor, **fields) -> InvolvedPerson:
    return register_update(involved, actor=actor, **fields)


def involved_person_archive(involved: InvolvedPerson, *, actor) -> InvolvedPerson:
    return register_archive(involved, actor=actor)


def action_create(*, organisation, actor, today=None, **fields) -> Action:
    today = today or clock.today()
    if fields.get("done_on") and fields["done_on"] > today:
        raise ValidationError({"done_on": "An action cannot be done in the future."})
    return register_create(Action, organisation=organisation, actor=actor, **fields)


def action_update(action: Action, *, actor, today=None, **fields) -> Action:
    today = today or clock.today()
    if fields.get("done_on") and fields["done_on"] > today:
        raise ValidationError({"done_on": "An action cannot be done in the future."})
    return register_update(action, actor=actor, **fields)


def action_archive(action: Action, *, actor) -> Action:
    return register_archive(action, actor=actor)


def spot_check_template_create(*, organisation, actor, **fields) -> SpotCheckTemplate:
    return register_create(SpotCheckTemplate, organisation=organisation, actor=actor, **fields)


def spot_check_template_update(template, *, actor, **fields) -> SpotCheckTemplate:
    return register_update(template, actor=actor, **fields)


def spot_check_template_archive(template, *, actor) -> SpotCheckTemplate:
    return register_archive(template, actor=actor)


def checklist_names(organisation) -> set[str]:
    return set(
        SpotCheckTemplate.objects.filter(
            organisation=organisation, archived_at__isnull=True
        ).values_list("name", flat=True)
    )


def spot_check_templates_adopt_standard(*, organisation, actor) -> int:
    """Add the standard checklists the organisation does not have yet; returns how many."""
    missing = missing_checklists(checklist_names(organisation))
    with transaction.atomic():
        for name, items in missing.items():
            spot_check_template_create(
                organisation=organisation, actor=actor, name=name, items="\n".join(items)
            )
    return len(missing)


def spot_check_schedule(*, organisation, actor, **fields) -> SpotCheck:
    return register_create(SpotCheck, organisation=organisation, actor=actor, **fields)


def spot_check_update(check: SpotCheck, *, actor, **fields) -> SpotCheck:
    return register_update(check, actor=actor, **fields)


def spot_check_archive(check: SpotCheck, *, actor) -> SpotCheck:
    return register_archive(check, actor=actor)


def spot_check_record_results(
    check: SpotCheck,
    *,
    actor,
    done_on: datetime.date,
    done_by: str,
    results: list[tuple[str, bool, str]],
    action_owner: str,
    action_due_on: datetime.date,
    today=None,
) -> SpotCheck:
    """Record a result per checklist item; every failure raises an action with an owner."""
    today = today or clock.today()
    if done_on > today:
        raise ValidationError({"done_on": "A spot check cannot be done in the future."})
    if check.done_on:
        raise ValidationError("This spot check already has its results.")
    expected = check.template.item_list
    if [item for item, _, _ in results] != expected:
        raise ValidationError("Record a result for every item on the checklist.")
    failures = [(item, note) for item, passed, note in results if not passed]
    if failures and action_due_on < done_on:
        raise ValidationError({"action_due_on": "Actions cannot be due before the check was done."})
    with transaction.atomic():
        for item, passed, note in results:
            register_create(
                SpotCheckResult,
                organisation=check.organisation,
                actor=actor,
                spot_check=check,
                item=item,
                passed=passed,
                note=note,
            )
        for item, note in failures:
            action_create(
                organisation=check.organisation,
                actor=actor,
                spot_check=check,
                description=f"Put right: {item}" + (f" — {note}" if note else ""),
                owner=action_owner,
                due_on=action_due_on,
            )
        return register_update(check, actor=actor, done_on=done_on, done_by=done_by)
