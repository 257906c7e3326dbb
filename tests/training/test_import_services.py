"""Import services: all or nothing, re-runs change nothing, the import row is the audit."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dpassure.organisations.models import ImportMapping, ImportStatus, Membership
from dpassure.training import import_services
from dpassure.training.import_tasks import training_import_run
from dpassure.training.models import TrainingImport, TrainingRecord
from tests.factories import CourseFactory, PersonFactory
from tests.training.test_importing import HEADERS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def make_training_import(org, *, uploaded_by=None):
    """A checked, clean import of one completion (the tenancy meta-test builds one per org)."""
    if uploaded_by is None:
        uploaded_by = Membership.objects.filter(organisation=org).order_by("pk").first().user
    number = f"{org.slug.upper()}-L1"
    PersonFactory(organisation=org, employee_number=number)
    CourseFactory(organisation=org, code=f"{org.slug}-DP")
    content = csv_bytes([[number, "", f"{org.slug}-DP", "01/03/2024", "85"]])
    return upload_and_check(org, uploaded_by, content, name=f"{org.slug}-lms.csv")


@pytest.fixture
def world(org):
    people = [
        PersonFactory(organisation=org, employee_number=f"E{n}", email=f"p{n}@force.example")
        for n in range(1, 4)
    ]
    course = CourseFactory(organisation=org, code="DP1", title="Data protection", pass_mark=80)
    return people, course


def upload(org, actor, content, name="lms.csv"):
    return import_services.training_import_upload(
        organisation=org, actor=actor, uploaded_file=SimpleUploadedFile(name, content)
    )


def upload_and_check(org, actor, content, name="lms.csv", mapping=None):
    training_import = upload(org, actor, content, name)
    return import_services.training_import_check(
        training_import, actor=actor, mapping=mapping or training_import.mapping, today=TODAY
    )


def run(org, actor, content, name="lms.csv", commit_clean_rows=False):
    training_import = upload_and_check(org, actor, content, name)
    training_import = import_services.training_import_start(
        training_import, actor=actor, commit_clean_rows=commit_clean_rows, queue=False
    )
    return import_services.training_import_commit(training_import, actor=actor, today=TODAY)


CLEAN = [
    ["E1", "", "DP1", "01/03/2024", "85%"],
    ["", "P2@force.example", "dp1", "2024-03-02", "70"],
    ["E3", "", "Data protection", "1 March 2024", "N/A"],
]


def test_upload_stores_the_file_hash_and_mapping(org, editor, world):
    content = csv_bytes(CLEAN)
    training_import = upload(org, editor, content)
    assert training_import.status == ImportStatus.UPLOADED
    assert training_import.file.read() == content
    assert len(training_import.sha256) == 64
    assert training_import.encoding == "utf-8-sig"
    assert training_import.headers == HEADERS
    assert training_import.mapping["completed_on"] == "Completion date"
    assert training_import.history.get().history_user == editor


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("lms.xls", b"x", "old Excel format"),
        ("lms.pdf", b"x", "must be a CSV or XLSX"),
        ("lms.csv", b"", "empty"),
        ("lms.csv", b"Employee number\n", "no completions in it"),
        ("lms.csv", "Emp\n1\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_upload_refuses_what_cannot_be_read(org, editor, name, content, message):
    with pytest.raises(ValidationError, match=message):
        upload(org, editor, content, name)
    assert not TrainingImport.objects.exists()


def test_check_reports_and_remembers_the_mapping(org, editor, world):
    training_import = upload_and_check(org, editor, csv_bytes([*CLEAN, ["E9", "", "DP1", "", ""]]))
    assert training_import.status == ImportStatus.CHECKED
    assert (training_import.total_rows, training_import.new_count) == (4, 3)
    assert training_import.problem_count == 1
    assert training_import.report["counts"]["unmatched"] == 1
    problems = training_import.problems_file.read().decode("utf-8-sig").splitlines()
    assert problems[0] == "Row,Problem,Column,Value,Details"
    assert any(line.startswith("5,Learners not in the staff directory") for line in problems)
    assert ImportMapping.objects.get(organisation=org, source="lms").mapping == (
        training_import.mapping
    )
    assert not TrainingRecord.objects.exists()


def test_missing_required_columns_are_a_clear_error(org, editor, world):
    training_import = upload(org, editor, csv_bytes([["E1", "x"]], headers=["Staff", "Other"]))
    with pytest.raises(ValidationError) as raised:
        import_services.training_import_check(
            training_import, actor=editor, mapping=training_import.mapping
        )
    assert (
        "Select the column that holds the completion date"
        in raised.value.message_dict["completed_on"]
    )


def test_clean_file_imports_every_row_without_history_per_record(org, editor, world):
    people, course = world
    training_import = run(org, editor, csv_bytes(CLEAN))
    assert training_import.status == ImportStatus.DONE
    assert training_import.new_count == 3
    records = TrainingRecord.objects.order_by("person__employee_number")
    assert [(r.person, r.score, r.passed, r.source) for r in records] == [
        (people[0], Decimal("85.00"), True, "imported"),
        (people[1], Decimal("70.00"), False, "imported"),
        (people[2], None, True, "imported"),
    ]
    assert {r.training_import_id for r in records} == {training_import.pk}
    assert TrainingRecord.history.count() == 0
    actions = list(
        training_import.history.order_by("history_date").values_list(
            "history_change_reason", flat=True
        )
    )
    assert actions == ["Uploaded", "Checked", "Import started", "Imported"]
    assert not training_import.file  # the stored export is deleted once imported


def test_rerunning_the_same_file_changes_nothing_and_is_noticed(org, editor, world):
    content = csv_bytes(CLEAN)
    first = run(org, editor, content)
    again = upload_and_check(org, editor, content)
    assert (again.new_count, again.unchanged_count) == (0, 3)
    assert list(import_services.same_file_imports(again)) == [first]
    again = import_services.training_import_start(again, actor=editor, queue=False)
    again = import_services.training_import_commit(again, actor=editor, today=TODAY)
    assert again.status == ImportStatus.DONE and again.new_count == 0
    assert TrainingRecord.objects.count() == 3


def test_problems_block_the_import_unless_clean_rows_are_chosen(org, editor, world):
    content = csv_bytes([*CLEAN, ["E1", "", "XX", "01/03/2024", "85"]])
    training_import = upload_and_check(org, editor, content)
    with pytest.raises(ValidationError, match="Some rows have problems"):
        import_services.training_import_start(training_import, actor=editor, queue=False)
    training_import = run(org, editor, content, commit_clean_rows=True)
    assert training_import.status == ImportStatus.DONE
    assert training_import.commit_clean_rows is True
    assert (training_import.new_count, training_import.problem_count) == (3, 1)
    assert TrainingRecord.objects.count() == 3
    started = training_import.history.filter(history_change_reason__startswith="Import started")
    assert started.get().history_change_reason == "Import started (clean rows only)"


def test_conflicts_are_left_out_of_the_table_too(org, editor, world):
    content = csv_bytes(
        [["E1", "", "DP1", "01/03/2024", "85"], *CLEAN[1:], ["E1", "", "DP1", "01/03/2024", "40"]]
    )
    training_import = run(org, editor, content, commit_clean_rows=True)
    assert training_import.new_count == 2 and training_import.problem_count == 2
    assert not TrainingRecord.objects.filter(person__employee_number="E1").exists()


def test_nothing_is_half_imported_when_writing_fails(org, editor, world, monkeypatch):
    real = import_services.writer

    class Failing:
        """Writes the first record (COPY or bulk insert, by database), then fails."""

        def __init__(self, training_import, *, now):
            self.inner, self.count = real(training_import, now=now), 0

        def __enter__(self):
            self.inner.__enter__()
            return self

        def __exit__(self, *exc):
            return self.inner.__exit__(*exc)

        def write(self, completion):
            if self.count:
                raise RuntimeError("disk full")
            self.count = 1
            self.inner.write(completion)
            self.inner.flush()

    monkeypatch.setattr(import_services, "writer", Failing)
    training_import = upload_and_check(org, editor, csv_bytes(CLEAN))
    training_import = import_services.training_import_start(training_import, actor=editor)
    with pytest.raises(RuntimeError):
        training_import_run.call(training_import.pk, editor.pk)
    assert not TrainingRecord.objects.exists()
    training_import.refresh_from_db()
    assert training_import.status == ImportStatus.FAILED
    assert "nothing was imported" in training_import.failure_message


def test_directory_changed_since_the_check_imports_nothing(org, editor, world):
    people, _course = world
    training_import = upload_and_check(org, editor, csv_bytes(CLEAN))
    people[2].employee_number = "E3-renumbered"
    people[2].save()
    training_import = import_services.training_import_start(training_import, actor=editor)
    training_import = import_services.training_import_commit(
        training_import, actor=editor, today=TODAY
    )
    assert training_import.status == ImportStatus.CHECKED
    assert "changed after the file was checked" in training_import.failure_message
    assert training_import.problem_count == 1
    assert not TrainingRecord.objects.exists()


def test_background_task_commits_once(org, editor, world, django_capture_on_commit_callbacks):
    training_import = upload_and_check(org, editor, csv_bytes(CLEAN))
    with django_capture_on_commit_callbacks(execute=True):
        import_services.training_import_start(training_import, actor=editor)
    training_import.refresh_from_db()
    assert training_import.status == ImportStatus.DONE
    assert training_import_run.call(training_import.pk, editor.pk) == ImportStatus.DONE
    assert TrainingRecord.objects.count() == 3


def test_xlsx_with_excel_dates(org, editor, world):
    content = xlsx_bytes([["E1", None, "DP1", datetime.datetime(2024, 3, 1), 85]])
    training_import = run(org, editor, content, name="lms.xlsx")
    assert training_import.status == ImportStatus.DONE
    assert TrainingRecord.objects.get().completed_on == datetime.date(2024, 3, 1)


def test_windows_1252_file_imports_with_a_warning(org, editor, world):
    headers = [*HEADERS, "Learner name"]
    content = csv_bytes(
        [["E1", "", "DP1", "01/03/2024", "85", "Siân"]], headers=headers, encoding="cp1252"
    )
    training_import = upload_and_check(org, editor, content)
    assert training_import.encoding == "cp1252"
    assert "read as Windows-1252" in training_import.report["warnings"][0]
    assert "Siân" in training_import.report["preview"][0]["cells"]


def test_people_with_no_learning_account_are_listed(org, editor, world):
    training_import = upload_and_check(org, editor, csv_bytes(CLEAN[:1]))
    no_account = training_import.report["no_account"]
    assert no_account["count"] == 2
    assert [p["employee_number"] for p in no_account["examples"]] == ["E2", "E3"]
    assert training_import.problem_count == 0  # not a problem with the file's rows


def test_ten_thousand_duplicate_lines_are_one_bounded_entry(org, editor, world):
    content = csv_bytes([CLEAN[0]] * 10_000)
    training_import = upload_and_check(org, editor, content)
    (duplicates,) = training_import.report["categories"]
    assert (duplicates["count"], len(duplicates["groups"])) == (9_999, 1)
    assert duplicates["groups"][0]["rows"] == [3, 4, 5, 6, 7]
    assert len(str(training_import.report)) < 5_000  # bounded, whatever the file's size
    problems = training_import.problems_file.read().decode("utf-8-sig").splitlines()
    assert sum(",Duplicate lines," in line for line in problems) == 9_999  # all, downloadable
    training_import = run(org, editor, content, commit_clean_rows=True)
    assert TrainingRecord.objects.count() == 1
