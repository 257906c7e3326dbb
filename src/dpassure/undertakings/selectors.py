"""Reads for undertakings: who may see which rows, and the two dashboards.

The assessor's members see their own rows (``Scope.rows``). The organisation an undertaking is
about sees, through ``Scope.rows_about``, only what is not internal to the assessor: signed
undertakings, their requirements and deadlines, its own action plan, and issued reports —
never follow-ups in progress, draft findings, evidence notes or internal notes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from dpassure.core.registers import two_sided
from dpassure.rules import undertakings as rules
from dpassure.undertakings.choices import RequirementKind, UndertakingStatus, Verdict
from dpassure.undertakings.models import (
    ActionPlanStep,
    IssuedReport,
    Requirement,
    Undertaking,
)

#: What the organisation may see of rows about it, and which of those rows are still drafts.
#: What the organisation an undertaking is about may read of each model: never a draft.
ABOUT_US = {
    Undertaking: ~Q(status=UndertakingStatus.DRAFT),
    Requirement: ~Q(undertaking__status=UndertakingStatus.DRAFT),
    ActionPlanStep: ~Q(requirement__undertaking__status=UndertakingStatus.DRAFT),
    IssuedReport: ~Q(undertaking__status=UndertakingStatus.DRAFT),
}


def visible(scope, model) -> QuerySet:
    """The rows of ``model`` this scope may read: its own, and those about it it may see."""
    return two_sided.visible(scope, model, ABOUT_US)


def latest_issued(undertaking: Undertaking) -> IssuedReport | None:
    return (
        IssuedReport.objects.filter(undertaking=undertaking, archived_at__isnull=True)
        .order_by("-issued_at", "-id")
        .defer("pdf", "docx")
        .first()
    )


@dataclass
class Owed:
    """A requirement the organisation still owes, with its deadline and the issued finding."""

    requirement: Requirement
    verdict: str
    overdue: bool


def still_owed(undertakings, *, today: datetime.date) -> list[Owed]:
    """Requirements not found implemented in the latest issued report (or not yet followed
    up), of undertakings in force or followed up, soonest due first."""
    owed = []
    for undertaking in undertakings:
        if undertaking.status in (UndertakingStatus.DRAFT, UndertakingStatus.CLOSED):
            continue
        report = latest_issued(undertaking)
        issued = report.verdicts if report else {}
        for requirement in undertaking.requirements.filter(
            archived_at__isnull=True, kind=RequirementKind.ACTION
        ).order_by("number"):
            verdict = issued.get(str(requirement.number))
            if rules.is_met(verdict):
                continue
            owed.append(
                Owed(
                    requirement=requirement,
                    verdict=Verdict(verdict).label if verdict else "Not yet followed up",
                    overdue=rules.is_overdue(due=requirement.due_on, verdict=verdict, today=today),
                )
            )
    far = datetime.date.max
    return sorted(owed, key=lambda o: (o.requirement.due_on or far, o.requirement.number))


@dataclass
class AssessorBoard:
    by_status: list[tuple[str, str, int]] = field(default_factory=list)
    follow_ups_due: list[Undertaking] = field(default_factory=list)
    not_implemented: list[Owed] = field(default_factory=list)
    overdue: list[Owed] = field(default_factory=list)


def assessor_board(scope, *, today: datetime.date) -> AssessorBoard:
    """For assessors: undertakings by status, follow-ups due, requirements the latest issued
    follow-up found not implemented, and deadlines passed without implementation."""
    own = list(scope.rows(Undertaking).filter(archived_at__isnull=True).select_related("subject"))
    board = AssessorBoard()
    for value, label in UndertakingStatus.choices:
        board.by_status.append((value, label, sum(u.status == value for u in own)))
    for undertaking in own:
        if undertaking.status != UndertakingStatus.IN_FORCE:
            continue
        deadlines = undertaking.requirements.filter(archived_at__isnull=True).values_list(
            "due_on", flat=True
        )
        if rules.follow_up_due(deadlines=deadlines, followed_up=False, today=today):
            board.follow_ups_due.append(undertaking)
    owed = still_owed(own, today=today)
    board.not_implemented = [o for o in owed if o.verdict != "Not yet followed up"]
    board.overdue = [o for o in owed if o.overdue]
    return board


def owed_by_us(scope, *, today: datetime.date) -> list[Owed]:
    """For the organisation an undertaking is about: what it still owes, and by when."""
    about = scope.rows_about(Undertaking).exclude(status=UndertakingStatus.DRAFT)
    about = about.filter(archived_at__isnull=True)
    return still_owed(about.select_related("organisation"), today=today)
