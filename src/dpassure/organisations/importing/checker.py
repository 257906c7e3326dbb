"""Checking the rows of an HR extract and planning what each does (see the package docstring).
Nothing here writes: :func:`apply` gives the unsaved person a planned row makes."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from dpassure.organisations.importing import (
    DATE_FIELDS,
    TARGETS,
    TARGETS_BY_NAME,
    Mapping,
    Table,
    cell_text,
    parse_date,
)
from dpassure.organisations.importing.report import Action, PlannedRow, Report, RowError
from dpassure.organisations.models import Department, Person


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
