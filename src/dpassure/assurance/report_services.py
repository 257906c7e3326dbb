"""Issuing the assurance report: built from the records, rendered to PDF and Word, hashed and
kept as version n+1. An issued report never changes; a changed engagement issues a new one."""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dpassure.assurance.choices import ReportStatus, Stage
from dpassure.assurance.models import Engagement, EngagementReport
from dpassure.assurance.models.reports import ISSUED_REPORT_IMMUTABLE
from dpassure.core import clock
from dpassure.rules.assurance import STAGE_ORDER

#: A report may be issued once the draft has been with the organisation for its response.
ISSUE_FROM = Stage.MANAGEMENT_RESPONSE


def issue_problems(engagement: Engagement) -> list[str]:
    """What in the records stops the report being issued, in words for the page and the API."""
    problems = []
    if STAGE_ORDER.index(engagement.stage) < STAGE_ORDER.index(ISSUE_FROM):
        problems.append(
            "Share the draft with the organisation for its management response before issuing "
            f"the report: the engagement is at {Stage(engagement.stage).label.lower()}."
        )
    scope = list(engagement.scope_areas.all())
    if not scope:
        problems.append("Agree the scope areas of the engagement before issuing the report.")
    rated = set(
        engagement.ratings.filter(archived_at__isnull=True).values_list("scope_area_id", flat=True)
    )
    unrated = [a.title for a in scope if a.pk not in rated]
    if unrated:
        problems.append(f"Rate every scope area before issuing: {', '.join(unrated)} to go.")
    if not engagement.overall_rating:
        problems.append("Give the overall assurance rating and opinion before issuing.")
    return problems


def report_issue(
    engagement: Engagement, *, actor, issued_on: datetime.date | None = None, now=None
) -> EngagementReport:
    """Issue the report as the next version: content, PDF and Word document kept together."""
    from dpassure.assurance import report, report_render

    now = now or clock.now()
    today = timezone.localtime(now).date()
    issued_on = issued_on or today
    if issued_on > today:
        raise ValidationError({"issued_on": "The date issued cannot be in the future."})
    problems = issue_problems(engagement)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
        version = (
            EngagementReport.objects.filter(
                engagement=engagement, status=ReportStatus.ISSUED
            ).count()
            + 1
        )
        content = report.engagement_report(engagement, issued_on=issued_on, version=version)
        pdf, docx = report_render.render_pdf(content), report_render.render_docx(content)
        item = EngagementReport(
            organisation=engagement.organisation,
            subject=engagement.subject,
            engagement=engagement,
            status=ReportStatus.ISSUED,
            version=version,
            issued_on=issued_on,
            issued_at=now,
            issued_by=actor if getattr(actor, "pk", None) else None,
            sha256=hashlib.sha256(pdf).hexdigest(),
            docx_sha256=hashlib.sha256(docx).hexdigest(),
            pdf=pdf,
            docx=docx,
            content=content.as_json(),
        )
        item.full_clean()
        item._history_user = actor
        item._change_reason = f"Issued version {version}"
        item.save()
    return item


def report_update(item: EngagementReport, *, actor, **fields) -> EngagementReport:
    raise ValidationError(ISSUED_REPORT_IMMUTABLE)


def report_archive(item: EngagementReport, *, actor) -> EngagementReport:
    raise ValidationError(ISSUED_REPORT_IMMUTABLE)
