"""The data-quality report of a completion import, built row by row and stored bounded.

Problems are grouped by category and by message, so 10,000 copies of one line are one entry
("Repeats row 2 …", 9,999 times, rows 3, 4, 5 …). The stored report keeps the counts of every
category and the first :data:`EXAMPLES` groups of each; every problem goes to the ``sink``
(a ``csv.writer``), which the services keep as the downloadable list.
"""

from __future__ import annotations

from enum import StrEnum

EXAMPLES = 200  # groups kept per category in the stored report
ROWS_PER_GROUP = 5  # row numbers kept per group
SKIPPED_SHOWN = 20


class Category(StrEnum):
    UNMATCHED = "unmatched"
    UNKNOWN_COURSE = "unknown_course"
    IMPOSSIBLE_DATE = "impossible_date"
    SCORE = "score"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    INVALID = "invalid"


CATEGORY_LABELS = {
    Category.UNMATCHED: "Learners not in the staff directory",
    Category.UNKNOWN_COURSE: "Unknown courses",
    Category.IMPOSSIBLE_DATE: "Impossible dates",
    Category.SCORE: "Scores out of range or unreadable",
    Category.DUPLICATE: "Duplicate lines",
    Category.CONFLICT: "Conflicting results",
    Category.INVALID: "Missing or unreadable values",
}
PROBLEMS_CSV_HEADER = ["Row", "Problem", "Column", "Value", "Details"]


class ReportBuilder:
    def __init__(self, *, sink=None):
        self.sink = sink
        self.categories = {category: _Tally() for category in Category}
        self.problem_rows = 0
        self.skipped = 0
        self.skipped_rows: list[int] = []

    def add(self, row: int, problems: list[tuple[str, str, str, str]]) -> None:
        """A row's problems: (category, column, value, message) each."""
        self.problem_rows += 1
        for category, column, value, message in problems:
            self.categories[category].add(row, column, value, message)
            if self.sink is not None:
                self.sink.writerow([row, CATEGORY_LABELS[category], column, value, message])

    def skipped_header(self, row: int) -> None:
        self.skipped += 1
        if len(self.skipped_rows) < SKIPPED_SHOWN:
            self.skipped_rows.append(row)

    def counts(self) -> dict[str, int]:
        return {category.value: tally.count for category, tally in self.categories.items()}

    def as_dict(self, *, rows: int, new: int, already: int) -> dict:
        return {
            "rows": rows,
            "new": new,
            "already": already,
            "problem_rows": self.problem_rows,
            "counts": self.counts(),
            "categories": [
                {
                    "key": category.value,
                    "label": CATEGORY_LABELS[category],
                    **tally.as_dict(),
                }
                for category, tally in self.categories.items()
                if tally.count
            ],
            "skipped_headers": {"count": self.skipped, "rows": self.skipped_rows},
        }


class _Tally:
    __slots__ = ("count", "groups", "more")

    def __init__(self):
        self.count = 0
        self.more = 0  # problems in groups beyond the first EXAMPLES
        self.groups: dict[tuple[str, str], dict] = {}

    def add(self, row: int, column: str, value: str, message: str) -> None:
        self.count += 1
        group = self.groups.get((column, message))
        if group is not None:
            group["count"] += 1
            if len(group["rows"]) < ROWS_PER_GROUP:
                group["rows"].append(row)
        elif len(self.groups) < EXAMPLES:
            self.groups[(column, message)] = {
                "column": column,
                "value": value,
                "message": message,
                "count": 1,
                "rows": [row],
            }
        else:
            self.more += 1

    def as_dict(self) -> dict:
        groups = sorted(self.groups.values(), key=lambda group: group["rows"][0])
        return {"count": self.count, "more": self.more, "groups": groups}
