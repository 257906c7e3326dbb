"""Reading an HR extract of people (CSV or XLSX) and mapping its columns. Nothing here writes.

The services in ``import_services.py`` store the file, call :func:`read_table` and
:func:`check_rows`, and write what the check planned. Rows are numbered as a spreadsheet shows
them: the header is row 1, so the first person is row 2, and the report points at the cell the
user has to fix.

- this package: what can be imported (:data:`TARGETS`), reading the file, mapping its columns
  to fields, and reading dates;
- :mod:`.checker`: checking every row and planning what it does (:func:`check_rows`,
  :func:`apply`);
- :mod:`.report`: what the check found (:class:`Report`, :class:`RowError`, :class:`Action`).

The training import reuses the targets, the reading helpers and the mapping checks.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from openpyxl import load_workbook

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


def check_headers(headers: list[str], *, examples) -> None:
    """The first row must name the columns, each once (``examples``: headers to suggest)."""
    if not headers:
        raise ValidationError(
            "The selected file has no header row. The first row must name the columns, "
            "for example " + ", ".join(f"'{header}'" for header in examples) + ".",
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
    check_headers(headers or [], examples=DEFAULT_HEADERS[:3])
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


# --- Values ------------------------------------------------------------------------------

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


from dpassure.organisations.importing.checker import (  # noqa: E402
    PERSON_FIELDS,
    DepartmentFinder,
    apply,
    check_rows,
)
from dpassure.organisations.importing.report import (  # noqa: E402
    Action,
    PlannedRow,
    Report,
    RowError,
    errors_as_dicts,
)

__all__ = [
    "PERSON_FIELDS",
    "Action",
    "DepartmentFinder",
    "PlannedRow",
    "Report",
    "RowError",
    "apply",
    "check_rows",
    "errors_as_dicts",
]
