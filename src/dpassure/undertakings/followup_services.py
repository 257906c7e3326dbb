"""Writes for what a follow-up reviews and what it issues: evidence (with uploaded files),
breaches since the undertaking, and the immutable, versioned, hashed follow-up report."""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dpassure.core import clock
from dpassure.core import evidence as files
from dpassure.core.services import register_archive, register_create, register_update
from dpassure.undertakings.models import (
    ISSUED_REPORT_IMMUTABLE,
    EvidenceItem,
    FollowUp,
    IssuedReport,
    SubsequentBreach,
)
from dpassure.undertakings.services import _not_in_future, action_requirements, refresh_status


def _own(follow_up: FollowUp, organisation) -> None:
    if follow_up.organisation_id != organisation.pk:
        raise ValidationError({"follow_up": "Choose a follow-up of this organisation."})


# --- Evidence reviewed -----------------------------------------------------------------------


def _file_fields(upload) -> dict:
    found = files.sniff(upload)
    upload.seek(0)
    return {
        "file": ContentFile(upload.read(), name=found.file_name),
        "file_name": found.file_name,
        "content_type": found.content_type,
        "size": found.size,
        "sha256": found.sha256,
    }


def evidence_item_create(
    *, organisation, actor, follow_up, upload=None, today=None, **fields
) -> EvidenceItem:
    """A document reviewed; an uploaded file is checked by its content and hashed."""
    today = today or clock.today()
    _own(follow_up, organisation)
    _not_in_future(fields, {"received_on": "The date received"}, today)
    stored = _file_fields(upload) if upload else {}
    return register_create(
        EvidenceItem,
        organisation=organisation,
        actor=actor,
        subject=follow_up.subject,
        follow_up=follow_up,
        **fields,
        **stored,
    )


def evidence_item_update(item: EvidenceItem, *, actor, upload=None, today=None, **fields):
    today = today or clock.today()
    fields.pop("follow_up", None)
    _not_in_future(fields, {"received_on": "The date received"}, today)
    stored = _file_fields(upload) if upload else {}
    return register_update(item, actor=actor, **fields, **stored)


def evidence_item_archive(item: EvidenceItem, *, actor) -> EvidenceItem:
    return register_archive(item, actor=actor)


# --- Breaches since the undertaking ----------------------------------------------------------


def reportable_incidents(follow_up: FollowUp):
    """The subject's own incidents the assessor may link: personal data breaches reported to
    the ICO since the undertaking was signed — what the regulator already knows of."""
    from dpassure.incidents.models import Incident

    signed = follow_up.undertaking.signed_on
    incidents = Incident.objects.filter(
        organisation=follow_up.subject,
        archived_at__isnull=True,
        is_personal_data_breach=True,
        reported_to_ico_at__isnull=False,
    )
    if signed:
        incidents = incidents.filter(reported_to_ico_at__date__gte=signed)
    return incidents.order_by("reported_to_ico_at", "id")


def _incident(follow_up: FollowUp, reference: str):
    reference = (reference or "").strip()
    if not reference:
        return None
    incident = reportable_incidents(follow_up).filter(reference=reference).first()
    if incident is None:
        raise ValidationError(
            {
                "incident_reference": f"{follow_up.subject} has no breach {reference} reported to "
                "the ICO since the undertaking was signed."
            }
        )
    return incident


def subsequent_breach_create(
    *, organisation, actor, follow_up, incident_reference: str = "", today=None, **fields
) -> SubsequentBreach:
    """From the organisation's incident register (by reference) or as recorded by the assessor."""
    today = today or clock.today()
    _own(follow_up, organisation)
    _not_in_future(fields, {"occurred_on": "The date reported"}, today)
    incident = _incident(follow_up, incident_reference)
    if incident is not None and not fields.get("occurred_on"):
        fields["occurred_on"] = incident.reported_to_ico_at.date()
    return register_create(
        SubsequentBreach,
        organisation=organisation,
        actor=actor,
        subject=follow_up.subject,
        follow_up=follow_up,
        incident=incident,
        **fields,
    )


def subsequent_breach_update(
    breach: SubsequentBreach, *, actor, incident_reference=None, today=None, **fields
) -> SubsequentBreach:
    today = today or clock.today()
    fields.pop("follow_up", None)
    _not_in_future(fields, {"occurred_on": "The date reported"}, today)
    if incident_reference is not None:
        fields["incident"] = _incident(breach.follow_up, incident_reference)
    return register_update(breach, actor=actor, **fields)


def subsequent_breach_archive(breach: SubsequentBreach, *, actor) -> SubsequentBreach:
    return register_archive(breach, actor=actor)


# --- Issuing the report ----------------------------------------------------------------------


def issue_problems(follow_up: FollowUp) -> list[str]:
    """What in the records stops the report being issued, in words for the page and the API."""
    problems = []
    judged = set(
        follow_up.verdicts.filter(archived_at__isnull=True).values_list("requirement_id", flat=True)
    )
    missing = [r.number for r in action_requirements(follow_up.undertaking) if r.pk not in judged]
    if missing:
        listed = ", ".join(str(n) for n in missing)
        problems.append(f"Give a verdict on every requirement before issuing: {listed} to go.")
    if not action_requirements(follow_up.undertaking).exists():
        problems.append("The undertaking has no requirements to report on.")
    return problems


def follow_up_issue(
    follow_up: FollowUp, *, actor, issued_on: datetime.date | None = None, now=None
) -> IssuedReport:
    """Issue the follow-up report: build it from the records, render the PDF and the Word
    document, hash both and keep them as version n+1. Nothing issued is ever changed."""
    from dpassure.undertakings import report

    now = now or clock.now()
    today = timezone.localtime(now).date()
    issued_on = issued_on or today
    if issued_on > today:
        raise ValidationError({"issued_on": "The date issued cannot be in the future."})
    if issued_on < follow_up.assessed_on:
        raise ValidationError(
            {"issued_on": "The report cannot be issued before the follow-up assessment."}
        )
    problems = issue_problems(follow_up)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        FollowUp.objects.select_for_update().filter(pk=follow_up.pk).first()
        version = IssuedReport.objects.filter(follow_up=follow_up).count() + 1
        content = report.follow_up_report(follow_up, issued_on=issued_on, version=version)
        pdf, docx = report.render_pdf(content), report.render_docx(content)
        issued = register_create(
            IssuedReport,
            organisation=follow_up.organisation,
            actor=actor,
            subject=follow_up.subject,
            follow_up=follow_up,
            undertaking=follow_up.undertaking,
            version=version,
            issued_on=issued_on,
            issued_at=now,
            issued_by=actor if getattr(actor, "pk", None) else None,
            sha256=hashlib.sha256(pdf).hexdigest(),
            docx_sha256=hashlib.sha256(docx).hexdigest(),
            pdf=pdf,
            docx=docx,
            verdicts=content.verdicts,
        )
        refresh_status(follow_up.undertaking, actor=actor)
    return issued


def issued_report_update(report: IssuedReport, *, actor, **fields) -> IssuedReport:
    raise ValidationError(ISSUED_REPORT_IMMUTABLE)


def issued_report_archive(report: IssuedReport, *, actor) -> IssuedReport:
    raise ValidationError(ISSUED_REPORT_IMMUTABLE)
