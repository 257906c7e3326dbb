"""Reads of training status: one person in Python, whole organisations in SQL.

:func:`assess_person` applies the rules in ``dpassure.rules.training`` to one person.
:func:`people_with_status` expresses the same rules as a query, so that reports over a quarter
of a million people are a single SQL statement; the two are checked against each other in
``tests/training/test_selectors.py``. The month arithmetic never runs in SQL: the cut-off
dates and the breaks that restart training are computed by the rules in Python first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from dpassure.organisations.models import Department, Person, ServiceBreak
from dpassure.rules import training as rules
from dpassure.rules.service import Break
from dpassure.rules.training import TrainingStatus
from dpassure.training.choices import Audience
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
        policy=policy,
    )


# --- Everyone, in SQL -----------------------------------------------------------------------


def people_with_status(
    people: QuerySet, *, course: Course, on: datetime.date, policy: rules.TrainingPolicy
) -> QuerySet:
    """The people who must take ``course`` and are in service on ``on``, each annotated with
    ``last_pass`` (latest pass that counts, or None), ``training_status`` (a TrainingStatus
    value) and ``must_lose_access``. ``people`` comes from the caller's scope."""
    months = rules.refresher_months(policy, course.validity_months)
    cutoff = rules.earliest_pass_in_date(on, months)
    soon = on + datetime.timedelta(days=policy.due_soon_days)
    soon_cutoff = rules.earliest_pass_in_date(soon, months)
    grace_from = on - datetime.timedelta(days=policy.new_starter_grace_days)
    restarting = restarting_break_ids(course.organisation, on=on, policy=policy)

    latest_pass = (
        TrainingRecord.objects.filter(
            person=OuterRef("pk"),
            course=course,
            passed=True,
            archived_at__isnull=True,
            completed_on__lte=on,
        )
        .order_by("-completed_on")
        .values("completed_on")[:1]
    )
    queryset = people.filter(audience_q(course)).filter(in_service_q(on))
    queryset = queryset.annotate(latest_pass=Subquery(latest_pass))
    if restarting:
        restart_end = (
            ServiceBreak.objects.filter(person=OuterRef("pk"), pk__in=restarting)
            .order_by()
            .values("person")
            .annotate(last=Max("end_date"))
            .values("last")
        )
        queryset = queryset.annotate(restart_end=Subquery(restart_end))
        after_restart = Q(restart_end__isnull=True) | Q(latest_pass__gt=F("restart_end"))
        within_grace = Q(start_date__gte=grace_from) | Q(restart_end__gte=grace_from - ONE_DAY)
    else:
        after_restart = Q()
        within_grace = Q(start_date__gte=grace_from)
    counted = Q(latest_pass__isnull=False, latest_pass__gte=F("start_date")) & after_restart
    in_date = counted & (Q(latest_pass__gte=cutoff) if cutoff else Q())
    expiring = in_date & Q(latest_pass__lt=soon_cutoff) if soon_cutoff else Q(pk__in=[])
    return queryset.annotate(
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
    """Completion of ``course`` on ``on`` for each department with required people, largest
    first by name. ``people`` defaults to the organisation's people (the caller's scope)."""
    policy = policy_for(organisation)
    if people is None:
        people = Person.objects.filter(organisation=organisation)
    assessed = people_with_status(people, course=course, on=on, policy=policy)
    counts = (
        assessed.order_by()
        .values("department_id")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(training_status__in=IN_DATE, last_pass__isnull=False)),
            due_soon=Count("pk", filter=Q(training_status=TrainingStatus.DUE_SOON)),
            overdue=Count("pk", filter=Q(training_status=TrainingStatus.OVERDUE)),
            never=Count("pk", filter=Q(training_status=TrainingStatus.NEVER_COMPLETED)),
        )
    )
    names = dict(Department.objects.filter(organisation=organisation).values_list("pk", "name"))
    rows = [
        DepartmentCompletion(
            department_id=row["department_id"],
            department=names.get(row["department_id"], NO_DEPARTMENT),
            people=row["total"],
            completed=row["completed"],
            due_soon=row["due_soon"],
            overdue=row["overdue"],
            never_completed=row["never"],
        )
        for row in counts
    ]
    return sorted(rows, key=lambda row: row.department.lower())


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
