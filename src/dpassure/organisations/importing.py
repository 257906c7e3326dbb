"""Reading and checking an HR extract of people (CSV or XLSX). Nothing here writes.

The services in ``import_services.py`` store the file, call :func:`read_table` and
:func:`check_rows`, and write what the check planned. Rows are numbered as a spreadsheet shows
them: the header is row 1, so the first person is row 2, and the report points at the cell the
user has to fix.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from openpyxl import load_workbook

from dpassure.organisations.models import Department, Person

# --- What can be imported ----------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A field of :class:`Person` that a column of the extract can fill."""

    name: str
    header: str  # the documented default column header
    required: bool = False
    aliases: tuple[str, ...] = ()


TARGETS: tuple[Target, ...] = (
    Target(
        "employee_number",
        "Employee number",
        required=True,
        aliases=(
            "employee no",
            "emp no",
            "emp number",
            "employee id",
            "emp id",
            "staff number",
            "staff no",
            "staff id",
            "payroll number",
            "payroll no",
            "personnel number",
            "person number",
        ),
    ),
    Target(
        "first_name",
        "First name",
        required=True,
        aliases=("forename", "forenames", "given name", "given names", "first names"),
    ),
    Target("last_name", "Last name", required=True, aliases=("surname", "family name")),
    Target(
        "email", "Email", aliases=("email address", "e-mail", "work email", "work email address")
    ),
    Target(
        "department",
        "Department",
        aliases=("dept", "department name", "department code", "dept code", "unit", "team"),
    ),
    Target(
        "job_title",
        "Job title",
        aliases=("job title or rank", "rank", "role", "position", "post", "job"),
    ),
    Target(
        "start_date",
        "Start date",
        required=True,
        aliases=(
            "date started",
            "start",
            "joining date",
            "date joined",
            "join date",
            "service start date",
            "hire date",
        ),
    ),
    Target(
        "leaving_date",
        "Leaving date",
        aliases=("leave date", "date left", "end date", "termination date", "leaver date"),
    ),
    Target(
        "line_manager",
        "Line manager",
        aliases=(
            "line manager employee number",
            "line manager number",
            "manager",
            "manager employee number",
            "manager number",
            "reports to",
        ),
    ),
)
TARGETS_BY_NAME = {target.name: target for target in TARGETS}
DEFAULT_HEADERS = [target.header for target in TARGETS]
DATE_FIELDS = {"start_date", "leaving_date"}
ACCEPTED_TYPES = "CSV or XLSX"

Mapping = dict[str, str]  # target field name -> header in the file ("" when not imported)


def _squash(text: str) -> str:
    """A header reduced to letters and digits, so "Emp. No" and "emp no" compare equal."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


# --- Reading the file --------------------------------------------------------------------


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number in the file, cell values), blank rows left out

    def positions(self, mapping: Mapping) -> dict[str, int]:
        """Where each mapped field's column is: target field name -> column position."""
        index = {header: position for position, header in enumerate(self.headers) if header}
        return {
            name: index[header] for name, header in mapping.items() if header and header in index
        }

    def mapped_rows(self, mapping: Mapping) -> Iterable[tuple[int, dict]]:
        """Each row's mapped cells: (row number, {target field name: raw value})."""
        positions = self.positions(mapping)
        for number, row in self.rows:
            yield (
                number,
                {
                    name: row[position] if position < len(row) else None
                    for name, position in positions.items()
                },
            )


def file_problem(filename: str, size: int, *, max_bytes: int) -> str | None:
    """Why this upload is refused before it is read, or None."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xls":
        return (
            "The selected file is an old Excel format (.xls). In Excel, save it as "
            "'Excel Workbook (.xlsx)' or 'CSV UTF-8', then upload it again."
        )
    if suffix not in (".csv", ".xlsx"):
        return f"The selected file must be a {ACCEPTED_TYPES}"
    if size == 0:
        return "The selected file is empty"
    if size > max_bytes:
        return f"The selected file must be smaller than {size_text(max_bytes)}"
    return None


def size_text(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.0f} MB" if megabytes >= 1 else f"{size // 1024} KB"


def read_table(filename: str, content: bytes, *, limit: int | None = None) -> Table:
    """The header row and the non-blank rows of a CSV or XLSX file.

    ``limit`` stops after that many data rows (for previews). Raises ``ValidationError`` with a
    message the user can act on when the file cannot be read.
    """
    if PurePath(filename).suffix.lower() != ".xlsx":
        return _table(_csv_lines(content), limit)
    with warnings.catch_warnings():
        # openpyxl warns about styles and data validation it ignores; neither matters here.
        warnings.simplefilter("ignore", UserWarning)
        workbook = _open_workbook(content)
        try:
            return _table(workbook.worksheets[0].iter_rows(values_only=True), limit)
        finally:
            workbook.close()


def _table(lines: Iterable, limit: int | None) -> Table:
    headers: list[str] | None = None
    rows: list[tuple[int, list]] = []
    for number, line in enumerate(lines, start=1):
        if headers is None:
            headers = [_header(cell) for cell in line]
            while headers and not headers[-1]:
                headers.pop()
            continue
        cells = [_cell(value) for value in line]
        if all(value is None for value in cells):
            continue
        rows.append((number, cells))
        if limit is not None and len(rows) >= limit:
            break
    if not headers:
        raise ValidationError(
            "The selected file has no header row. The first row must name the columns, "
            "for example " + ", ".join(f"'{header}'" for header in DEFAULT_HEADERS[:3]) + ".",
            code="no_header",
        )
    seen = set()
    for header in headers:
        if header and header.lower() in seen:
            raise ValidationError(
                f"The selected file has more than one column called '{header}'. "
                "Give each column a different name.",
                code="duplicate_header",
            )
        seen.add(header.lower())
    if not rows:
        raise ValidationError(
            "The selected file has no people in it: there are no rows under the header row.",
            code="no_rows",
        )
    return Table(headers=headers, rows=rows)


def _csv_lines(content: bytes) -> Iterable[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "The file is not UTF-8 encoded. In Excel, save it as 'CSV UTF-8'.", code="encoding"
        ) from None
    if "\x00" in text:
        raise ValidationError(
            f"The selected file must be a {ACCEPTED_TYPES}: this one looks like another kind "
            "of file with its name changed.",
            code="not_csv",
        )
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        raise ValidationError(
            f"Row {reader.line_num} of the CSV file could not be read ({error}).", code="csv"
        ) from None


def _open_workbook(content: bytes):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        if not workbook.worksheets:
            raise ValueError("no worksheets")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError):
        raise ValidationError(
            "The selected file could not be opened as an Excel workbook. Save it again in Excel "
            "as 'Excel Workbook (.xlsx)' or 'CSV UTF-8'.",
            code="xlsx",
        ) from None
    return workbook


def _header(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def _cell(value):
    """A cell as text, a date, or None. Excel numbers that are whole become "12345"."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def preview_rows(table: Table, mapping: Mapping, *, rows: int = 10) -> list[dict]:
    """The first rows as the mapping reads them: row number and the mapped cells as text."""
    names = [target.name for target in TARGETS if mapping.get(target.name)]
    preview = []
    for number, cells in table.mapped_rows(mapping):
        if len(preview) >= rows:
            break
        preview.append({"row": number, "cells": [cell_text(cells.get(name)) for name in names]})
    return preview


def cell_text(value) -> str:
    """How a parsed cell is shown back to the user (previews, reports)."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# --- Mapping columns to fields -----------------------------------------------------------


def guess_mapping(
    headers: list[str], saved: Mapping | None = None, *, targets: tuple[Target, ...] = TARGETS
) -> Mapping:
    """Which header fills each field: the saved mapping where its header is in this file,
    otherwise the documented header or an alias, compared ignoring case and punctuation.

    ``targets`` are the fields of the kind of file (the training import passes its own)."""
    by_squashed = {_squash(header): header for header in headers if header}
    present = set(by_squashed.values())
    mapping: Mapping = {}
    used: set[str] = set()
    for target in targets:
        choice = (saved or {}).get(target.name)
        if choice in present and choice not in used:
            mapping[target.name] = choice
            used.add(choice)
    for target in targets:
        if target.name in mapping:
            continue
        mapping[target.name] = ""
        for candidate in (target.header, target.name, *target.aliases):
            header = by_squashed.get(_squash(candidate))
            if header and header not in used:
                mapping[target.name] = header
                used.add(header)
                break
    return mapping


def mapping_problems(
    mapping: Mapping, headers: list[str], *, targets: tuple[Target, ...] = TARGETS
) -> dict[str, str]:
    """Problems with a chosen mapping, by target field name. Empty when it can be used."""
    by_name = {target.name: target for target in targets}
    problems: dict[str, str] = {}
    unknown = set(mapping) - set(by_name)
    if unknown:
        problems["__all__"] = "Unknown fields: " + ", ".join(sorted(unknown))
    chosen_by: dict[str, str] = {}
    for target in targets:
        header = mapping.get(target.name) or ""
        if not header:
            if target.required:
                problems[target.name] = f"Select the column that holds the {target.header.lower()}"
            continue
        if header not in headers:
            problems[target.name] = f"The file has no column called '{header}'"
        elif header in chosen_by:
            other = by_name[chosen_by[header]].header.lower()
            problems[target.name] = f"The column '{header}' is already used for the {other}"
        else:
            chosen_by[header] = target.name
    return problems


def mapping_from_option(text: str, *, targets: tuple[Target, ...] = TARGETS) -> Mapping:
    """A mapping given on the command line: JSON (``{"email": "Work email"}``) or
    ``field=Header,field=Header``. Raises ``ValueError`` with what to write instead."""
    text = text.strip()
    if text.startswith("{"):
        try:
            mapping = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"--mapping is not valid JSON: {error}") from None
        if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
            raise ValueError('--mapping must be a JSON object of field: "column header".')
    else:
        mapping = {}
        for part in filter(None, (part.strip() for part in text.split(","))):
            name, equals, header = part.partition("=")
            if not equals:
                raise ValueError(
                    f"--mapping part {part!r} is not field=Header (for example "
                    f"{targets[0].name}={targets[0].header!r})."
                )
            mapping[name.strip()] = header.strip()
    known = [target.name for target in targets]
    unknown = set(mapping) - set(known)
    if unknown:
        raise ValueError(f"--mapping has unknown fields {sorted(unknown)}; use {', '.join(known)}.")
    return mapping


# --- Checking rows -----------------------------------------------------------------------


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class PlannedRow:
    row: int
    action: str
    values: dict  # the mapped fields, cleaned, ready to set on a Person
    person: Person | None = None  # the existing person an update changes


@dataclass
class Report:
    planned: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.planned if row.action == action)

    @property
    def error_rows(self) -> int:
        return len({error.row for error in self.errors})


DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value) -> datetime.date:
    """A date from an Excel date cell, ``DD/MM/YYYY`` or ``YYYY-MM-DD``."""
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    match = DMY.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = YMD.match(text)
        if not match:
            raise ValueError(f"'{text}' is not a date: use DD/MM/YYYY, for example 27/03/2024")
        year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


class DepartmentFinder:
    """Departments of one organisation by name or code, ignoring case."""

    def __init__(self, departments: Iterable[Department]):
        self.by_name: dict[str, list[Department]] = {}
        self.by_code: dict[str, list[Department]] = {}
        for department in departments:
            self.by_name.setdefault(department.name.strip().lower(), []).append(department)
            if department.code:
                self.by_code.setdefault(department.code.strip().lower(), []).append(department)

    def find(self, text: str) -> Department:
        key = text.strip().lower()
        matches = self.by_name.get(key) or self.by_code.get(key) or []
        if len(matches) > 1:
            raise ValueError(f"More than one department is called or coded '{text}'")
        if not matches:
            raise ValueError(f"No department is called or coded '{text}'")
        return matches[0]


def check_rows(
    table: Table,
    mapping: Mapping,
    *,
    organisation,
    departments: Iterable[Department],
    people: Iterable[Person],
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 500,
) -> Report:
    """Check every row and plan what it does: create, update or leave unchanged.

    ``people`` are the organisation's existing people, matched by employee number (load them
    with their department, which the model's validation reads); ``departments`` are its
    current departments. A field that is not mapped is left as it is on an existing person and
    blank on a new one. ``on_progress`` is called with the number of rows checked so far.
    """
    finder = DepartmentFinder(departments)
    existing = {person.employee_number: person for person in people}
    first_seen: dict[str, int] = {}
    report = Report()
    mapped = [name for name, header in mapping.items() if header]
    for done, (number, cells) in enumerate(table.mapped_rows(mapping), start=1):
        errors: list[RowError] = []
        values = _clean_row(number, cells, mapping, finder, errors)
        employee_number = values.get("employee_number")
        if employee_number in first_seen:
            errors.append(
                RowError(
                    number,
                    mapping["employee_number"],
                    f"Employee number {employee_number} is also on row "
                    f"{first_seen[employee_number]}",
                )
            )
        elif employee_number:
            first_seen[employee_number] = number
        if not errors:
            planned = _plan(number, values, mapped, existing)
            errors.extend(_model_errors(planned, mapping, organisation))
            if not errors:
                report.planned.append(planned)
        report.errors.extend(errors)
        if on_progress and done % progress_every == 0:
            on_progress(done)
    if "line_manager" in mapped:
        _check_line_managers(report, mapping, known=set(first_seen) | set(existing))
    return report


def _check_line_managers(report: Report, mapping: Mapping, *, known: set[str]) -> None:
    """A line manager is an employee number in the same file or already in the directory."""
    column, planned = mapping["line_manager"], []
    for row in report.planned:
        manager = row.values.get("line_manager")
        if manager and manager == row.values["employee_number"]:
            message = "A person cannot be their own line manager"
        elif manager and manager not in known:
            message = (
                f"No one in the file or the directory has employee number {manager} "
                "(the line manager)"
            )
        else:
            planned.append(row)
            continue
        report.errors.append(RowError(row.row, column, message))
    report.planned = planned
    report.errors.sort(key=lambda error: error.row)


def _clean_row(number, cells, mapping, finder, errors) -> dict:
    values = {}
    for name, raw in cells.items():
        target, column = TARGETS_BY_NAME[name], mapping[name]
        if raw is None:
            if target.required:
                errors.append(RowError(number, column, f"{target.header} is missing"))
            else:
                values[name] = None if name in DATE_FIELDS or name == "department" else ""
            continue
        try:
            values[name] = _clean_value(name, raw, finder)
        except ValueError as error:
            errors.append(RowError(number, column, str(error)))
    start, leaving = values.get("start_date"), values.get("leaving_date")
    if start and leaving and leaving < start:
        errors.append(
            RowError(
                number,
                mapping["leaving_date"],
                f"The leaving date {cell_text(leaving)} is before the start date "
                f"{cell_text(start)}",
            )
        )
    return values


def _clean_value(name: str, raw, finder: DepartmentFinder):
    if name in DATE_FIELDS:
        return parse_date(raw)
    text = cell_text(raw).strip()
    if name == "department":
        return finder.find(text)
    field_name = "employee_number" if name == "line_manager" else name
    limit = Person._meta.get_field(field_name).max_length
    if limit and len(text) > limit:
        raise ValueError(f"Must be {limit} characters or fewer (this has {len(text)})")
    if name == "email":
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError(f"'{text}' is not a valid email address") from None
    return text


def _plan(number, values, mapped, existing) -> PlannedRow:
    person = existing.get(values["employee_number"])
    if person is None:
        return PlannedRow(number, Action.CREATE, values)
    changed = any(_current(person, name) != values[name] for name in mapped)
    return PlannedRow(number, Action.UPDATE if changed else Action.UNCHANGED, values, person)


def _current(person: Person, name: str):
    if name == "department":
        return person.department if person.department_id else None
    if name == "line_manager":
        return person.line_manager.employee_number if person.line_manager_id else ""
    return getattr(person, name)


def _model_errors(planned: PlannedRow, mapping, organisation) -> list[RowError]:
    """The model's own validation, so an import never stores what the person form refuses.

    The organisation and department were resolved within the organisation already, so their
    per-row existence queries are skipped; uniqueness is the duplicate check above.
    """
    if planned.action == Action.UNCHANGED:
        return []
    person = Person(organisation=organisation)
    for name in PERSON_FIELDS:
        if name == "line_manager":
            continue  # an employee number here; checked against the file and the directory
        setattr(person, name, planned.values.get(name, _current_or_blank(planned.person, name)))
    try:
        person.full_clean(
            exclude=["organisation", "department", "line_manager"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        return [
            RowError(planned.row, mapping.get(name) or "", message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


PERSON_FIELDS = tuple(target.name for target in TARGETS)


def _current_or_blank(person: Person | None, name: str):
    if person is not None:
        return _current(person, name)
    return None if name in DATE_FIELDS or name == "department" else ""


def apply(planned: PlannedRow, *, organisation) -> Person:
    """The unsaved person a planned row creates, or its existing person with the row applied."""
    person = planned.person if planned.person is not None else Person(organisation=organisation)
    for name, value in planned.values.items():
        if name != "line_manager":  # set by the service once every person has an id
            setattr(person, name, value)
    return person


def errors_as_dicts(errors: Iterable[RowError]) -> list[dict]:
    return [error.as_dict() for error in errors]
