"""Demo training data for Wessex Police: courses, a policy, line managers, and results.

The picture is deliberately uneven, so every report has something to show: most departments
are largely in date, some are behind (the seed's weak spots — student officers, integrated
offender management, counter terrorism, criminal justice, information management), a few
people failed before passing, some never completed, refreshers fall due across the year,
and new starters from the last weeks have not done their induction yet.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from dpassure.organisations.models import Department, Organisation, Person
from dpassure.rules import training as rules
from dpassure.training import services
from dpassure.training.choices import Audience, CourseKind, Provider, RecordSource
from dpassure.training.models import Course, TrainingRecord

SEED = 20261202
TODAY = datetime.date(2026, 12, 1)
INDUCTION = "NCALT-DPIS-IND"
REFRESHER = "NCALT-DPIS-REF"
SAR_COURSE = "IM-SAR-01"
#: Chance that someone in these departments has their induction (others: 0.93).
BEHIND = {
    "Student Officers": 0.55,
    "Integrated Offender Management": 0.6,
    "Counter Terrorism Unit": 0.7,
    "Criminal Justice Services": 0.65,
    "Information Management": 0.75,
}
MANAGER_TITLES = ("Sergeant", "Inspector", "Chief Inspector")


def _courses(organisation, actor) -> dict[str, Course]:
    specs = [
        dict(
            code=INDUCTION,
            title="Data protection and information security: induction",
            provider=Provider.NATIONAL,
            kind=CourseKind.INDUCTION,
            pass_mark=Decimal("80"),
            validity_months=0,
            gates_access=True,
        ),
        dict(
            code=REFRESHER,
            title="Data protection and information security: annual refresher",
            provider=Provider.NATIONAL,
            kind=CourseKind.REFRESHER,
            pass_mark=Decimal("80"),
            validity_months=None,
            gates_access=False,
        ),
        dict(
            code=SAR_COURSE,
            title="Handling requests for personal data",
            provider=Provider.IN_HOUSE,
            kind=CourseKind.SPECIALIST,
            pass_mark=Decimal("70"),
            validity_months=24,
            audience=Audience.SELECTED,
            gates_access=False,
        ),
    ]
    courses = {}
    for spec in specs:
        course = Course.objects.filter(organisation=organisation, code=spec["code"]).first()
        if course is None:
            course = services.course_create(organisation=organisation, actor=actor, **spec)
        courses[spec["code"]] = course
    sar = courses[SAR_COURSE]
    if not sar.departments.exists():
        sar.departments.set(
            Department.objects.filter(organisation=organisation, name="Information Management")
        )
    return courses


def _line_managers(people: list[Person], rng: random.Random) -> None:
    """Everyone reports to a sergeant or inspector of their department, where there is one."""
    by_department: dict[int, list[Person]] = {}
    for person in people:
        if person.job_title in MANAGER_TITLES:
            by_department.setdefault(person.department_id, []).append(person)
    changed = []
    for person in people:
        managers = [m for m in by_department.get(person.department_id, []) if m.pk != person.pk]
        if managers and person.line_manager_id is None:
            person.line_manager = rng.choice(managers)
            changed.append(person)
    Person.objects.bulk_update(changed, ["line_manager"], batch_size=2000)


def _score(rng: random.Random, passing: bool) -> Decimal:
    value = rng.randint(80, 100) if passing else rng.randint(45, 79)
    return Decimal(value)


def _records(organisation, courses, people, rng) -> list[TrainingRecord]:
    records = []

    def add(person, course, day, passing=True):
        if day > TODAY:
            return
        records.append(
            TrainingRecord(
                organisation=organisation,
                person=person,
                course=course,
                completed_on=day,
                score=_score(rng, passing),
                passed=passing,
                source=RecordSource.ENTERED,
                certificate_reference=f"NCALT-{rng.randint(10**7, 10**8 - 1)}",
            )
        )

    induction, refresher, sar = courses[INDUCTION], courses[REFRESHER], courses[SAR_COURSE]
    for person in people:
        if person.start_date > TODAY - datetime.timedelta(days=21) and rng.random() < 0.6:
            continue  # a recent starter who has not done the induction yet
        department = person.department.name if person.department else ""
        if rng.random() > BEHIND.get(department, 0.93):
            if rng.random() < 0.3:  # tried and failed, never passed
                add(person, induction, person.start_date + datetime.timedelta(days=3), False)
            continue
        first_try = person.start_date + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2]))
        if rng.random() < 0.08:
            add(person, induction, first_try, False)
            first_try += datetime.timedelta(days=rng.randint(1, 6))
        add(person, induction, first_try)
        # The annual refresher: most in date, some due soon, some lapsed.
        if person.start_date < TODAY - datetime.timedelta(days=400):
            chance = 0.85 if department not in BEHIND else 0.55
            if rng.random() < chance:
                add(person, refresher, TODAY - datetime.timedelta(days=rng.randint(5, 470)))
        if department == "Information Management" and rng.random() < 0.8:
            add(person, sar, TODAY - datetime.timedelta(days=rng.randint(30, 900)))
    return records


@transaction.atomic
def load_training_demo() -> int:
    """Courses, the policy and results for Wessex Police. Safe to run again: returns the
    number of training records added this run."""
    organisation = Organisation.objects.filter(slug="wessex-police").first()
    if organisation is None:
        return 0
    actor = get_user_model().objects.filter(username="dpo").first()
    if not Course.objects.filter(organisation=organisation).exists():
        services.training_policy_save(
            organisation=organisation,
            actor=actor,
            **{
                "new_starter_grace_days": rules.DEFAULT_POLICY.new_starter_grace_days,
                "refresher_months": rules.DEFAULT_POLICY.refresher_months,
                "break_threshold_months": rules.DEFAULT_POLICY.break_threshold_months,
                "due_soon_days": rules.DEFAULT_POLICY.due_soon_days,
            },
        )
    courses = _courses(organisation, actor)
    if TrainingRecord.objects.filter(organisation=organisation).exists():
        return 0
    rng = random.Random(SEED)
    people = list(
        Person.objects.filter(organisation=organisation).select_related("department").order_by("pk")
    )
    _line_managers(people, rng)
    records = _records(organisation, courses, people, rng)
    for record in records:
        record.entered_by = actor
    TrainingRecord.objects.bulk_create(records, batch_size=2000)
    return len(records)
