"""What checking an HR extract found: the rows it plans to write and the problems by cell."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from dpassure.organisations.models import Person


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


def errors_as_dicts(errors: Iterable[RowError]) -> list[dict]:
    return [error.as_dict() for error in errors]
