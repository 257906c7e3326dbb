"""Every write to undertakings, requirements, action plans and follow-ups.

Due dates come from :mod:`dpassure.rules.undertakings` and are recomputed whenever the date of
signing or a deadline changes; the status is derived from the record. Each row is owned by the
assessor and carries the organisation it is about (``subject``), copied from its undertaking.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from dpassure.core import clock
from dpassure.core.services import register_archive, register_create, register_update
from dpassure.rules import undertakings as rules
from dpassure.undertakings.choices import EnteredBy, RequirementKind
from dpassure.undertakings.models import (
    ActionPlanStep,
    FollowUp,
    IssuedReport,
    LiveSnapshot,
    Requirement,
    RequirementVerdict,
    Undertaking,
)

# The follow-up's own rows (evidence, breaches, issuing) live in :mod:`.followup_services`.


def _not_in_future(values: dict, labels: dict, today: datetime.date) -> None:
    errors = {
        name: f"{label} cannot be in the future."
        for name, label in labels.items()
        if values.get(name) and values[name] > today
    }
    if errors:
        raise ValidationError(errors)


def _own(undertaking: Undertaking, organisation) -> None:
    if undertaking.organisation_id != organisation.pk:
        raise ValidationError({"undertaking": "Choose an undertaking of this organisation."})


# --- Undertakings ----------------------------------------------------------------------------


def refresh_status(undertaking: Undertaking, *, actor) -> Undertaking:
    """Re-derive the status from the record (signed, closed, the latest issued report)."""
    reports = IssuedReport.objects.filter(undertaking=undertaking, archived_at__isnull=True)
    latest = reports.select_related("follow_up").order_by("-issued_at", "-id").first()
    status = rules.undertaking_state(
        signed_on=undertaking.signed_on,
        closed_on=undertaking.closed_on,
        reports_issued=reports.count(),
        referred=bool(latest and latest.follow_up.referred_to_enforcement),
    ).value
    if status != undertaking.status:
        return register_update(undertaking, actor=actor, status=status)
    return undertaking


def _status_of(values: dict) -> str:
    return rules.undertaking_state(
        signed_on=values.get("signed_on"),
        closed_on=values.get("closed_on"),
        reports_issued=0,
        referred=False,
    ).value


def undertaking_create(*, organisation, actor, today=None, **fields) -> Undertaking:
    today = today or clock.today()
    _not_in_future(fields, {"signed_on": "The date signed", "closed_on": "The date closed"}, today)
    return register_create(
        Undertaking,
        organisation=organisation,
        actor=actor,
        status=_status_of(fields),
        **fields,
    )


def undertaking_update(undertaking: Undertaking, *, actor, today=None, **fields) -> Undertaking:
    """Changing the date signed moves every period deadline with it."""
    today = today or clock.today()
    _not_in_future(fields, {"signed_on": "The date signed", "closed_on": "The date closed"}, today)
    subject = fields.pop("subject", None)
    if subject is not None and subject.pk != undertaking.subject_id:
        raise ValidationError(
            {"subject": "The organisation that gave an undertaking cannot be changed."}
        )
    signed_on = fields.get("signed_on", undertaking.signed_on)
    live = undertaking.requirements.filter(archived_at__isnull=True)
    if "signed_on" in fields and signed_on is None:
        if FollowUp.objects.filter(undertaking=undertaking, archived_at__isnull=True).exists():
            raise ValidationError(
                {"signed_on": "It has been followed up, so it must keep its date signed."}
            )
    if signed_on is not None:
        earliest = FollowUp.objects.filter(undertaking=undertaking, archived_at__isnull=True)
        first = earliest.order_by("assessed_on").values_list("assessed_on", flat=True).first()
        if first and first < signed_on:
            raise ValidationError(
                {"signed_on": "A follow-up is dated before this: it cannot have been signed later."}
            )
        for requirement in live:
            try:
                rules.check_deadline_after_signing(
                    signed_on=signed_on, on=requirement.deadline_date
                )
            except rules.DeadlineError:
                raise ValidationError(
                    {"signed_on": f"{requirement}'s deadline would be before the date signed."}
                ) from None
    with transaction.atomic():
        undertaking = register_update(undertaking, actor=actor, **fields)
        for requirement in live:
            _redate(requirement, signed_on=undertaking.signed_on, actor=actor)
        return refresh_status(undertaking, actor=actor)


def undertaking_archive(undertaking: Undertaking, *, actor) -> Undertaking:
    if IssuedReport.objects.filter(undertaking=undertaking).exists():
        raise ValidationError("A follow-up report has been issued on it, so it stays on record.")
    return register_archive(undertaking, actor=actor)


# --- Requirements ----------------------------------------------------------------------------


def _due(undertaking: Undertaking, deadline_date, deadline_months):
    try:
        rules.check_deadline_after_signing(signed_on=undertaking.signed_on, on=deadline_date)
        return rules.requirement_due(
            signed_on=undertaking.signed_on, on=deadline_date, months=deadline_months
        )
    except rules.DeadlineError as error:
        raise ValidationError({error.field: error.message}) from None


def _redate(requirement: Requirement, *, signed_on, actor) -> None:
    due = rules.requirement_due(
        signed_on=signed_on, on=requirement.deadline_date, months=requirement.deadline_months
    )
    if due != requirement.due_on:
        register_update(requirement, actor=actor, due_on=due)


def requirement_create(*, organisation, actor, undertaking, **fields) -> Requirement:
    _own(undertaking, organisation)
    due = _due(undertaking, fields.get("deadline_date"), fields.get("deadline_months"))
    return register_create(
        Requirement,
        organisation=organisation,
        actor=actor,
        subject=undertaking.subject,
        undertaking=undertaking,
        due_on=due,
        **fields,
    )


def requirement_update(requirement: Requirement, *, actor, **fields) -> Requirement:
    fields.pop("undertaking", None)
    date = fields.get("deadline_date", requirement.deadline_date)
    months = fields.get("deadline_months", requirement.deadline_months)
    due = _due(requirement.undertaking, date, months)
    return register_update(requirement, actor=actor, due_on=due, **fields)


def requirement_archive(requirement: Requirement, *, actor) -> Requirement:
    if requirement.verdicts.filter(archived_at__isnull=True).exists():
        raise ValidationError("A follow-up has a verdict on this requirement: archive that first.")
    return register_archive(requirement, actor=actor)


# --- The organisation's action plan ----------------------------------------------------------


def action_plan_step_create(
    *, organisation, actor, requirement, today=None, **fields
) -> ActionPlanStep:
    """A step entered by the organisation itself (``organisation`` is the subject) or by the
    assessor from the documents received (``organisation`` is the assessor)."""
    today = today or clock.today()
    if organisation.pk == requirement.organisation_id:
        entered_by = EnteredBy.ASSESSOR
    elif organisation.pk == requirement.subject_id:
        entered_by = EnteredBy.SUBJECT
    else:
        raise ValidationError({"requirement": "Choose a requirement of your own undertakings."})
    if requirement.undertaking.signed_on is None:
        raise ValidationError("The undertaking has not been signed yet.")
    _not_in_future(fields, {"supplied_on": "The date"}, today)
    return register_create(
        ActionPlanStep,
        organisation=requirement.organisation,
        actor=actor,
        subject=requirement.subject,
        requirement=requirement,
        entered_by=entered_by,
        **fields,
    )


def action_plan_step_update(step: ActionPlanStep, *, actor, today=None, **fields) -> ActionPlanStep:
    today = today or clock.today()
    fields.pop("requirement", None)
    _not_in_future(fields, {"supplied_on": "The date"}, today)
    return register_update(step, actor=actor, **fields)


def action_plan_step_archive(step: ActionPlanStep, *, actor) -> ActionPlanStep:
    return register_archive(step, actor=actor)


# --- Follow-ups and verdicts -----------------------------------------------------------------


def follow_up_create(*, organisation, actor, undertaking, today=None, **fields) -> FollowUp:
    today = today or clock.today()
    _own(undertaking, organisation)
    _not_in_future(fields, {"assessed_on": "The date", "referred_on": "The date referred"}, today)
    return register_create(
        FollowUp,
        organisation=organisation,
        actor=actor,
        subject=undertaking.subject,
        undertaking=undertaking,
        **fields,
    )


def follow_up_update(follow_up: FollowUp, *, actor, today=None, **fields) -> FollowUp:
    today = today or clock.today()
    fields.pop("undertaking", None)
    _not_in_future(fields, {"assessed_on": "The date", "referred_on": "The date referred"}, today)
    return register_update(follow_up, actor=actor, **fields)


def follow_up_archive(follow_up: FollowUp, *, actor) -> FollowUp:
    if IssuedReport.objects.filter(follow_up=follow_up).exists():
        raise ValidationError("Its report has been issued, so the follow-up stays on record.")
    return register_archive(follow_up, actor=actor)


def verdict_create(*, organisation, actor, follow_up, requirement, **fields) -> RequirementVerdict:
    """A verdict on one requirement of the undertaking being followed up — never another's."""
    if follow_up.organisation_id != organisation.pk:
        raise ValidationError({"follow_up": "Choose a follow-up of this organisation."})
    return register_create(
        RequirementVerdict,
        organisation=organisation,
        actor=actor,
        subject=follow_up.subject,
        follow_up=follow_up,
        requirement=requirement,
        **fields,
    )


def verdict_update(verdict: RequirementVerdict, *, actor, **fields) -> RequirementVerdict:
    fields.pop("follow_up", None)
    return register_update(verdict, actor=actor, **fields)


def verdict_archive(verdict: RequirementVerdict, *, actor) -> RequirementVerdict:
    return register_archive(verdict, actor=actor)


def action_requirements(undertaking: Undertaking):
    """The requirements a follow-up gives a verdict on (the deadline itself is worked out)."""
    return undertaking.requirements.filter(
        archived_at__isnull=True, kind=RequirementKind.ACTION
    ).order_by("number")


# --- Live snapshots --------------------------------------------------------------------------


def snapshot_create(
    *,
    organisation,
    actor,
    undertaking,
    title: str,
    source: str,
    columns: list[str],
    rows: list[list],
    follow_up=None,
    requirement=None,
    taken_at=None,
) -> LiveSnapshot:
    """Keep a register's figures as they stand now, as dated evidence."""
    _own(undertaking, organisation)
    return register_create(
        LiveSnapshot,
        organisation=organisation,
        actor=actor,
        subject=undertaking.subject,
        undertaking=undertaking,
        follow_up=follow_up,
        requirement=requirement,
        title=title,
        source=source,
        columns=list(columns),
        rows=[list(row) for row in rows],
        taken_at=taken_at or clock.now(),
        taken_by=actor if getattr(actor, "pk", None) else None,
    )


def snapshot_archive(snapshot: LiveSnapshot, *, actor) -> LiveSnapshot:
    return register_archive(snapshot, actor=actor)


TRAINING_COLUMNS = ["Department", "People", "Completed", "Percent completed"]


def training_snapshot_take(
    *, undertaking_or_followup, course, on: datetime.date, actor, requirement=None, taken_at=None
) -> LiveSnapshot:
    """The organisation's own training report — completion of ``course`` by department on
    ``on`` — kept as evidence for "monitor the uptake of training" (seeds/001, requirement 6).

    The figures are read from the subject's training records in DP Assure at this moment.
    """
    from dpassure.training.selectors import completion_by_department

    if isinstance(undertaking_or_followup, FollowUp):
        follow_up, undertaking = undertaking_or_followup, undertaking_or_followup.undertaking
    else:
        follow_up, undertaking = None, undertaking_or_followup
    if course.organisation_id != undertaking.subject_id:
        raise ValidationError({"course": "Choose a course of the organisation being followed up."})
    rows = completion_by_department(organisation=undertaking.subject, course=course, on=on)
    return snapshot_create(
        organisation=undertaking.organisation,
        actor=actor,
        undertaking=undertaking,
        follow_up=follow_up,
        requirement=requirement,
        title=f"{course.code} {course.title}: completion by department on {on:%-d %B %Y}",
        source=(
            f"{undertaking.subject.name}'s training records in DP Assure: each person's own "
            f"record of {course.code} (date, result), counted by department on {on:%-d %B %Y}."
        ),
        columns=TRAINING_COLUMNS,
        rows=[
            [str(row.department), int(row.people), int(row.completed), _percent(row.percent)]
            for row in rows
        ],
        taken_at=taken_at,
    )


def _percent(value) -> float:
    return round(float(value or 0), 1)
