"""Every write to courses, training records and the training policy (imports are in
``import_services.py``). Pages, the API and commands all call these."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dpassure.core.services import register_archive, register_create, register_update
from dpassure.rules import training as rules
from dpassure.training.choices import RecordSource
from dpassure.training.models import Course, TrainingPolicy, TrainingRecord


def course_create(*, organisation, actor, departments=(), **fields) -> Course:
    with transaction.atomic():
        course = register_create(Course, organisation=organisation, actor=actor, **fields)
        course.departments.set(departments)
    return course


def course_update(course: Course, *, actor, departments=None, **fields) -> Course:
    with transaction.atomic():
        course = register_update(course, actor=actor, **fields)
        if departments is not None:
            course.departments.set(departments)
    return course


def course_archive(course: Course, *, actor) -> Course:
    return register_archive(course, actor=actor)


def _passed(course: Course, score, passed: bool | None) -> bool:
    """Pass or fail: from the score and the pass mark when both are known (the rule),
    otherwise as recorded; a course with a pass mark needs a score or a stated result."""
    decided = rules.passed(score, course.pass_mark)
    if decided is not None:
        return decided
    if passed is None:
        if course.pass_mark is not None:
            raise ValidationError(
                {"score": f"Enter the score: {course.code} has a pass mark of {course.pass_mark}%"}
            )
        return True
    return passed


def training_record_create(
    *, organisation, actor, person, course, completed_on, score=None, passed=None, **fields
) -> TrainingRecord:
    """Record one result entered by hand. Pass or fail follows the pass mark where it can."""
    return register_create(
        TrainingRecord,
        organisation=organisation,
        actor=actor,
        person=person,
        course=course,
        completed_on=completed_on,
        score=score,
        passed=_passed(course, score, passed),
        source=RecordSource.ENTERED,
        entered_by=actor,
        **fields,
    )


def training_record_update(record: TrainingRecord, *, actor, passed=None, **fields):
    course = fields.get("course", record.course)
    score = fields.get("score", record.score)
    return register_update(record, actor=actor, passed=_passed(course, score, passed), **fields)


def training_record_archive(record: TrainingRecord, *, actor) -> TrainingRecord:
    return register_archive(record, actor=actor)


def training_policy_save(*, organisation, actor, **fields) -> TrainingPolicy:
    """Set the organisation's training parameters (one policy per organisation)."""
    saved = TrainingPolicy.objects.filter(organisation=organisation).first()
    if saved is None:
        return register_create(TrainingPolicy, organisation=organisation, actor=actor, **fields)
    return register_update(saved, actor=actor, **fields)
