"""Reads with logic: the incidents dashboard figures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from statistics import median

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from dpassure.incidents.choices import Cause
from dpassure.rules import breach
from dpassure.rules.calendars import add_calendar_months

NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Month:
    """One month's incidents and near misses, split by cause and by department in the order
    of :attr:`IncidentDashboard.causes` and :attr:`IncidentDashboard.departments`."""

    key: str  # YYYY-MM, as the incident list's ``month`` filter takes it
    label: str
    incidents: int
    near_misses: int
    breaches: int  # recorded as personal data breaches at triage
    by_cause: tuple[int, ...]
    by_department: tuple[int, ...]

    @property
    def total(self) -> int:
        return self.incidents + self.near_misses


@dataclass(frozen=True)
class IncidentDashboard:
    months: list[Month]
    #: (value, label) of each cause recorded in the period; value "" for none recorded.
    causes: list[tuple[str, str]]
    #: (pk, name) of each department recorded in the period; pk None for none recorded.
    departments: list[tuple[int | None, str]]
    reported: int
    reported_in_time: int
    reported_late: int
    percent_in_time: float | None
    median_hours: float | None
    max_hours: float | None
    #: (pk, reference) of the breach that took longest to report.
    slowest: tuple[int, str] | None
    open_actions: int
    overdue_actions: int
    overdue_spot_checks: int


def incident_dashboard(
    queryset: QuerySet,
    *,
    actions: QuerySet,
    spot_checks: QuerySet,
    today: datetime.date,
) -> IncidentDashboard:
    """Incidents and near misses per month over the last 12 months (by when they were
    discovered), by cause and by department; how quickly breaches were reported to the ICO,
    measured from awareness (all reported breaches, so each figure matches the incident list's
    filters); open and overdue actions; overdue spot checks.

    Four queries however many rows: the monthly counts, the reported breaches' times, the
    actions and the spot checks. Archived rows are left out.
    """
    first_month = add_calendar_months(today.replace(day=1), -11)
    after_last = add_calendar_months(today.replace(day=1), 1)
    live = queryset.filter(archived_at__isnull=True)
    groups = list(
        live.filter(
            discovered_at__gte=_start_of(first_month), discovered_at__lt=_start_of(after_last)
        )
        .annotate(month=TruncMonth("discovered_at"))
        .values(
            "month",
            "is_near_miss",
            "is_personal_data_breach",
            "cause",
            "department_id",
            "department__name",
        )
        .annotate(count=Count("pk"))
        .order_by()
    )
    causes = _causes({g["cause"] for g in groups})
    departments = sorted(
        {(g["department_id"], g["department__name"] or NOT_RECORDED) for g in groups},
        key=lambda d: (d[0] is None, d[1].casefold(), d[0] or 0),
    )
    cause_at = {value: i for i, (value, _) in enumerate(causes)}
    department_at = {pk: i for i, (pk, _) in enumerate(departments)}
    tallies: dict[str, dict] = {}
    for group in groups:
        key = f"{timezone.localtime(group['month']):%Y-%m}"
        tally = tallies.setdefault(
            key,
            {
                "incidents": 0,
                "near_misses": 0,
                "breaches": 0,
                "causes": [0] * len(causes),
                "departments": [0] * len(departments),
            },
        )
        tally["near_misses" if group["is_near_miss"] else "incidents"] += group["count"]
        if group["is_personal_data_breach"]:
            tally["breaches"] += group["count"]
        tally["causes"][cause_at[group["cause"]]] += group["count"]
        tally["departments"][department_at[group["department_id"]]] += group["count"]
    months, cursor = [], first_month
    while cursor < after_last:
        key = f"{cursor:%Y-%m}"
        tally = tallies.get(key)
        months.append(
            Month(
                key=key,
                label=f"{cursor:%b %Y}",
                incidents=tally["incidents"] if tally else 0,
                near_misses=tally["near_misses"] if tally else 0,
                breaches=tally["breaches"] if tally else 0,
                by_cause=tuple(tally["causes"]) if tally else (0,) * len(causes),
                by_department=tuple(tally["departments"]) if tally else (0,) * len(departments),
            )
        )
        cursor = add_calendar_months(cursor, 1)

    # Reported breaches whose 72-hour clock ran (the incident list's ``reported_late`` filter
    # splits exactly these into late and in time).
    timings = []
    for pk, reference, aware_at, discovered_at, reported_at in live.filter(
        reported_to_ico_at__isnull=False, report_due_at__isnull=False
    ).values_list("pk", "reference", "aware_at", "discovered_at", "reported_to_ico_at"):
        starts = aware_at or discovered_at
        hours = (reported_at - starts).total_seconds() / 3600
        timings.append((hours, pk, reference, breach.reported_late(starts, reported_at)))
    late = sum(1 for *_, was_late in timings if was_late)
    slowest = max(timings, default=None)

    action_counts = actions.filter(archived_at__isnull=True, done_on__isnull=True).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
    overdue_checks = spot_checks.filter(
        archived_at__isnull=True, done_on__isnull=True, due_on__lt=today
    ).count()

    return IncidentDashboard(
        months=months,
        causes=causes,
        departments=departments,
        reported=len(timings),
        reported_in_time=len(timings) - late,
        reported_late=late,
        percent_in_time=round(100 * (len(timings) - late) / len(timings), 1) if timings else None,
        median_hours=round(median(t[0] for t in timings), 1) if timings else None,
        max_hours=round(slowest[0], 1) if slowest else None,
        slowest=(slowest[1], slowest[2]) if slowest else None,
        open_actions=action_counts["open"],
        overdue_actions=action_counts["overdue"],
        overdue_spot_checks=overdue_checks,
    )


def _causes(recorded: set[str]) -> list[tuple[str, str]]:
    """The causes recorded, in the order of :class:`Cause`, then "not recorded"."""
    causes = [(c.value, c.label) for c in Cause if c.value in recorded]
    if "" in recorded:
        causes.append(("", NOT_RECORDED))
    return causes


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in UK time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
