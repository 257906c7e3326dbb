"""Reading and checking HR extracts: pure functions, no database."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from dpassure.organisations import importing
from dpassure.organisations.importing import Action
from dpassure.organisations.models import Department, Organisation, Person

HEADERS = importing.DEFAULT_HEADERS
GOOD = {
    "Employee number": "E1",
    "First name": "Ada",
    "Last name": "Lovelace",
    "Email": "ada@force.example",
    "Department": "Custody",
    "Job title": "Sergeant",
    "Start date": "06/01/2020",
    "Leaving date": "",
}


# --- Files built in the tests -------------------------------------------------------------


def csv_bytes(rows, *, headers=HEADERS, bom=True, delimiter=",", encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [row.get(header, "") for header in headers] if isinstance(row, dict) else row
        )
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def xlsx_bytes(rows, *, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(h) for h in headers] if isinstance(row, dict) else list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def person_row(**changes) -> dict:
    return {**GOOD, **changes}


# --- Reading ------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [True, False])
def test_reads_csv_with_or_without_bom(bom):
    table = importing.read_table("staff.csv", csv_bytes([GOOD], bom=bom))
    assert table.headers == HEADERS
    assert table.rows == [
        (
            2,
            [
                "E1",
                "Ada",
                "Lovelace",
                "ada@force.example",
                "Custody",
                "Sergeant",
                "06/01/2020",
                None,
                None,  # line manager
            ],
        )
    ]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_reads_csv_with_other_separators(delimiter):
    table = importing.read_table("staff.csv", csv_bytes([GOOD], delimiter=delimiter))
    assert table.headers == HEADERS
    assert table.rows[0][1][:2] == ["E1", "Ada"]


def test_reads_xlsx_with_real_dates_and_numbers():
    row = person_row(**{"Employee number": 12345, "Start date": datetime.datetime(2021, 3, 27)})
    table = importing.read_table("Staff.XLSX", xlsx_bytes([row]))
    number, cells = table.rows[0]
    assert number == 2
    assert cells[0] == "12345"
    assert cells[6] == datetime.date(2021, 3, 27)


def test_blank_rows_are_skipped_but_rows_keep_their_numbers():
    content = csv_bytes([GOOD, {}, person_row(**{"Employee number": "E2"})])
    table = importing.read_table("staff.csv", content)
    assert [number for number, _ in table.rows] == [2, 4]


def test_headers_are_tidied():
    content = csv_bytes([["E1"]], headers=["  Employee   number "])
    assert importing.read_table("staff.csv", content).headers == ["Employee number"]


def test_preview_limit_stops_early():
    rows = [person_row(**{"Employee number": f"E{n}"}) for n in range(30)]
    assert len(importing.read_table("s.xlsx", xlsx_bytes(rows), limit=10).rows) == 10


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        (
            "staff.csv",
            "Employee number\nÉ1\n".encode("cp1252"),
            "The file is not UTF-8 encoded. In Excel, save it as 'CSV UTF-8'.",
        ),
        ("staff.xlsx", b"Employee number\nE1\n", "could not be opened as an Excel workbook"),
        ("staff.csv", b"", "no header row"),
        ("staff.csv", b"Employee number,First name\n", "no people in it"),
        ("staff.csv", b"Email,email\nx,y\n", "more than one column called 'email'"),
        ("staff.csv", b"\x00\x01\x02Employee number\nE1\n", "must be a CSV or XLSX"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(filename, content, message):
    with pytest.raises(ValidationError) as raised:
        importing.read_table(filename, content)
    assert message in raised.value.messages[0]


@pytest.mark.parametrize(
    ("filename", "size", "message"),
    [
        ("staff.csv", 10, None),
        ("STAFF.XLSX", 10, None),
        ("staff.xls", 10, "old Excel format (.xls)"),
        ("staff.pdf", 10, "The selected file must be a CSV or XLSX"),
        ("staff", 10, "The selected file must be a CSV or XLSX"),
        ("staff.csv", 0, "The selected file is empty"),
        ("staff.csv", 2 * 1024 * 1024 + 1, "The selected file must be smaller than 2 MB"),
    ],
)
def test_file_problem(filename, size, message):
    problem = importing.file_problem(filename, size, max_bytes=2 * 1024 * 1024)
    if message is None:
        assert problem is None
    else:
        assert message in problem


# --- Mapping ------------------------------------------------------------------------------


def test_guesses_the_documented_headers():
    mapping = importing.guess_mapping(HEADERS)
    assert mapping == {target.name: target.header for target in importing.TARGETS}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Emp No", "employee_number"),
        ("EMP. NO.", "employee_number"),
        ("staff number", "employee_number"),
        ("Forename", "first_name"),
        ("Surname", "last_name"),
        ("E-mail address", "email"),
        ("Dept", "department"),
        ("Job title or rank", "job_title"),
        ("Rank", "job_title"),
        ("Date joined", "start_date"),
        ("Date left", "leaving_date"),
        ("employee_number", "employee_number"),
    ],
)
def test_guesses_aliases_ignoring_case(header, field):
    assert importing.guess_mapping([header])[field] == header


def test_guess_leaves_unknown_columns_unmapped_and_uses_each_header_once():
    mapping = importing.guess_mapping(["Emp No", "Pay grade"])
    assert mapping["employee_number"] == "Emp No"
    assert set(mapping.values()) == {"Emp No", ""}


def test_saved_mapping_wins_where_its_header_is_in_the_file():
    saved = {"employee_number": "Staff ref", "first_name": "Called", "last_name": "Gone"}
    mapping = importing.guess_mapping(["Staff ref", "Called", "Surname"], saved)
    assert mapping["employee_number"] == "Staff ref"
    assert mapping["first_name"] == "Called"
    assert mapping["last_name"] == "Surname"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"employee_number": ""}, "employee_number", "Select the column that holds the employee"),
        ({"start_date": ""}, "start_date", "Select the column that holds the start date"),
        ({"email": "Nope"}, "email", "The file has no column called 'Nope'"),
        ({"job_title": "Last name"}, "job_title", "'Last name' is already used for the last name"),
        ({"pay": "Email"}, "__all__", "Unknown fields: pay"),
    ],
)
def test_mapping_problems(changes, field, message):
    mapping = {**importing.guess_mapping(HEADERS), **changes}
    assert message in importing.mapping_problems(mapping, HEADERS)[field]


def test_optional_fields_need_no_column():
    mapping = {
        "employee_number": "Employee number",
        "first_name": "First name",
        "last_name": "Last name",
        "start_date": "Start date",
    }
    assert importing.mapping_problems(mapping, HEADERS) == {}


# --- Dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31/01/2024", datetime.date(2024, 1, 31)),
        ("1/2/2024", datetime.date(2024, 2, 1)),
        ("2024-01-31", datetime.date(2024, 1, 31)),
        (" 2024-1-5 ", datetime.date(2024, 1, 5)),
        (datetime.date(2024, 2, 29), datetime.date(2024, 2, 29)),
    ],
)
def test_parse_date(value, expected):
    assert importing.parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2024", "'31/02/2024' is not a real date"),
        ("29/02/2023", "'29/02/2023' is not a real date"),
        ("2024-13-01", "'2024-13-01' is not a real date"),
        ("31-01-2024", "'31-01-2024' is not a date: use DD/MM/YYYY"),
        ("01/31/24", "'01/31/24' is not a date: use DD/MM/YYYY"),
        ("45321", "'45321' is not a date"),
        ("next week", "'next week' is not a date"),
    ],
)
def test_parse_date_refuses(value, message):
    with pytest.raises(ValueError, match=message):
        importing.parse_date(value)


# --- Checking rows ------------------------------------------------------------------------

ORG = Organisation(pk=1, name="Wessex Police", slug="wessex")
CUSTODY = Department(pk=10, organisation=ORG, name="Custody", code="CUS")
FINANCE = Department(pk=11, organisation=ORG, name="Finance", code="FIN")
TWIN_A = Department(pk=12, organisation=ORG, name="North", code="TWIN")
TWIN_B = Department(pk=13, organisation=ORG, name="South", code="TWIN")
DEPARTMENTS = [CUSTODY, FINANCE, TWIN_A, TWIN_B]


def check(rows, *, headers=HEADERS, people=(), mapping=None, **kwargs) -> importing.Report:
    table = importing.read_table("staff.csv", csv_bytes(rows, headers=headers))
    return importing.check_rows(
        table,
        mapping or importing.guess_mapping(table.headers),
        organisation=ORG,
        departments=DEPARTMENTS,
        people=list(people),
        **kwargs,
    )


def existing(**fields) -> Person:
    values = {
        "pk": 100,
        "organisation": ORG,
        "employee_number": "E1",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@force.example",
        "department": CUSTODY,
        "job_title": "Sergeant",
        "start_date": datetime.date(2020, 1, 6),
        "leaving_date": None,
        **fields,
    }
    return Person(**values)


def test_a_good_row_is_planned_as_a_create():
    report = check([GOOD])
    assert report.errors == []
    [planned] = report.planned
    assert planned.action == Action.CREATE
    assert planned.values == {
        "employee_number": "E1",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@force.example",
        "department": CUSTODY,
        "job_title": "Sergeant",
        "start_date": datetime.date(2020, 1, 6),
        "leaving_date": None,
        "line_manager": "",
    }


TOO_LONG = "x" * 101


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"Employee number": ""}, "Employee number", "Employee number is missing"),
        ({"First name": " "}, "First name", "First name is missing"),
        ({"Last name": ""}, "Last name", "Last name is missing"),
        ({"Start date": ""}, "Start date", "Start date is missing"),
        ({"Start date": "31/02/2024"}, "Start date", "'31/02/2024' is not a real date"),
        ({"Leaving date": "2024/01/01"}, "Leaving date", "'2024/01/01' is not a date"),
        (
            {"Leaving date": "01/01/2019"},
            "Leaving date",
            "The leaving date 01/01/2019 is before the start date 06/01/2020",
        ),
        ({"Email": "ada@"}, "Email", "'ada@' is not a valid email address"),
        ({"Email": "ada lovelace@x.example"}, "Email", "is not a valid email address"),
        ({"Department": "Traffic"}, "Department", "No department is called or coded 'Traffic'"),
        ({"Department": "twin"}, "Department", "More than one department is called or coded"),
        ({"First name": TOO_LONG}, "First name", "Must be 100 characters or fewer (this has 101)"),
        ({"Last name": TOO_LONG}, "Last name", "Must be 100 characters or fewer (this has 101)"),
        ({"Employee number": "E" * 31}, "Employee number", "Must be 30 characters or fewer"),
        ({"Job title": "J" * 151}, "Job title", "Must be 150 characters or fewer (this has 151)"),
        ({"Email": "a" * 250 + "@x.example"}, "Email", "Must be 254 characters or fewer"),
    ],
)
def test_row_problems(changes, column, message):
    report = check([person_row(**{"Employee number": "E0"}), person_row(**changes)])
    assert len(report.errors) == 1
    [error] = report.errors
    assert (error.row, error.column) == (3, column)
    assert message in error.message
    assert [planned.row for planned in report.planned] == [2]


def test_duplicate_employee_numbers_point_at_the_first_row():
    report = check([GOOD, person_row(**{"Employee number": "E2"}), GOOD])
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (4, "Employee number", "Employee number E1 is also on row 2")
    ]


def test_several_problems_in_one_row_are_all_reported():
    report = check([person_row(**{"First name": "", "Start date": "soon", "Email": "no"})])
    assert {error.column for error in report.errors} == {"First name", "Start date", "Email"}
    assert report.error_rows == 1


def test_problems_name_the_column_as_the_file_does():
    headers = ["Emp No", "Forename", "Surname", "Start"]
    report = check([["E1", "Ada", "", "06/01/2020"]], headers=headers)
    assert [(e.column, e.message) for e in report.errors] == [("Surname", "Last name is missing")]


@pytest.mark.parametrize("value", ["custody", "CUS", "cus", " Custody "])
def test_departments_match_by_name_or_code_ignoring_case(value):
    [planned] = check([person_row(Department=value)]).planned
    assert planned.values["department"] == CUSTODY


def test_a_known_employee_number_is_an_update():
    report = check([person_row(**{"Job title": "Inspector"})], people=[existing()])
    [planned] = report.planned
    assert planned.action == Action.UPDATE
    assert planned.person.pk == 100


def test_an_identical_row_is_unchanged():
    report = check([GOOD], people=[existing()])
    assert [planned.action for planned in report.planned] == [Action.UNCHANGED]


def test_a_column_left_out_of_the_mapping_is_left_as_it_is():
    mapping = {**importing.guess_mapping(HEADERS), "job_title": "", "department": ""}
    person = existing(job_title="Chief Inspector", department=FINANCE)
    report = check([GOOD], people=[person], mapping=mapping)
    assert [planned.action for planned in report.planned] == [Action.UNCHANGED]
    assert "job_title" not in report.planned[0].values


def test_an_empty_optional_cell_clears_the_field():
    report = check([person_row(Email="", Department="")], people=[existing()])
    [planned] = report.planned
    assert planned.action == Action.UPDATE
    assert planned.values["email"] == ""
    assert planned.values["department"] is None


def test_apply_changes_only_the_mapped_fields():
    mapping = {**importing.guess_mapping(HEADERS), "email": ""}
    person = existing(email="keep@force.example")
    report = check([person_row(**{"Job title": "Inspector"})], people=[person], mapping=mapping)
    updated = importing.apply(report.planned[0], organisation=ORG)
    assert updated is person
    assert (updated.job_title, updated.email) == ("Inspector", "keep@force.example")


def test_counts_and_progress():
    rows = [person_row(**{"Employee number": f"E{n}"}) for n in range(1, 8)]
    seen = []
    report = check(rows, people=[existing()], on_progress=seen.append, progress_every=3)
    assert seen == [3, 6]
    assert report.count(Action.CREATE) == 6
    assert report.count(Action.UNCHANGED) == 1
    assert report.count(Action.UPDATE) == 0


def test_xlsx_dates_and_numeric_employee_numbers_check_cleanly():
    row = person_row(
        **{"Employee number": 7, "Start date": datetime.datetime(2020, 1, 6), "Leaving date": None}
    )
    table = importing.read_table("s.xlsx", xlsx_bytes([row]))
    report = importing.check_rows(
        table,
        importing.guess_mapping(table.headers),
        organisation=ORG,
        departments=DEPARTMENTS,
        people=[existing(employee_number="7")],
    )
    assert report.errors == []
    assert [planned.action for planned in report.planned] == [Action.UNCHANGED]
