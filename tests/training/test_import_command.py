"""``dpassure import-training``: the same services as the pages, run from a shell."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from dpassure.organisations.models import ImportMapping
from dpassure.training.models import TrainingImport, TrainingRecord
from tests.factories import UserFactory
from tests.training import test_import_services
from tests.training.test_import_services import CLEAN
from tests.training.test_importing import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
world = test_import_services.world  # the same people and course


def run(*args):
    out = io.StringIO()
    call_command("import_training", *args, stdout=out)
    return out.getvalue()


def write(tmp_path, content, name="lms.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_imports_and_a_rerun_changes_nothing(org, world, tmp_path):
    path = write(tmp_path, csv_bytes(CLEAN))
    out = run(org.slug, path)
    assert "3 rows: 3 new, 0 already imported, 0 with problems." in out
    assert "Imported lms.csv into Wessex Police: 3 new records, 0 already imported." in out
    assert TrainingRecord.objects.count() == 3
    out = run(org.slug, path)
    assert "This exact file was imported before" in out
    assert "0 new records, 3 already imported." in out
    assert TrainingRecord.objects.count() == 3


def test_problems_exit_non_zero_and_import_nothing(org, world, tmp_path):
    content = csv_bytes([*CLEAN, ["E9", "", "DP1", "01/03/2024", "85"]] + [CLEAN[0]] * 3)
    out = io.StringIO()
    with pytest.raises(CommandError, match="4 rows have problems. Nothing was imported"):
        call_command("import_training", org.slug, write(tmp_path, content), stdout=out)
    report = out.getvalue()
    assert "Learners not in the staff directory: 1" in report
    assert "Row 5, Employee number: No one in the staff directory has employee number E9" in (
        report
    )
    assert "Duplicate lines: 3" in report
    assert "Row 6, 7, 8: Repeats row 2" in report
    assert not TrainingRecord.objects.exists()
    assert not TrainingImport.objects.exists()


def test_commit_clean_rows(org, world, tmp_path):
    content = csv_bytes([*CLEAN, ["E1", "", "DP1", "01/03/2024", "150"]])
    out = run(org.slug, write(tmp_path, content), "--commit-clean-rows")
    assert "3 new records, 0 already imported, 1 rows left out." in out
    training_import = TrainingImport.objects.get()
    assert training_import.commit_clean_rows and training_import.problem_count == 1
    assert TrainingRecord.objects.count() == 3


def test_dry_run_reports_only_and_keeps_no_file(org, world, tmp_path):
    out = run(org.slug, write(tmp_path, xlsx_bytes(CLEAN), "lms.xlsx"), "--dry-run")
    assert "3 rows: 3 new" in out and "Dry run: nothing was imported." in out
    assert not TrainingRecord.objects.exists()
    assert not TrainingImport.objects.exists()
    assert not ImportMapping.objects.exists()


@pytest.mark.parametrize("style", ["pairs", "json", "file"])
def test_mapping_as_pairs_json_or_file(org, world, tmp_path, style):
    headers = ["Staff ID", "Module", "Date passed", "Mark"]
    path = write(tmp_path, csv_bytes([["E1", "DP1", "01/03/2024", "85"]], headers=headers))
    mapping = {
        "employee_number": "Staff ID",
        "course_code": "Module",
        "completed_on": "Date passed",
        "score": "Mark",
    }
    option = {
        "pairs": ",".join(f"{k}={v}" for k, v in mapping.items()),
        "json": json.dumps(mapping),
        "file": write(tmp_path, json.dumps(mapping).encode(), "mapping.json"),
    }[style]
    out = run(org.slug, path, "--mapping", option, "--source", "ncalt")
    assert "Completion date        Date passed" in out
    assert TrainingRecord.objects.get().score == 85
    assert ImportMapping.objects.get(source="ncalt").mapping["completed_on"] == "Date passed"


def test_user_is_recorded_on_the_import(org, world, tmp_path):
    user = UserFactory(username="lms-loader")
    run(org.slug, write(tmp_path, csv_bytes(CLEAN)), "--user", "lms-loader")
    assert TrainingImport.objects.get().uploaded_by == user


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere", "FILE"], "No organisation has the slug 'nowhere'"),
        (["wessex", "missing.csv"], "There is no file at missing.csv"),
        (["wessex", "FILE", "--mapping", "{not json"], "--mapping is not valid JSON"),
        (["wessex", "FILE", "--mapping", "pay=Salary"], "unknown fields ['pay']"),
        (["wessex", "FILE", "--mapping", "no-such-file.json"], "neither JSON"),
        (["wessex", "FILE", "--user", "ghost"], "No user is called 'ghost'"),
        (["wessex", "UTF16"], "UTF-16"),
        (["wessex", "NOCOLS"], "Completion date: Select the column"),
    ],
)
def test_refuses_with_a_reason(org, world, tmp_path, args, message):
    files = {
        "FILE": write(tmp_path, csv_bytes(CLEAN)),
        "UTF16": write(tmp_path, "Emp\nÉ\n".encode("utf-16"), "u.csv"),
        "NOCOLS": write(tmp_path, b"Employee number,Course code\nE1,DP1\n", "n.csv"),
    }
    with pytest.raises(CommandError) as raised:
        run(*[files.get(a, a) for a in args])
    assert message in str(raised.value)
    assert not TrainingImport.objects.exists()


def test_the_dpassure_cli_maps_the_dashed_name():
    from django.core.management import get_commands

    from dpassure import cli  # noqa: F401  (import-training -> import_training)

    assert "import_training" in get_commands()
