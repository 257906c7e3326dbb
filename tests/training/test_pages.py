"""Course, record, policy and overview pages: what people see, and what they may change."""

import datetime

import pytest

from dpassure.core.roles import Role
from dpassure.training.models import Course, TrainingPolicy, TrainingRecord
from tests.factories import CourseFactory, PersonFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    from django.urls import reverse

    return reverse(f"training:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_adding_a_course_with_bad_input_shows_the_errors(editor_client, org):
    response = editor_client.post(url("course-create", org), {"code": "", "audience": "selected"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter code" in page
    assert "Select the departments, or enter the roles or ranks" in page
    assert not Course.objects.exists()


def test_adding_a_course(editor_client, org):
    response = editor_client.post(
        url("course-create", org),
        {
            "code": "DP-IND",
            "title": "Data protection induction",
            "provider": "national",
            "kind": "induction",
            "pass_mark": "80",
            "validity_months": "0",
            "audience": "everyone",
            "gates_access": "on",
        },
    )
    assert response.status_code == 302
    course = Course.objects.get()
    assert (course.code, course.gates_access, course.validity_months) == ("DP-IND", True, 0)
    detail = editor_client.get(response.url).content.decode()
    assert "Taken once" in detail and "Everyone" in detail


def test_recording_a_result_from_the_persons_page(editor_client, org):
    person = PersonFactory(organisation=org, start_date=datetime.date(2020, 1, 6))
    course = CourseFactory(organisation=org, pass_mark=80, validity_months=0)
    page = editor_client.get(person.get_absolute_url()).content.decode()
    assert "Record a training result" in page and "Never completed" in page
    response = editor_client.post(
        url("trainingrecord-create", org, person_pk=person.pk),
        {
            "course": course.pk,
            "completed_on_0": "3",
            "completed_on_1": "2",
            "completed_on_2": "2026",
            "score": "72",
        },
    )
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert (record.passed, record.person) == (False, person)
    page = editor_client.get(person.get_absolute_url()).content.decode()
    assert "Failed" in page and "Never completed" in page  # a failure is not a completion


def test_a_result_in_the_future_or_without_a_date_is_refused(editor_client, org):
    person = PersonFactory(organisation=org)
    course = CourseFactory(organisation=org)
    response = editor_client.post(
        url("trainingrecord-create", org, person_pk=person.pk),
        {
            "course": course.pk,
            "completed_on_0": "31",
            "completed_on_1": "2",
            "completed_on_2": "2026",
            "score": "180",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Completion date must be a real date" in page
    assert "Ensure this value is less than or equal to 100" in page
    assert not TrainingRecord.objects.exists()


def test_only_the_dpo_changes_the_policy(client, org, make_member):
    editor = make_member(org, Role.EDITOR, "ed")
    dpo = make_member(org, Role.DPO, "dp")
    client.force_login(editor)
    page = client.get(url("policy", org)).content.decode()
    assert "Only the data protection officer" in page
    assert client.post(url("policy", org), {"refresher_months": "24"}).status_code == 403
    client.force_login(dpo)
    bad = client.post(
        url("policy", org),
        {
            "new_starter_grace_days": "x",
            "refresher_months": "0",
            "break_threshold_months": "6",
            "due_soon_days": "30",
        },
    )
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()
    good = client.post(
        url("policy", org),
        {
            "new_starter_grace_days": "7",
            "refresher_months": "24",
            "break_threshold_months": "6",
            "due_soon_days": "30",
        },
    )
    assert good.status_code == 302
    assert TrainingPolicy.objects.get(organisation=org).refresher_months == 24


def test_the_record_list_searches_and_exports_only_this_organisations_rows(
    editor_client, org, other_org
):
    mine = TrainingRecordFactory(organisation=org, person__last_name="Pemberton")
    theirs = TrainingRecordFactory(organisation=other_org, person__last_name="Pemberton")
    page = editor_client.get(url("trainingrecord-list", org), {"q": "Pemberton"}).content.decode()
    assert mine.person.employee_number in page
    assert theirs.person.employee_number not in page
    export = editor_client.get(url("trainingrecord-list", org), {"export": "csv"})
    lines = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and mine.person.employee_number in lines[1]


def test_the_api_decides_pass_or_fail_and_reports_completion(api, org):
    person = PersonFactory(organisation=org)
    course = CourseFactory(organisation=org, pass_mark=80, code="DPI")
    base = f"/api/v1/o/{org.slug}/"
    created = api.post(
        base + "training-records/",
        {"person": person.pk, "course": course.pk, "completed_on": "2026-11-02", "score": 95},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["passed"] is True and created.json()["source"] == "entered"
    report = api.get(base + "training-completion/", {"course": "dpi", "as_of": "2026-11-03"})
    assert report.status_code == 200
    assert report.json()[-1] == {
        "department": "All departments",
        "people": 1,
        "completed": 1,
        "percent": 100,
        "due_soon": 0,
        "overdue": 0,
        "never_completed": 0,
    }
    unknown = api.get(base + "training-completion/", {"course": "nope"})
    assert unknown.status_code == 400 and "course" in unknown.json()
