"""Reads behind the training reports: who is behind each figure, who must lose access, new
starters, pass rates and score bands, and the completion trend.

Every list here starts from :func:`dpassure.training.selectors.people_with_status`, the same
query the completion table counts, so the people a figure links to are exactly the people it
counts. Dates that need month arithmetic (expiry, due dates) come from the rules in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Value

from dpassure.organisations.models import Person
from dpassure.rules import training as rules
from dpassure.rules.calendars import add_calendar_months
from dpassure.rules.training import TrainingStatus
from dpassure.training.choices import CourseKind
from dpassure.training.models import Course
from dpassure.training.selectors import (
    COMPLETED_Q,
    Completion,
    DepartmentCompletion,
    completion_by_department,
    completion_on_days,
    is_refresher,
    overall,
    people_with_status,
    policy_for,
)

ONE_DAY = datetime.timedelta(days=1)
NO_DEPARTMENT_KEY = "none"


class Figure:
    """The figures of the completion table, as the drill-down's ``status`` filter takes them."""

    REQUIRED = ""
    COMPLETED = "completed"
    DUE_SOON = TrainingStatus.DUE_SOON.value
    OVERDUE = TrainingStatus.OVERDUE.value
    NEVER_COMPLETED = TrainingStatus.NEVER_COMPLETED.value
    NOT_COMPLETED = "not_completed"
    MUST_LOSE_ACCESS = "must_lose_access"

    CHOICES = [
        (COMPLETED, "Completed (pass in date)"),
        (DUE_SOON, "Due soon"),
        (OVERDUE, "Overdue"),
        (NEVER_COMPLETED, "Never completed"),
        (NOT_COMPLETED, "Overdue or never completed"),
        (MUST_LOSE_ACCESS, "Must not have system access"),
    ]


FIGURE_FILTERS = {
    Figure.COMPLETED: COMPLETED_Q,
    Figure.DUE_SOON: Q(training_status=TrainingStatus.DUE_SOON),
    Figure.OVERDUE: Q(training_status=TrainingStatus.OVERDUE),
    Figure.NEVER_COMPLETED: Q(training_status=TrainingStatus.NEVER_COMPLETED),
    Figure.NOT_COMPLETED: Q(
        training_status__in=(TrainingStatus.OVERDUE, TrainingStatus.NEVER_COMPLETED)
    ),
    Figure.MUST_LOSE_ACCESS: Q(must_lose_access=True),
}


# --- Whose figures ----------------------------------------------------------------------------


def live_people(people: QuerySet) -> QuerySet:
    """The people a report counts: the caller's scope, less archived records."""
    return people.filter(archived_at__isnull=True)


def reportable_courses(courses: QuerySet) -> QuerySet:
    return courses.filter(archived_at__isnull=True).order_by("code")


def default_course(courses: QuerySet, *, kind: str | None = None):
    """The course a report opens on: the first course that gates access (the one the
    undertaking is about), otherwise the first; of ``kind`` only, if given."""
    live = reportable_courses(courses)
    if kind:
        live = live.filter(kind=kind)
    return live.filter(gates_access=True).first() or live.first()


def completion_table(people: QuerySet, *, course: Course, on: datetime.date):
    """The completion table: one row per department and the overall row."""
    rows = completion_by_department(
        organisation=course.organisation, course=course, on=on, people=live_people(people)
    )
    return rows, overall(rows)


def department_key(row: DepartmentCompletion) -> str:
    """What the drill-down's ``department`` filter takes for a table row."""
    return NO_DEPARTMENT_KEY if row.department_id is None else str(row.department_id)


def people_behind(
    people: QuerySet,
    *,
    course: Course,
    on: datetime.date,
    policy: rules.TrainingPolicy,
    figure: str = Figure.REQUIRED,
    department: str = "",
) -> QuerySet:
    """The named people behind one figure of the completion table (``department``: a pk, or
    ``"none"`` for people with no department; empty for all)."""
    queryset = people_with_status(
        in_department(live_people(people), department),
        course=course,
        on=on,
        policy=policy,
        few=bool(department),
    )
    return queryset.filter(FIGURE_FILTERS[figure]) if figure else queryset


def in_department(people: QuerySet, department: str) -> QuerySet:
    """The people of one department (``department``: a pk, or ``"none"`` for people with no
    department; empty for all)."""
    if department == NO_DEPARTMENT_KEY:
        return people.filter(department__isnull=True)
    return people.filter(department_id=department) if department else people


# --- Dates for each person ---------------------------------------------------------------------


def counts_from(person) -> datetime.date:
    """The day from which a pass counts (rules.training.counts_from) for a row of
    ``people_with_status``: the start date, or the day after a break that restarts training."""
    restart_end = getattr(person, "restart_end", None)
    return max(person.start_date, restart_end + ONE_DAY) if restart_end else person.start_date


def due_on(person, *, course: Course, policy: rules.TrainingPolicy) -> datetime.date | None:
    """When the person's next pass is needed (rules.training.Assessment.due_on)."""
    months = rules.refresher_months(policy, course.validity_months)
    if person.last_pass is not None:
        return rules.expires_on(person.last_pass, months)
    return rules.first_due(
        counts_from(person), policy=policy, months=months, refresher=is_refresher(course)
    )


@dataclass(frozen=True)
class AccessGap:
    """Why someone must not have system access, and since when."""

    reason: str
    since: datetime.date


def access_gap(person, *, course: Course, policy: rules.TrainingPolicy) -> AccessGap:
    """For a person with ``must_lose_access``: the reason in IT's words and the first day
    without an in-date pass (policy 9.1: before the first pass; 9.5: once it expires)."""
    if person.last_pass is not None:
        expiry = due_on(person, course=course, policy=policy)
        return AccessGap(f"Pass of {person.last_pass:%-d %B %Y} expired", expiry + ONE_DAY)
    since = counts_from(person)
    if person.training_status == TrainingStatus.DUE_SOON:
        return AccessGap("New starter: not yet passed", since)
    if since > person.start_date:
        return AccessGap("Not passed since returning from a break in service", since)
    return AccessGap("Never completed", since)


# --- The access-gating list ------------------------------------------------------------------


@dataclass(frozen=True)
class GatingRow:
    pk: int
    employee_number: str
    first_name: str
    last_name: str
    email: str
    department: str
    job_title: str
    course: Course
    training_status: str
    reason: str
    since: datetime.date

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def status_label(self) -> str:
        return TrainingStatus(self.training_status).label


GATING_FIELDS = (
    "pk",
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "job_title",
    "start_date",
    "training_status",
    "last_pass",
    "restart_end",
    "department_name",
    "course_id",
)


def gating_rows(
    people: QuerySet, *, courses: list[Course], on: datetime.date, policy: rules.TrainingPolicy
) -> QuerySet:
    """Everyone who must not have (or must lose) system access on ``on`` under any of these
    gating courses, one row per person and course, by name: a queryset of dicts (one UNION
    query over the courses), made into :class:`GatingRow` by :func:`gating_row`."""
    parts = []
    for course in courses:
        assessed = people_with_status(live_people(people), course=course, on=on, policy=policy)
        assessed = assessed.filter(must_lose_access=True)
        parts.append(
            assessed.annotate(course_id=Value(course.pk), department_name=F("department__name"))
            .order_by()
            .values(*GATING_FIELDS)
        )
    if not parts:
        return Person.objects.none().values(*GATING_FIELDS[:7])
    rows = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], all=True)
    return rows.order_by("last_name", "first_name", "pk", "course_id")


class _Row:
    """Attribute access over a values() dict, for the rules' helpers."""

    def __init__(self, values: dict):
        self.__dict__.update(values)


def gating_row(values: dict, *, courses: dict[int, Course], policy) -> GatingRow:
    course = courses[values["course_id"]]
    gap = access_gap(_Row(values), course=course, policy=policy)
    return GatingRow(
        pk=values["pk"],
        employee_number=values["employee_number"],
        first_name=values["first_name"],
        last_name=values["last_name"],
        email=values["email"],
        department=values["department_name"] or "",
        job_title=values["job_title"],
        course=course,
        training_status=values["training_status"],
        reason=gap.reason,
        since=gap.since,
    )


# --- New starters without induction ---------------------------------------------------------


def new_starters_without_induction(
    people: QuerySet,
    *,
    course: Course,
    on: datetime.date,
    days: int,
    policy: rules.TrainingPolicy,
    department: str = "",
) -> QuerySet:
    """People who started in the ``days`` days up to ``on`` and have no in-date pass of
    ``course`` (an induction course) on ``on``, newest first (of one ``department``, as
    :func:`in_department` takes it). New starters are few, so only their passes are read."""
    since = on - datetime.timedelta(days=days)
    people = in_department(live_people(people), department).filter(start_date__gt=since)
    return people_with_status(people, course=course, on=on, policy=policy, few=True).exclude(
        COMPLETED_Q
    )


def induction_courses(courses: QuerySet) -> QuerySet:
    return reportable_courses(courses).filter(kind=CourseKind.INDUCTION)


# --- Pass rates and score bands ----------------------------------------------------------------

SCORE_BANDS = [(0, 50), (50, 60), (60, 70), (70, 80), (80, 90), (90, 101)]


def band_label(low: int, high: int) -> str:
    return f"{low}–{min(high - 1, 100)}" if high <= 100 else f"{low}–100"


@dataclass(frozen=True)
class CourseScores:
    course: Course
    attempts: int
    passes: int
    failures: int
    scored: int
    bands: tuple[int, ...]  # counts in SCORE_BANDS order

    @property
    def pass_rate(self) -> int | None:
        """Passes as a whole percentage of attempts, rounded half up."""
        return int(self.passes * 100 / self.attempts + 0.5) if self.attempts else None

    @property
    def unscored(self) -> int:
        return self.attempts - self.scored

    def band_rows(self) -> list[dict]:
        widest = max(self.bands, default=0) or 1
        return [
            {
                "label": band_label(low, high),
                "count": count,
                "percent": int(count * 100 / self.scored + 0.5) if self.scored else 0,
                "width": round(count * 100 / widest, 1),
            }
            for (low, high), count in zip(SCORE_BANDS, self.bands, strict=True)
        ]


def course_scores(
    records: QuerySet, *, courses: list[Course], start: datetime.date, end: datetime.date
) -> list[CourseScores]:
    """Attempts, passes, failures and score bands of each course for results dated from
    ``start`` to ``end`` inclusive (archived records left out). One query."""
    band_counts = {
        f"band_{i}": Count(
            "pk", filter=Q(score__gte=Decimal(low)) & Q(score__lt=Decimal(min(high, 101)))
        )
        for i, (low, high) in enumerate(SCORE_BANDS)
    }
    totals = {
        row["course_id"]: row
        for row in records.filter(
            archived_at__isnull=True,
            completed_on__gte=start,
            completed_on__lte=end,
            course__in=[c.pk for c in courses],
        )
        .order_by()
        .values("course_id")
        .annotate(
            attempts=Count("pk"),
            passes=Count("pk", filter=Q(passed=True)),
            scored=Count("score"),
            **band_counts,
        )
    }
    results = []
    for course in courses:
        row = totals.get(course.pk, {})
        attempts, passes = row.get("attempts", 0), row.get("passes", 0)
        results.append(
            CourseScores(
                course=course,
                attempts=attempts,
                passes=passes,
                failures=attempts - passes,
                scored=row.get("scored", 0),
                bands=tuple(row.get(f"band_{i}", 0) for i in range(len(SCORE_BANDS))),
            )
        )
    return results


# --- Completion over time ----------------------------------------------------------------------


def month_ends(on: datetime.date, count: int = 12) -> list[datetime.date]:
    """The last day of each of the ``count`` months up to ``on``, oldest first; the current
    month's point is ``on`` itself (its month has not ended)."""
    first = on.replace(day=1)
    ends = [add_calendar_months(first, -i + 1) - ONE_DAY for i in range(1, count)]
    return sorted([*ends, on])


def completion_trend(
    people: QuerySet, *, course: Course, on: datetime.date, months: int = 12
) -> list[Completion]:
    """Completion of ``course`` at each month end over the last ``months`` months, oldest
    first: the overall figure of the completion table on each day, in one statement."""
    return completion_on_days(
        live_people(people),
        course=course,
        days=month_ends(on, months),
        policy=policy_for(course.organisation),
    )
