"""The SQL form of the training rules gives exactly what the rules give, person by person."""

import datetime
import random

import pytest

from dpassure.organisations.models import Person
from dpassure.rules.training import TrainingPolicy, TrainingStatus
from dpassure.training import selectors
from dpassure.training.models import TrainingPolicy as SavedPolicy
from tests.factories import (
    CourseFactory,
    DepartmentFactory,
    PersonFactory,
    ServiceBreakFactory,
    TrainingRecordFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def random_people(org, course, rng, count=120):
    departments = [DepartmentFactory(organisation=org, name=f"Unit {n}") for n in range(4)]
    for n in range(count):
        start = D(2022, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1500))
        leaving = start + datetime.timedelta(days=rng.randrange(0, 900)) if n % 9 == 0 else None
        person = PersonFactory(
            organisation=org,
            department=rng.choice(departments),
            start_date=start,
            leaving_date=leaving,
            job_title=rng.choice(["Police Constable", "Analyst", "Student Officer"]),
        )
        if n % 5 == 0:
            begins = start + datetime.timedelta(days=rng.randrange(10, 400))
            length = rng.choice([20, 150, 182, 183, 184, 300, None])
            ServiceBreakFactory(
                organisation=org,
                person=person,
                start_date=begins,
                end_date=begins + datetime.timedelta(days=length) if length else None,
                returned_in_different_role=n % 15 == 0,
            )
        for day in rng.sample(range(-60, 1600), rng.randrange(0, 4)):
            TrainingRecordFactory(
                organisation=org,
                person=person,
                course=course,
                completed_on=start + datetime.timedelta(days=day),
                passed=rng.random() > 0.2,
            )
    return departments


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(
    "validity, grace, kind",
    [(None, 0, "induction"), (36, 14, "specialist"), (0, 0, "induction"), (None, 7, "refresher")],
)
def test_sql_status_matches_the_rules_for_every_person(org, seed, validity, grace, kind):
    rng = random.Random(seed)
    course = CourseFactory(organisation=org, validity_months=validity, kind=kind)
    SavedPolicy.objects.create(organisation=org, new_starter_grace_days=grace)
    random_people(org, course, rng)
    policy = selectors.policy_for(org)
    assert policy == TrainingPolicy(new_starter_grace_days=grace)
    people = Person.objects.filter(organisation=org)
    days = (D(2023, 6, 30), D(2024, 12, 31), D(2026, 3, 1))
    overall = {}
    for on in days:
        expected_counts = {}
        for person in people:
            status = selectors.assess_person(person, course, on=on, policy=policy)
            if status.status == TrainingStatus.NOT_REQUIRED:
                continue
            row = expected_counts.setdefault(person.department.name, [0, 0, 0, 0, 0])
            row[0] += 1
            row[1] += status.in_date
            row[2] += status.status == TrainingStatus.DUE_SOON
            row[3] += status.status == TrainingStatus.OVERDUE
            row[4] += status.status == TrainingStatus.NEVER_COMPLETED
        overall[on] = (
            sum(row[0] for row in expected_counts.values()),
            sum(row[1] for row in expected_counts.values()),
        )
        counted = selectors.completion_by_department(organisation=org, course=course, on=on)
        assert {
            r.department: [r.people, r.completed, r.due_soon, r.overdue, r.never_completed]
            for r in counted
        } == expected_counts
        sql = {
            p.pk: (p.training_status, p.last_pass, p.must_lose_access)
            for p in selectors.people_with_status(people, course=course, on=on, policy=policy)
        }
        for person in people:
            expected = selectors.assess_person(person, course, on=on, policy=policy)
            if expected.status == TrainingStatus.NOT_REQUIRED:
                assert person.pk not in sql
                continue
            lose = not expected.in_date
            assert sql[person.pk] == (expected.status, expected.last_pass, lose), (person, on)
        # One department at a time, reading only its people's passes (few=True), agrees.
        for department in {person.department for person in people}:
            few = selectors.people_with_status(
                people.filter(department=department),
                course=course,
                on=on,
                policy=policy,
                few=True,
            )
            found = {p.pk: (p.training_status, p.last_pass, p.must_lose_access) for p in few}
            assert found == {
                pk: value
                for pk, value in sql.items()
                if people.get(pk=pk).department_id == department.pk
            }
    # The trend's one statement gives each day's overall figures.
    trend = selectors.completion_on_days(people, course=course, days=list(days), policy=policy)
    assert {point.on: (point.people, point.completed) for point in trend} == overall


def test_only_the_course_audience_is_counted(org):
    course = CourseFactory(organisation=org, audience="selected", job_titles="Analyst\n")
    parent = DepartmentFactory(organisation=org, name="Intelligence")
    child = DepartmentFactory(organisation=org, name="Analysis", parent=parent)
    other = DepartmentFactory(organisation=org, name="Finance")
    course.departments.add(parent)
    in_child = PersonFactory(organisation=org, department=child, job_title="Clerk")
    analyst = PersonFactory(organisation=org, department=other, job_title="Analyst")
    PersonFactory(organisation=org, department=other, job_title="Clerk")
    found = selectors.people_with_status(
        Person.objects.filter(organisation=org),
        course=course,
        on=D(2026, 1, 1),
        policy=selectors.policy_for(org),
    )
    assert set(found) == {in_child, analyst}


def test_completion_by_department_counts_in_date_passes(org, other_org):
    course = CourseFactory(organisation=org)
    response_unit = DepartmentFactory(organisation=org, name="Response")
    for n in range(4):
        person = PersonFactory(organisation=org, department=response_unit)
        if n == 0:
            TrainingRecordFactory(
                organisation=org, person=person, course=course, completed_on=D(2026, 5, 1)
            )
        if n == 1:  # failed: not completed
            TrainingRecordFactory(
                organisation=org,
                person=person,
                course=course,
                completed_on=D(2026, 5, 1),
                passed=False,
            )
        if n == 2:  # passed too long ago: overdue
            TrainingRecordFactory(
                organisation=org, person=person, course=course, completed_on=D(2024, 5, 1)
            )
    PersonFactory(organisation=other_org)  # another organisation's person is never counted
    rows = selectors.completion_by_department(organisation=org, course=course, on=D(2026, 6, 1))
    assert [(r.department, r.people, r.completed, r.overdue, r.never_completed) for r in rows] == [
        ("Response", 4, 1, 1, 2)
    ]
    assert rows[0].percent == 25
    assert selectors.overall(rows).people == 4
