"""Line managers: in the HR import (same file or directory), the person form and the API; and
the import-people command's --mapping pairs and --dry-run."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from dpassure.core.tenancy import scope_for
from dpassure.organisations.forms import PersonForm
from dpassure.organisations.models import PeopleImport, Person
from tests.factories import DepartmentFactory, PersonFactory
from tests.organisations.test_import_services import run, upload_and_check
from tests.organisations.test_importing import csv_bytes, person_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def custody(org):
    return DepartmentFactory(organisation=org, name="Custody", code="CUS")


def row(number, manager=""):
    return person_row(**{"Employee number": number, "Line manager": manager})


def test_managers_resolve_within_the_file_and_the_directory(org, editor, custody):
    PersonFactory(organisation=org, employee_number="B1", department=custody)
    # E2's manager E3 comes later in the file; E1's is already in the directory.
    content = csv_bytes([row("E1", "B1"), row("E2", "E3"), row("E3", "B1")])
    people_import = run(org, editor, content)
    assert people_import.errors == []
    managers = dict(
        Person.objects.filter(organisation=org).values_list(
            "employee_number", "line_manager__employee_number"
        )
    )
    assert managers == {"B1": None, "E1": "B1", "E2": "E3", "E3": "B1"}
    assert Person.objects.get(employee_number="E2").line_manager.history.exists()


def test_a_rerun_changes_no_manager_and_adds_no_history(org, editor, custody):
    PersonFactory(organisation=org, employee_number="B1", department=custody)
    content = csv_bytes([row("E1", "B1"), row("E2", "E1")])
    run(org, editor, content)
    history = Person.history.count()
    again = run(org, editor, content, name="again.csv")
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    assert Person.history.count() == history


def test_changing_a_manager_is_an_update(org, editor, custody):
    PersonFactory(organisation=org, employee_number="B1", department=custody)
    PersonFactory(organisation=org, employee_number="B2", department=custody)
    run(org, editor, csv_bytes([row("E1", "B1")]))
    people_import = run(org, editor, csv_bytes([row("E1", "B2")]), name="moved.csv")
    assert people_import.updated_count == 1
    assert Person.objects.get(employee_number="E1").line_manager.employee_number == "B2"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [row("E1", "NOBODY")],
            "No one in the file or the directory has employee number NOBODY (the line manager)",
        ),
        ([row("E1", "E1")], "A person cannot be their own line manager"),
    ],
)
def test_an_unknown_manager_is_a_row_problem(org, editor, custody, rows, message):
    people_import = upload_and_check(org, editor, csv_bytes(rows))
    assert people_import.errors == [{"row": 2, "column": "Line manager", "message": message}]
    assert not Person.objects.exists()


def test_another_organisations_person_is_not_a_manager(org, other_org, editor, custody):
    PersonFactory(organisation=other_org, employee_number="B1")
    people_import = upload_and_check(org, editor, csv_bytes([row("E1", "B1")]))
    assert "No one in the file or the directory" in people_import.errors[0]["message"]


def test_person_form_takes_the_managers_employee_number_in_this_organisation(
    org, other_org, editor
):
    me = PersonFactory(organisation=org, employee_number="E1")
    colleague = PersonFactory(organisation=org, employee_number="E2")
    PersonFactory(organisation=other_org, employee_number="X9")
    scope = scope_for(editor, org.slug)

    def form(manager):
        data = {
            "employee_number": "E1",
            "first_name": "Ada",
            "last_name": "Jones",
            "line_manager": manager,
            "start_date_0": "6",
            "start_date_1": "1",
            "start_date_2": "2020",
        }
        return PersonForm(data, instance=me, scope=scope)

    good = form("E2")
    assert good.is_valid(), good.errors
    assert good.cleaned_data["line_manager"] == colleague
    for manager in ("X9", "E1", "NOBODY"):  # another organisation's, themself, nobody
        bad = form(manager)
        assert not bad.is_valid()
        assert bad.errors["line_manager"] == [
            "Enter the employee number of someone else in the directory"
        ]
    me.line_manager = colleague
    me.save()
    assert 'value="E2"' in str(PersonForm(instance=me, scope=scope)["line_manager"])


def test_api_reads_and_writes_the_line_manager(api, org, other_org):
    manager = PersonFactory(organisation=org)
    person = PersonFactory(organisation=org)
    url = f"/api/v1/o/{org.slug}/people/{person.pk}/"
    assert api.get(url).json()["line_manager"] is None
    assert api.patch(url, {"line_manager": manager.pk}, format="json").status_code == 200
    person.refresh_from_db()
    assert person.line_manager == manager
    stranger = PersonFactory(organisation=other_org)
    refused = api.patch(url, {"line_manager": stranger.pk}, format="json")
    assert refused.status_code == 400 and "line_manager" in refused.json()


# --- import-people: --mapping field=Header pairs and --dry-run ----------------------------


def command(*args):
    out = io.StringIO()
    call_command("import_people", *args, stdout=out)
    return out.getvalue()


def test_import_people_mapping_pairs_and_dry_run(org, custody, tmp_path):
    headers = ["Staff ref", "First name", "Last name", "Department", "Start date", "Boss"]
    content = csv_bytes(
        [
            ["S1", "Ada", "Lovelace", "Custody", "06/01/2020", ""],
            ["S2", "Bea", "Khan", "Custody", "06/01/2020", "S1"],
        ],
        headers=headers,
    )
    path = tmp_path / "hr.csv"
    path.write_bytes(content)
    pairs = "employee_number=Staff ref,line_manager=Boss"
    out = command(org.slug, str(path), "--mapping", pairs, "--dry-run")
    assert "Line manager     Boss" in out and "Dry run: nothing was imported." in out
    assert not Person.objects.exists() and not PeopleImport.objects.exists()
    command(org.slug, str(path), "--mapping", pairs)
    assert Person.objects.get(employee_number="S2").line_manager.employee_number == "S1"


@pytest.mark.parametrize(
    ("option", "message"),
    [("employee_number=Emp,first_name", "not field=Header"), ("pay=Salary", "unknown fields")],
)
def test_import_people_mapping_pairs_are_checked(org, custody, tmp_path, option, message):
    path = tmp_path / "hr.csv"
    path.write_bytes(csv_bytes([row("E1")]))
    with pytest.raises(CommandError, match=message):
        command(org.slug, str(path), "--mapping", option)
