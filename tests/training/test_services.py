"""Writes to courses, training records and the policy: validated, audited, rule-driven."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from dpassure.training import services
from dpassure.training.models import TrainingPolicy
from tests.factories import CourseFactory, PersonFactory, UserFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_result_passes_or_fails_by_the_pass_mark_and_is_audited(org):
    actor = UserFactory()
    course = CourseFactory(organisation=org, pass_mark=80)
    person = PersonFactory(organisation=org)
    failed = services.training_record_create(
        organisation=org,
        actor=actor,
        person=person,
        course=course,
        completed_on=D(2026, 3, 1),
        score=79,
        passed=True,  # the score decides, not the click
    )
    passed = services.training_record_create(
        organisation=org,
        actor=actor,
        person=person,
        course=course,
        completed_on=D(2026, 3, 2),
        score=80,
    )
    assert (failed.passed, passed.passed) == (False, True)
    assert failed.entered_by == actor and failed.source == "entered"
    assert failed.history.get().history_user == actor


def test_a_course_with_a_pass_mark_needs_a_score_or_a_stated_result(org):
    course = CourseFactory(organisation=org, pass_mark=80)
    person = PersonFactory(organisation=org)
    with pytest.raises(ValidationError) as raised:
        services.training_record_create(
            organisation=org, actor=None, person=person, course=course, completed_on=D(2026, 3, 1)
        )
    assert "pass mark of 80" in str(raised.value)
    stated = services.training_record_create(
        organisation=org,
        actor=None,
        person=person,
        course=course,
        completed_on=D(2026, 3, 1),
        passed=False,
    )
    assert stated.passed is False
    no_test = CourseFactory(organisation=org, pass_mark=None)
    attended = services.training_record_create(
        organisation=org, actor=None, person=person, course=no_test, completed_on=D(2026, 3, 1)
    )
    assert attended.passed is True


def test_one_result_per_person_course_and_day(org):
    course = CourseFactory(organisation=org)
    person = PersonFactory(organisation=org)
    values = dict(
        organisation=org,
        actor=None,
        person=person,
        course=course,
        completed_on=D(2026, 3, 1),
        score=90,
    )
    services.training_record_create(**values)
    with pytest.raises(ValidationError, match="already has a result"):
        services.training_record_create(**values)


def test_a_record_cannot_name_another_organisations_person(org, other_org):
    course = CourseFactory(organisation=org)
    stranger = PersonFactory(organisation=other_org)
    with pytest.raises(ValidationError, match="Choose a person of this organisation"):
        services.training_record_create(
            organisation=org,
            actor=None,
            person=stranger,
            course=course,
            completed_on=D(2026, 3, 1),
            score=90,
        )


def test_updating_the_score_recomputes_the_result(org):
    course = CourseFactory(organisation=org, pass_mark=80)
    record = services.training_record_create(
        organisation=org,
        actor=None,
        person=PersonFactory(organisation=org),
        course=course,
        completed_on=D(2026, 3, 1),
        score=90,
    )
    record = services.training_record_update(record, actor=None, score=60)
    assert record.passed is False


def test_the_policy_is_saved_once_per_organisation_and_audited(org):
    actor = UserFactory()
    services.training_policy_save(organisation=org, actor=actor, refresher_months=24)
    services.training_policy_save(organisation=org, actor=actor, new_starter_grace_days=7)
    policy = TrainingPolicy.objects.get(organisation=org)
    assert (policy.refresher_months, policy.new_starter_grace_days) == (24, 7)
    assert policy.history.count() == 2
    with pytest.raises(ValidationError):
        services.training_policy_save(organisation=org, actor=actor, refresher_months=0)


def test_course_departments_are_set_and_kept(org):
    from tests.factories import DepartmentFactory

    unit = DepartmentFactory(organisation=org)
    course = services.course_create(
        organisation=org,
        actor=None,
        code="SAR1",
        title="Requests",
        kind="specialist",
        audience="selected",
        departments=[unit],
    )
    assert list(course.departments.all()) == [unit]
    course = services.course_update(course, actor=None, title="Handling requests")
    assert list(course.departments.all()) == [unit]
