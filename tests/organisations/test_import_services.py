"""Import services: all or nothing, re-runs change nothing, every change in the audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dpassure.organisations import import_services
from dpassure.organisations.models import (
    Department,
    ImportMapping,
    ImportStatus,
    Membership,
    PeopleImport,
    Person,
)
from dpassure.organisations.tasks import people_import_run
from tests.factories import DepartmentFactory, PersonFactory
from tests.organisations.test_importing import HEADERS, csv_bytes, person_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def make_people_import(org, *, uploaded_by=None):
    """A checked, clean import of two people (the tenancy meta-test builds one per organisation).

    Imports are only shown to whoever uploaded them, so by default this one is uploaded by the
    organisation's first member: the user the tenancy meta-test signs in as.
    """
    if uploaded_by is None:
        uploaded_by = Membership.objects.filter(organisation=org).order_by("pk").first().user
    Department.objects.get_or_create(organisation=org, name="Custody", defaults={"code": "CUS"})
    people_import = upload(org, uploaded_by, csv_bytes(rows(2)), name=f"{org.slug}-staff.csv")
    return import_services.people_import_check(
        people_import, actor=uploaded_by, mapping=people_import.mapping
    )


@pytest.fixture
def custody(org):
    return DepartmentFactory(organisation=org, name="Custody", code="CUS")


def upload(org, actor, content, name="staff.csv"):
    return import_services.people_import_upload(
        organisation=org, actor=actor, uploaded_file=SimpleUploadedFile(name, content)
    )


def upload_and_check(org, actor, content, name="staff.csv", mapping=None):
    people_import = upload(org, actor, content, name)
    return import_services.people_import_check(
        people_import, actor=actor, mapping=mapping or people_import.mapping
    )


def run(org, actor, content, name="staff.csv"):
    people_import = upload_and_check(org, actor, content, name)
    return import_services.people_import_commit(people_import, actor=actor)


def rows(count, start=1, **changes):
    return [
        person_row(**{"Employee number": f"E{n}", **changes}) for n in range(start, start + count)
    ]


def test_upload_stores_the_file_and_guesses_the_mapping(org, editor, custody):
    people_import = upload(org, editor, csv_bytes(rows(3)))
    assert people_import.status == ImportStatus.UPLOADED
    assert people_import.uploaded_by == editor
    assert people_import.total_rows == 3
    assert people_import.headers == HEADERS
    assert people_import.mapping["employee_number"] == "Employee number"
    assert people_import.history.get().history_user == editor


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("staff.txt", b"a", "must be a CSV or XLSX"),
        ("staff.csv", "Employee number\nÉ\n".encode("latin-1"), "not UTF-8 encoded"),
        ("staff.csv", b"", "The selected file is empty"),
    ],
)
def test_upload_refuses_unreadable_files(org, editor, name, content, message):
    with pytest.raises(ValidationError, match=message):
        upload(org, editor, content, name)
    assert not PeopleImport.objects.exists()


def test_upload_refuses_files_over_the_limit(org, editor, settings):
    settings.DPASSURE_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError, match="must be smaller than"):
        upload(org, editor, csv_bytes(rows(5)))


def test_check_counts_and_stores_problems_without_writing_people(org, editor, custody):
    content = csv_bytes([*rows(2), person_row(**{"Employee number": "E9", "Start date": "x"})])
    people_import = upload_and_check(org, editor, content)
    assert people_import.status == ImportStatus.CHECKED
    assert people_import.created_count == 2
    assert people_import.preview[0] == {
        "row": 2,
        "cells": [
            "E1",
            "Ada",
            "Lovelace",
            "ada@force.example",
            "Custody",
            "Sergeant",
            "06/01/2020",
            "",
            "",  # line manager
        ],
    }
    assert people_import.errors == [
        {
            "row": 4,
            "column": "Start date",
            "message": "'x' is not a date: use DD/MM/YYYY, for example 27/03/2024",
        }
    ]
    assert not Person.objects.exists()


def test_check_refuses_an_unusable_mapping(org, editor):
    people_import = upload(org, editor, csv_bytes(rows(1)))
    mapping = {**people_import.mapping, "last_name": "First name"}
    with pytest.raises(ValidationError) as raised:
        import_services.people_import_check(people_import, actor=editor, mapping=mapping)
    assert "already used for the first name" in raised.value.message_dict["last_name"][0]


def test_commit_creates_everyone_with_history_by_the_actor(org, editor, custody):
    people_import = run(org, editor, csv_bytes(rows(3)))
    assert people_import.status == ImportStatus.DONE
    assert (people_import.created_count, people_import.processed_rows) == (3, 3)
    assert (people_import.content, people_import.preview) == (b"", [])  # not kept once imported
    assert not hasattr(people_import.history.first(), "content")
    people = Person.objects.filter(organisation=org).order_by("employee_number")
    assert [p.employee_number for p in people] == ["E1", "E2", "E3"]
    assert people[0].department == custody
    assert people[0].start_date == datetime.date(2020, 1, 6)
    history = Person.history.filter(organisation_id=org.pk)
    assert history.count() == 3
    assert {(h.history_type, h.history_user_id) for h in history} == {("+", editor.pk)}
    assert history.first().history_change_reason == "Imported from staff.csv"


def test_any_bad_row_means_nothing_is_written(org, editor, custody):
    PersonFactory(organisation=org, employee_number="E1", first_name="Old", department=custody)
    content = csv_bytes([*rows(3), person_row(**{"Employee number": "E4", "Department": "Nope"})])
    people_import = upload_and_check(org, editor, content)
    with pytest.raises(ValidationError, match="Nothing can be imported"):
        import_services.people_import_commit(people_import, actor=editor)
    assert Person.objects.filter(organisation=org).count() == 1
    assert Person.objects.get(employee_number="E1").first_name == "Old"
    assert Person.history.filter(history_type="~").count() == 0


def test_a_problem_that_appears_after_the_check_still_stops_everything(org, editor, custody):
    people_import = upload_and_check(org, editor, csv_bytes(rows(3)))
    assert people_import.errors == []
    custody.archived_at = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    custody.save()
    people_import = import_services.people_import_commit(people_import, actor=editor)
    assert people_import.status == ImportStatus.FAILED
    assert "Nothing was imported: 3 rows have problems" in people_import.failure_message
    assert people_import.errors[0]["message"] == "No department is called or coded 'Custody'"
    assert not Person.objects.exists()


def test_running_the_same_file_again_changes_nothing(org, editor, custody):
    content = xlsx_bytes(rows(4, **{"Start date": datetime.datetime(2020, 1, 6)}))
    run(org, editor, content, "staff.xlsx")
    history_before = Person.history.count()
    again = upload_and_check(org, editor, content, "staff.xlsx")
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 4)
    again = import_services.people_import_commit(again, actor=editor)
    assert again.status == ImportStatus.DONE
    assert Person.objects.count() == 4
    assert Person.history.count() == history_before


def test_updates_change_only_the_mapped_fields_and_are_audited(org, editor, custody):
    person = PersonFactory(
        organisation=org,
        employee_number="E1",
        job_title="Constable",
        email="keep@x.example",
        department=custody,
    )
    people_import = upload(org, editor, csv_bytes([person_row(**{"Job title": "Inspector"})]))
    mapping = {**people_import.mapping, "email": ""}
    people_import = import_services.people_import_check(
        people_import, actor=editor, mapping=mapping
    )
    assert (people_import.created_count, people_import.updated_count) == (0, 1)
    import_services.people_import_commit(people_import, actor=editor)
    person.refresh_from_db()
    assert (person.job_title, person.email, person.first_name) == (
        "Inspector",
        "keep@x.example",
        "Ada",
    )
    latest = person.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_user, latest.job_title) == (
        "~",
        editor,
        "Inspector",
    )


def test_commit_twice_does_nothing_the_second_time(org, editor, custody):
    people_import = run(org, editor, csv_bytes(rows(2)))
    history_before = Person.history.count()
    again = import_services.people_import_commit(people_import, actor=editor)
    assert again.status == ImportStatus.DONE
    assert Person.history.count() == history_before


def test_commit_needs_a_check_first(org, editor):
    people_import = upload(org, editor, csv_bytes(rows(1)))
    with pytest.raises(ValidationError, match="Check the file"):
        import_services.people_import_commit(people_import, actor=editor)


def test_the_mapping_is_remembered_for_the_next_upload(org, editor, custody):
    headers = ["Staff ref", "Called", "Surname", "Joined on"]
    content = csv_bytes([["S1", "Ada", "Lovelace", "06/01/2020"]], headers=headers)
    people_import = upload(org, editor, content)
    assert people_import.mapping["employee_number"] == ""
    mapping = {
        "employee_number": "Staff ref",
        "first_name": "Called",
        "last_name": "Surname",
        "start_date": "Joined on",
    }
    import_services.people_import_check(people_import, actor=editor, mapping=mapping)
    saved = ImportMapping.objects.get(organisation=org, source="hr")
    assert saved.mapping["employee_number"] == "Staff ref"
    assert saved.history.get().history_user == editor
    assert upload(org, editor, content).mapping["start_date"] == "Joined on"


def test_start_queues_the_task_which_imports(
    org, editor, custody, django_capture_on_commit_callbacks
):
    people_import = upload_and_check(org, editor, csv_bytes(rows(2)))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        started = import_services.people_import_start(people_import, actor=editor)
    assert started.status == ImportStatus.IMPORTING
    assert len(callbacks) == 1
    people_import.refresh_from_db()
    assert people_import.status == ImportStatus.DONE
    assert Person.objects.filter(organisation=org).count() == 2
    # Starting again, or the task running again, changes nothing.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_services.people_import_start(people_import, actor=editor)
    assert callbacks == []
    history_before = Person.history.count()
    result = people_import_run.enqueue(people_import.pk, editor.pk)
    assert result.return_value == ImportStatus.DONE
    assert Person.history.count() == history_before


def test_start_refuses_an_import_with_problems(org, editor):
    people_import = upload_and_check(org, editor, csv_bytes([person_row(**{"First name": ""})]))
    with pytest.raises(ValidationError, match="Nothing can be imported"):
        import_services.people_import_start(people_import, actor=editor)
    people_import.refresh_from_db()
    assert people_import.status == ImportStatus.CHECKED


def test_progress_moves_every_500_rows(org, editor, custody):
    people_import = upload_and_check(org, editor, csv_bytes(rows(1200)))
    with CaptureQueriesContext(connection) as queries:
        people_import = import_services.people_import_commit(people_import, actor=editor)
    progress = [
        q["sql"]
        for q in queries
        if q["sql"].startswith('UPDATE "organisations_peopleimport" SET "processed_rows"')
    ]
    assert len(progress) == 3  # after 500 and 1,000 rows, and when all 1,200 are checked
    assert people_import.processed_rows == 1200
    assert Person.objects.filter(organisation=org).count() == 1200
    assert Person.history.filter(history_user=editor).count() == 1200


def test_a_task_that_breaks_marks_the_import_failed_and_writes_nothing(org, editor, custody):
    people_import = upload_and_check(org, editor, csv_bytes(rows(2)))
    # The stored file can no longer be read: the task stops part way.
    PeopleImport.objects.filter(pk=people_import.pk).update(
        status=ImportStatus.IMPORTING, content=b"\xff\xfe broken"
    )
    result = people_import_run.enqueue(people_import.pk, editor.pk)
    assert result.status == "FAILED"
    people_import.refresh_from_db()
    assert people_import.status == ImportStatus.FAILED
    assert "nothing was imported" in people_import.failure_message
    assert not Person.objects.exists()
