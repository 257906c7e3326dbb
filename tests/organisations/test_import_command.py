"""``dpassure import-people``: the same services as the pages, run from a shell."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from dpassure.organisations.models import ImportMapping, PeopleImport, Person
from tests.factories import DepartmentFactory, UserFactory
from tests.organisations.test_import_services import rows
from tests.organisations.test_importing import csv_bytes, person_row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def custody(org):
    return DepartmentFactory(organisation=org, name="Custody", code="CUS")


def run(*args):
    out = io.StringIO()
    call_command("import_people", *args, stdout=out)
    return out.getvalue()


def write(tmp_path, content, name="staff.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_imports_a_file_and_a_rerun_changes_nothing(org, custody, tmp_path):
    path = write(tmp_path, xlsx_bytes(rows(3)), "staff.xlsx")
    out = run(org.slug, path)
    assert "3 rows: 3 to create, 0 to update, 0 unchanged." in out
    assert "Imported staff.xlsx into Wessex Police: 3 added, 0 updated, 0 unchanged." in out
    assert Person.objects.filter(organisation=org).count() == 3
    history = Person.history.count()
    out = run(org.slug, path)
    assert "0 added, 0 updated, 3 unchanged." in out
    assert Person.history.count() == history


def test_bad_rows_are_reported_and_nothing_is_imported(org, custody, tmp_path):
    content = csv_bytes([*rows(2), person_row(**{"Employee number": "E9", "Email": "nope"})])
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 row has problems. Nothing was imported."):
        call_command("import_people", org.slug, write(tmp_path, content), stdout=out)
    assert "Row 4, Email: 'nope' is not a valid email address" in out.getvalue()
    assert not Person.objects.exists()
    assert not PeopleImport.objects.exists()


def test_dry_run_reports_only(org, custody, tmp_path):
    out = run(org.slug, write(tmp_path, csv_bytes(rows(2))), "--dry-run")
    assert "2 rows: 2 to create" in out
    assert "Dry run: nothing was imported." in out
    assert not Person.objects.exists()
    assert not ImportMapping.objects.exists()


def test_mapping_inline_or_from_a_file(org, custody, tmp_path):
    headers = ["Staff ref", "Called", "Surname", "Joined on"]
    content = csv_bytes([["S1", "Ada", "Lovelace", "2020-01-06"]], headers=headers)
    mapping = {"employee_number": "Staff ref", "first_name": "Called", "start_date": "Joined on"}
    path = write(tmp_path, content)
    with pytest.raises(CommandError, match="Employee number: Select the column"):
        run(org.slug, path, "--dry-run")
    out = run(org.slug, path, "--mapping", json.dumps(mapping), "--dry-run")
    assert "Employee number  Staff ref" in out
    assert "Last name        Surname" in out  # guessed
    mapping_file = tmp_path / "mapping.json"
    mapping_file.write_text(json.dumps(mapping))
    run(org.slug, path, "--mapping", str(mapping_file))
    assert Person.objects.get().employee_number == "S1"


def test_user_is_recorded_in_the_audit_trail(org, custody, tmp_path):
    user = UserFactory(username="hr-loader")
    run(org.slug, write(tmp_path, csv_bytes(rows(1))), "--user", "hr-loader")
    assert Person.history.get().history_user == user


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere", "staff.csv"], "No organisation has the slug 'nowhere'"),
        (["wessex", "missing.csv"], "There is no file at missing.csv"),
        (["wessex", "FILE", "--mapping", "{not json"], "--mapping is not valid JSON"),
        (["wessex", "FILE", "--mapping", '{"pay": "Salary"}'], "unknown fields ['pay']"),
        (["wessex", "FILE", "--mapping", "no-such-file.json"], "neither JSON nor a file"),
        (["wessex", "FILE", "--user", "ghost"], "No user is called 'ghost'"),
        (["wessex", "BADFILE"], "not UTF-8 encoded"),
    ],
)
def test_refuses_with_a_reason(org, tmp_path, args, message):
    good = write(tmp_path, csv_bytes(rows(1)))
    bad = write(tmp_path, "Employee number\nÉ1\n".encode("cp1252"), "bad.csv")
    args = [good if a == "FILE" else bad if a == "BADFILE" else a for a in args]
    with pytest.raises(CommandError) as raised:
        run(*args)
    assert message in str(raised.value)
