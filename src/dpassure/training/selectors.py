"""Reads of training status: one person in Python, whole organisations in SQL.

:func:`assess_person` applies the rules in ``dpassure.rules.training`` to one person.
:func:`people_with_status` expresses the same rules as a query, so that reports over a quarter
of a million people are a single SQL statement; the two are checked against each other in
``tests/training/test_selectors.py``. The month arithmetic never runs in SQL: the cut-off
dates and the breaks that restart training are computed by the rules in Python first.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.sql.constants import LOUTER
from django_cte import CTE, with_cte

from dpassure.organisations.models import Department, Person, ServiceBreak
from dpassure.rules import training as rules
from dpassure.rules.service import Break
from dpassure.rules.training import TrainingStatus
from dpassure.training.choices import Audience, CourseKind
from dpassure.training.models import Course, TrainingPolicy, TrainingRecord

ONE_DAY = datetime.timedelta(days=1)
IN_DATE = (TrainingStatus.COMPLIANT, TrainingStatus.DUE_SOON)


def policy_for(organisation) -> rules.TrainingPolicy:
    """The organisation's training policy, or the default policy if it has not set one."""
    saved = TrainingPolicy.objects.filter(organisation=organisation).first()
    return saved.as_rule() if saved else rules.DEFAULT_POLICY


# --- Who must take a course ----------------------------------------------------------------


def department_and_descendants(departments) -> set[int]:
    """The ids of these departments and every department inside them."""
    wanted = {department.pk for department in departments}
    if not wanted:
        return set()
    organisation_id = next(iter(departments)).organisation_id
    children: dict[int, list[int]] = {}
    for pk, parent in Department.objects.filter(organisation_id=organisation_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent, []).append(pk)
    found, todo = set(), list(wanted)
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


def audience_q(course: Course) -> Q:
    """People who must take the course: everyone, or those in its departments (and the
    departments inside them) or with one of its roles or ranks."""
    if course.audience == Audience.EVERYONE:
        return Q()
    query = Q(pk__in=[])
    department_ids = department_and_descendants(list(course.departments.all()))
    if department_ids:
        query |= Q(department_id__in=department_ids)
    titles = course.job_title_list
    if titles:
        query |= Q(job_title__in=titles)
    return query


def is_refresher(course: Course) -> bool:
    """A refresher course is first due one refresher interval after joining (rules)."""
    return course.kind == CourseKind.REFRESHER


def is_required(course: Course, person: Person) -> bool:
    if course.audience == Audience.EVERYONE:
        return True
    if person.job_title in course.job_title_list:
        return True
    ids = department_and_descendants(list(course.departments.all()))
    return person.department_id in ids


# --- Breaks in service -----------------------------------------------------------------------


def restarting_break_ids(organisation, *, on: datetime.date, policy: rules.TrainingPolicy):
    """The ids of the organisation's breaks ended before ``on`` that restart training."""
    breaks = ServiceBreak.objects.filter(
        organisation=organisation, archived_at__isnull=True, end_date__lt=on
    ).values_list("pk", "start_date", "end_date", "returned_in_different_role")
    return [
        pk
        for pk, start, end, different_role in breaks
        if rules.restarts_training(Break(start, end), policy, different_role=different_role)
    ]


def _away(on: datetime.date) -> QuerySet:
    """Breaks in service that cover ``on``."""
    return ServiceBreak.objects.filter(archived_at__isnull=True, start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def _employed_q(on: datetime.date) -> Q:
    """Started, and not left (the leaving date is their last day)."""
    return Q(start_date__lte=on) & (Q(leaving_date__isnull=True) | Q(leaving_date__gte=on))


def in_service_q(on: datetime.date) -> Q:
    """People in service on ``on``: employed and not on a break (rules.service.in_service),
    as a WHERE condition (the breaks as an anti-join)."""
    return _employed_q(on) & ~Exists(_away(on).filter(person=OuterRef("pk")))


def in_service_filter(on: datetime.date, organisation) -> Q:
    """The same as :func:`in_service_q` for an aggregate's FILTER, where a correlated
    subquery would run once a person: the organisation's breaks on the day as one set."""
    away = _away(on).filter(organisation=organisation).values("person_id")
    return _employed_q(on) & ~Q(pk__in=away)


# --- One person ----------------------------------------------------------------------------


def assess_person(
    person: Person, course: Course, *, on: datetime.date, policy: rules.TrainingPolicy
) -> rules.Assessment:
    """The rules applied to one person's records (the reference the SQL is checked against)."""
    breaks = [
        (Break(b.start_date, b.end_date), b.returned_in_different_role)
        for b in person.service_breaks.filter(archived_at__isnull=True)
    ]
    passes = TrainingRecord.objects.filter(
        person=person, course=course, passed=True, archived_at__isnull=True
    ).values_list("completed_on", flat=True)
    return rules.assess(
        on,
        required=is_required(course, person),
        start=person.start_date,
        leaving=person.leaving_date,
        breaks=[b for b, _ in breaks],
        restarting_breaks=[
            b
            for b, different in breaks
            if rules.restarts_training(b, policy, different_role=different)
        ],
        passes=list(passes),
        validity_months=course.validity_months,
        refresher=is_refresher(course),
        policy=policy,
    )


# --- Everyone, in SQL -----------------------------------------------------------------------


@dataclass(frozen=True)
class StatusRule:
    """The training rules for one course on one day as conditions on a person's latest pass
    (the annotation ``latest``), the end of their latest break that restarts training
    (``restart``, if any break does) and their start date. Every condition is true or false,
    never NULL. :func:`status_rule` makes it; the status of each person and the trend's counts
    are both read from it, so they cannot disagree."""

    counted: Q  # a pass that counts: since the start, and after any restarting break
    in_date: Q  # ... and not expired
    expiring: Q | None  # ... and expiring within the due-soon window
    within_grace: Q  # a new starter (or returner) still inside the grace period

    def status(self) -> Case:
        whens = [
            (self.expiring, TrainingStatus.DUE_SOON),
            (self.in_date, TrainingStatus.COMPLIANT),
            (self.counted, TrainingStatus.OVERDUE),
            (self.within_grace, TrainingStatus.DUE_SOON),
        ]
        return Case(
            *(When(q, then=Value(status.value)) for q, status in whens if q is not None),
            default=Value(TrainingStatus.NEVER_COMPLETED.value),
            output_field=CharField(),
        )


def status_rule(
    *,
    course: Course,
    on: datetime.date,
    policy: rules.TrainingPolicy,
    latest: str,
    restart: str | None,
) -> StatusRule:
    """The rules' cut-off dates for ``on`` (month arithmetic in Python, by the rules) as
    conditions on the annotations named ``latest`` and ``restart``."""
    months = rules.refresher_months(policy, course.validity_months)
    cutoff = rules.earliest_pass_in_date(on, months)
    soon = on + datetime.timedelta(days=policy.due_soon_days)
    soon_cutoff = rules.earliest_pass_in_date(soon, months)
    grace_from = rules.first_due_cutoff(
        on, policy=policy, months=months, refresher=is_refresher(course)
    )

    def when(name: str, lookup: str, value) -> Q:
        return Q(**{f"{name}__{lookup}": value})

    within_grace = Q(start_date__gte=grace_from)
    counted = when(latest, "isnull", False) & when(latest, "gte", F("start_date"))
    if restart:
        returned = when(restart, "isnull", False) & when(restart, "gte", grace_from - ONE_DAY)
        within_grace |= returned
        counted &= when(restart, "isnull", True) | when(latest, "gt", F(restart))
    in_date = counted & when(latest, "gte", cutoff) if cutoff else counted
    expiring = in_date & when(latest, "lt", soon_cutoff) if soon_cutoff else None
    return StatusRule(counted, in_date, expiring, within_grace)


def _latest_passes(course: Course, days: list[datetime.date], *, of=None) -> CTE:
    """Each person's latest pass of ``course`` on or before each day (``latest_0``, …), one
    row a person; ``of``: only these people's passes."""
    passes = TrainingRecord.objects.filter(
        course=course, passed=True, archived_at__isnull=True, completed_on__lte=max(days)
    )
    if of is not None:
        passes = passes.filter(person__in=of.order_by().values("pk"))
    columns = {
        f"latest_{i}": Max("completed_on", filter=Q(completed_on__lte=day) if i else None)
        for i, day in enumerate(sorted(days, reverse=True))
    }
    return CTE(
        passes.order_by().values("person_id").annotate(**columns),
        name=f"latest_pass_{course.pk}",
    )


def _restarting_breaks(course: Course, days: list[datetime.date], policy) -> CTE | None:
    """Each person's latest break that restarts training, ended before each day
    (``restart_0``, …); None if no break restarts anyone's training. Whether a break restarts
    training does not depend on the day (rules.training.restarts_training), so the breaks
    ended before the last day are chosen once and each day keeps those ended before it."""
    days = sorted(days, reverse=True)
    chosen = restarting_break_ids(course.organisation, on=days[0], policy=policy)
    if not chosen:
        return None
    columns = {
        f"restart_{i}": Max("end_date", filter=Q(end_date__lt=day) if i else None)
        for i, day in enumerate(days)
    }
    return CTE(
        ServiceBreak.objects.filter(pk__in=chosen)
        .order_by()
        .values("person_id")
        .annotate(**columns),
        name=f"restart_{course.pk}",
    )


def _joined(people: QuerySet, ctes: list) -> QuerySet:
    """``people`` with each CTE left-joined on the person and all its columns annotated."""
    for cte in ctes:
        people = cte.join(people, pk=cte.col.person_id, _join_type=LOUTER)
        names = [name for name in cte.query.annotations if name != "person_id"]
        people = people.annotate(**{name: getattr(cte.col, name) for name in names})
    return with_cte(*ctes, select=people)


def people_with_status(
    people: QuerySet,
    *,
    course: Course,
    on: datetime.date,
    policy: rules.TrainingPolicy,
    few: bool = False,
) -> QuerySet:
    """The people who must take ``course`` and are in service on ``on``, each annotated with
    ``last_pass`` (latest pass that counts, or None), ``restart_end`` (end of the latest break
    that restarts training, or None), ``training_status`` (a TrainingStatus value) and
    ``must_lose_access``. ``people`` comes from the caller's scope.

    The latest pass and the latest restarting break are computed once per person as common
    table expressions (django-cte) and joined, so the status expressions, which refer to each
    several times, read a column instead of re-running a subquery, and no join multiplies
    every pass by every person (bench/training_report.py). The lists and the counts of the
    completion table are all this one query. ``few``: ``people`` is a small part of the
    organisation (one department), so read only their passes, not the course's.
    """
    required = people.filter(audience_q(course)).filter(in_service_q(on))
    latest = _latest_passes(course, [on], of=required if few else None)
    restarts = _restarting_breaks(course, [on], policy)
    queryset = _joined(required, [latest] if restarts is None else [latest, restarts])
    if restarts is None:
        queryset = queryset.annotate(restart_0=Value(None, output_field=DateField()))
    rule = status_rule(
        course=course,
        on=on,
        policy=policy,
        latest="latest_0",
        restart="restart_0" if restarts is not None else None,
    )
    return queryset.annotate(
        latest_pass=F("latest_0"),
        restart_end=F("restart_0"),
        training_status=rule.status(),
        last_pass=Case(When(rule.counted, then=F("latest_0")), default=None),
        must_lose_access=Case(
            When(rule.in_date, then=Value(False)), default=Value(course.gates_access)
        ),
    )


@dataclass(frozen=True)
class Completion:
    """How many people must have an in-date pass on a day, and how many have."""

    on: datetime.date
    people: int
    completed: int

    @property
    def percent(self) -> int:
        return percent(self.completed, self.people)


def percent(part: int, whole: int) -> int:
    """A whole percentage, rounded half up (as the seed reports it); 0 of nobody is 0."""
    return int(part * 100 / whole + 0.5) if whole else 0


def completion_on_days(
    people: QuerySet, *, course: Course, days: list[datetime.date], policy
) -> list[Completion]:
    """The overall completion of ``course`` on each of ``days``, in one statement: each
    person's latest pass and restarting break by each day are columns of one join, and each
    day's figures are counts filtered by that day's :class:`StatusRule` (the same conditions
    :func:`people_with_status` classifies by, checked against it in the tests)."""
    days = sorted(days, reverse=True)
    latest = _latest_passes(course, days)
    restarts = _restarting_breaks(course, days, policy)
    queryset = _joined(
        people.filter(audience_q(course)), [latest] if restarts is None else [latest, restarts]
    )
    counts = {}
    for i, day in enumerate(days):
        restart = f"restart_{i}" if restarts is not None else None
        rule = status_rule(
            course=course, on=day, policy=policy, latest=f"latest_{i}", restart=restart
        )
        in_service = in_service_filter(day, course.organisation)
        counts[f"people_{i}"] = Count("pk", filter=in_service)
        counts[f"completed_{i}"] = Count("pk", filter=in_service & rule.in_date)
    totals = queryset.order_by().aggregate(**counts)
    points = [
        Completion(day, totals[f"people_{i}"], totals[f"completed_{i}"])
        for i, day in enumerate(days)
    ]
    return sorted(points, key=lambda point: point.on)


#: People with a pass in date: compliant, or due soon because that pass is about to expire
#: (a new starter in the grace period is due soon too, with no pass).
COMPLETED_Q = Q(training_status__in=IN_DATE, last_pass__isnull=False)


@dataclass(frozen=True)
class DepartmentCompletion:
    """One row of the completion report: a department's required people and how many of them
    have an in-date pass on the day."""

    department_id: int | None
    department: str
    people: int
    completed: int
    due_soon: int
    overdue: int
    never_completed: int

    @property
    def percent(self) -> int:
        return percent(self.completed, self.people)


NO_DEPARTMENT = "No department"


def completion_by_department(
    *, organisation, course: Course, on: datetime.date, people: QuerySet | None = None
) -> list[DepartmentCompletion]:
    """Completion of ``course`` on ``on`` for each department with required people, by name.
    ``people`` defaults to the organisation's people (the caller's scope)."""
    policy = policy_for(organisation)
    if people is None:
        people = Person.objects.filter(organisation=organisation)
    names = dict(Department.objects.filter(organisation=organisation).values_list("pk", "name"))
    figures: dict[int | None, Counter] = {}
    for department_id, status, has_pass, count in _count_by_status(
        people, course=course, on=on, policy=policy
    ):
        tally = figures.setdefault(department_id, Counter())
        tally["people"] += count
        tally["completed"] += count if status in IN_DATE and has_pass else 0
        tally[status] += count
    rows = [
        DepartmentCompletion(
            department_id=department_id,
            department=names.get(department_id, NO_DEPARTMENT),
            people=tally["people"],
            completed=tally["completed"],
            due_soon=tally[TrainingStatus.DUE_SOON.value],
            overdue=tally[TrainingStatus.OVERDUE.value],
            never_completed=tally[TrainingStatus.NEVER_COMPLETED.value],
        )
        for department_id, tally in figures.items()
    ]
    return sorted(rows, key=lambda row: row.department.lower())


def _count_by_status(people: QuerySet, *, course, on, policy) -> list[tuple]:
    """How many people of each department have each status (and whether with a pass that
    counts): :func:`people_with_status` grouped, so that each person's status is worked out
    once (a count per figure would work it out once per figure)."""
    assessed = people_with_status(people, course=course, on=on, policy=policy)
    return list(
        assessed.annotate(has_pass=Q(last_pass__isnull=False))
        .order_by()
        .values_list("department_id", "training_status", "has_pass")
        .annotate(count=Count("pk"))
    )


def overall(rows: list[DepartmentCompletion]) -> DepartmentCompletion:
    """The whole organisation as one row."""
    return DepartmentCompletion(
        department_id=None,
        department="All departments",
        people=sum(row.people for row in rows),
        completed=sum(row.completed for row in rows),
        due_soon=sum(row.due_soon for row in rows),
        overdue=sum(row.overdue for row in rows),
        never_completed=sum(row.never_completed for row in rows),
    )


def person_training(person: Person, *, on: datetime.date) -> list[tuple[Course, rules.Assessment]]:
    """Each current course of the person's organisation with the person's status on ``on``."""
    policy = policy_for(person.organisation)
    courses = Course.objects.filter(organisation=person.organisation, archived_at__isnull=True)
    return [
        (course, assess_person(person, course, on=on, policy=policy))
        for course in courses.prefetch_related("departments")
    ]
