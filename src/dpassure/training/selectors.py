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


def in_service_q(on: datetime.date) -> Q:
    """People in service on ``on``: started, not left (the leaving date is their last day),
    not on a break (rules.service.in_service)."""
    away = ServiceBreak.objects.filter(
        person=OuterRef("pk"), archived_at__isnull=True, start_date__lte=on
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    return (
        Q(start_date__lte=on)
        & (Q(leaving_date__isnull=True) | Q(leaving_date__gte=on))
        & ~Exists(away)
    )


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
    every pass by every person (bench/training_report.py). The lists, the counts of the
    completion table and the trend are all this one query. ``few``: ``people`` is a small
    part of the organisation (one department), so read only their passes, not the course's.
    """
    months = rules.refresher_months(policy, course.validity_months)
    cutoff = rules.earliest_pass_in_date(on, months)
    soon = on + datetime.timedelta(days=policy.due_soon_days)
    soon_cutoff = rules.earliest_pass_in_date(soon, months)
    grace_from = rules.first_due_cutoff(
        on, policy=policy, months=months, refresher=is_refresher(course)
    )
    restarting = restarting_break_ids(course.organisation, on=on, policy=policy)

    required = people.filter(audience_q(course)).filter(in_service_q(on))
    latest = CTE(
        TrainingRecord.objects.filter(
            course=course, passed=True, archived_at__isnull=True, completed_on__lte=on
        )
        .filter(person__in=required.order_by().values("pk") if few else Q())
        .order_by()
        .values("person_id")
        .annotate(completed_on=Max("completed_on")),
        name=f"latest_pass_{course.pk}",
    )
    queryset = latest.join(required, pk=latest.col.person_id, _join_type=LOUTER).annotate(
        latest_pass=latest.col.completed_on
    )
    ctes = [latest]
    if restarting:
        restarts = CTE(
            ServiceBreak.objects.filter(pk__in=restarting)
            .order_by()
            .values("person_id")
            .annotate(end_date=Max("end_date")),
            name=f"restart_{course.pk}",
        )
        queryset = restarts.join(queryset, pk=restarts.col.person_id, _join_type=LOUTER)
        queryset = queryset.annotate(restart_end=restarts.col.end_date)
        ctes.append(restarts)
        after_restart = Q(restart_end__isnull=True) | Q(latest_pass__gt=F("restart_end"))
        within_grace = Q(start_date__gte=grace_from) | Q(restart_end__gte=grace_from - ONE_DAY)
    else:
        queryset = queryset.annotate(restart_end=Value(None, output_field=DateField()))
        after_restart = Q()
        within_grace = Q(start_date__gte=grace_from)
    counted = Q(latest_pass__isnull=False, latest_pass__gte=F("start_date")) & after_restart
    in_date = counted & (Q(latest_pass__gte=cutoff) if cutoff else Q())
    expiring = in_date & Q(latest_pass__lt=soon_cutoff) if soon_cutoff else Q(pk__in=[])
    return with_cte(*ctes, select=queryset).annotate(
        training_status=Case(
            When(expiring, then=Value(TrainingStatus.DUE_SOON.value)),
            When(in_date, then=Value(TrainingStatus.COMPLIANT.value)),
            When(counted, then=Value(TrainingStatus.OVERDUE.value)),
            When(within_grace, then=Value(TrainingStatus.DUE_SOON.value)),
            default=Value(TrainingStatus.NEVER_COMPLETED.value),
            output_field=CharField(),
        ),
        last_pass=Case(When(counted, then=F("latest_pass")), default=None),
        must_lose_access=Case(When(in_date, then=Value(False)), default=Value(course.gates_access)),
    )


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
        """Completion as a whole percentage, rounded half up (as the seed reports it)."""
        return int(self.completed * 100 / self.people + 0.5) if self.people else 0


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
