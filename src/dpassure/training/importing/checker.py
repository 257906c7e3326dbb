"""Checking the rows of a completion export one at a time (see the package docstring)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dpassure.organisations import importing as people_importing
from dpassure.organisations.importing import Mapping, cell_text
from dpassure.rules import training as rules
from dpassure.training import importing as reading
from dpassure.training.importing.report import Category, ReportBuilder

EXISTING = -1  # in self.seen: a record already in the database, not yet in the file
RESULTS = {
    **dict.fromkeys(reading.PASSED_WORDS, True),
    **dict.fromkeys(reading.FAILED_WORDS, False),
}

PREVIEW_ROWS = 10


@dataclass(slots=True)
class Completion:
    """A clean row to import."""

    row: int
    key: int
    person_id: int
    course_id: int
    completed_on: datetime.date
    score: Decimal | None
    passed: bool
    certificate_reference: str


class Checker:
    """Checks rows one at a time; :meth:`feed` returns the row's completion when it is new.

    ``existing`` holds the packed keys of the records already in the database: those rows are
    counted as already imported. Same person, course and date again with the same result is a
    duplicate line (the first is kept); with a different result, a conflict (none is kept:
    :attr:`conflicted` holds their keys, so a writer can take the first one back out).
    """

    def __init__(
        self,
        *,
        headers: list[str],
        mapping: Mapping,
        directory: reading.Directory,
        courses: reading.CourseFinder,
        existing: set[int] | dict[int, int],
        packer: reading.KeyPacker,
        today: datetime.date,
        sink=None,
    ):
        self.mapping, self.directory, self.courses = mapping, directory, courses
        self.packer, self.today = packer, today
        index = {header: position for position, header in enumerate(headers) if header}
        self.positions = {
            name: index[header] for name, header in mapping.items() if header and header in index
        }
        self.report = ReportBuilder(sink=sink)
        self.header_cells = {
            position: people_importing._squash(header) for header, position in index.items()
        }
        # One dict for the keys already in the database and those seen in the file, so a
        # re-run of a million rows holds a million keys once: key -> row << 16 | result code,
        # -1 for a record in the database not yet seen, and -(row << 16 | code) - 2 once seen.
        self.seen: dict[int, int] = (
            existing if isinstance(existing, dict) else dict.fromkeys(existing, EXISTING)
        )
        self.conflicted: dict[int, tuple[int, str]] = {}  # key -> (first row, learner)
        self.matched: set[int] = set()
        self.rows = self.new = self.already = 0
        self.preview: list[dict] = []
        self._dates: dict = {}
        self._scores: dict = {}
        self._course_cache: dict = {}  # (code cell, title cell) -> course, filled as found
        self.preview_left = PREVIEW_ROWS
        self.fast_positions = tuple(
            self.positions.get(name, -1)
            for name in (
                "employee_number",
                "email",
                "course_code",
                "course_title",
                "completed_on",
                "score",
                "result",
                "certificate_reference",
            )
        )
        self.width = max(self.positions.values(), default=0) + 1
        self.span_person, self.span_date = packer.course_span, packer.date_span

    def column(self, name: str) -> str:
        return self.mapping.get(name) or ""

    def feed(self, number: int, row) -> Completion | None:
        """The row's completion if it is new and clean; None otherwise (reported or counted).

        The common case — a CSV row whose learner, course, date and score are all known and
        right — takes the fast path below, reading the cells by position. Anything else (the
        preview rows, XLSX cells, any doubt at all) goes through :meth:`_thorough`, which
        reports every problem; both decide a clean row the same way.
        """
        if self.preview_left or row.__class__ is not list or len(row) < self.width:
            return self._thorough(number, row)
        pn, pe, pc, pt, pd, ps, pr, pz = self.fast_positions
        learner = row[pn].strip() if pn >= 0 else ""
        person_id = self.directory.by_number.get(learner.upper()) if learner else None
        if person_id is None and pe >= 0:
            learner = row[pe].strip()
            person_id = self.directory.by_email.get(learner.lower()) if learner else None
        if person_id is None:
            return self._thorough(number, row)
        course = self._course_cache.get(
            row[pc] if pt < 0 else (row[pc] if pc >= 0 else "", row[pt])
        )
        day = self._dates.get(row[pd].strip())
        if course is None or day is None or day.__class__ is not datetime.date:
            return self._thorough(number, row)
        score = row[ps].strip() if ps >= 0 else ""
        if score:
            score = self._scores.get(score, "")
            if score.__class__ is not Decimal and score is not None:
                return self._thorough(number, row)
        else:
            score = None
        result = None
        if pr >= 0 and (text := row[pr].strip()):
            result = RESULTS.get(text.lower())
            if result is None:
                return self._thorough(number, row)
        certificate = row[pz].strip() if pz >= 0 else ""
        if len(certificate) > reading.CERTIFICATE_MAX:
            return self._thorough(number, row)
        self.rows += 1
        self.matched.add(person_id)
        verdict = rules.passed(score, course.pass_mark)
        passed = verdict if verdict is not None else (result if result is not None else True)
        return self._completion(number, person_id, course, day, score, passed, certificate, learner)

    def _thorough(self, number: int, row) -> Completion | None:
        positions, width = self.positions, len(row)
        cells = {
            name: reading._text(row[position]) if position < width else None
            for name, position in positions.items()
        }
        if not any(value is not None for value in cells.values()):
            return None
        if self._is_header(row):
            self.report.skipped_header(number)
            return None
        self.rows += 1
        if self.preview_left:
            self.preview_left -= 1
            self.preview.append(
                {"row": number, "cells": [cell_text(cells.get(n)) for n in self.positions]}
            )
        problems: list[tuple[str, str, str, str]] = []  # category, column, value, message
        person_id = self._person(cells, problems)
        course = self._course(cells, problems)
        if course is not None and row.__class__ is list and len(self._course_cache) < 1000:
            _pn, _pe, pc, pt, *_rest = self.fast_positions
            code = row[pc] if 0 <= pc < width else ""
            key = code if pt < 0 else (code, row[pt] if pt < width else "")
            self._course_cache[key] = course
        day = self._date(cells.get("completed_on"), problems)
        score = self._score(cells.get("score"), problems)
        result = self._result(cells.get("result"), problems)
        certificate = cell_text(cells.get("certificate_reference"))
        if len(certificate) > reading.CERTIFICATE_MAX:
            problems.append(
                (
                    Category.INVALID,
                    self.column("certificate_reference"),
                    certificate[:40],
                    f"A certificate reference must be {reading.CERTIFICATE_MAX} characters "
                    "or fewer",
                )
            )
        if problems:
            self.report.add(number, problems)
            return None
        verdict = rules.passed(score, course.pass_mark)
        passed = verdict if verdict is not None else (result if result is not None else True)
        learner = cell_text(cells.get("employee_number") or cells.get("email"))
        return self._completion(number, person_id, course, day, score, passed, certificate, learner)

    def _is_header(self, row) -> bool:
        """A header row repeated in the middle (files joined together): every mapped cell is
        its column's header."""
        squash, headers = people_importing._squash, self.header_cells
        return all(
            position < len(row)
            and isinstance(row[position], str)
            and squash(row[position]) == headers.get(position)
            for position in self.positions.values()
        )

    def _person(self, cells, problems) -> int | None:
        number, email = cells.get("employee_number"), cells.get("email")
        number = cell_text(number) if number is not None else None
        found = None
        if number:
            found = self.directory.by_number.get(number.upper())
        if found is None and email:
            found = self.directory.by_email.get(str(email).lower())
        if found is not None:
            self.matched.add(found)
            return found
        name = cells.get("learner_name")
        who = " or ".join(
            part
            for part in (number and f"employee number {number}", email and f"email {email}")
            if part
        )
        if not who:
            problems.append(
                (
                    Category.INVALID,
                    self.column("employee_number") or self.column("email"),
                    "",
                    "The employee number and email are both missing",
                )
            )
        else:
            problems.append(
                (
                    Category.UNMATCHED,
                    self.column("employee_number") or self.column("email"),
                    number or email,
                    f"No one in the staff directory has {who}" + (f" ({name})" if name else ""),
                )
            )
        return None

    def _course(self, cells, problems) -> reading.CourseInfo | None:
        code, title = cells.get("course_code"), cells.get("course_title")
        code = cell_text(code) if code is not None else None
        title = cell_text(title) if title is not None else None
        course = self.courses.find(code, title)
        if course is None:
            column = self.column("course_code") or self.column("course_title")
            if code or title:
                problems.append(
                    (
                        Category.UNKNOWN_COURSE,
                        column,
                        code or title,
                        f"No course has the code or title '{code or title}'",
                    )
                )
            else:
                problems.append((Category.INVALID, column, "", "The course is missing"))
        return course

    def _date(self, raw, problems) -> datetime.date | None:
        column = self.column("completed_on")
        if raw is None:
            problems.append((Category.INVALID, column, "", "The completion date is missing"))
            return None
        cached = self._dates.get(raw)
        if cached is None:
            try:
                cached = reading.parse_date(raw)
                if cached > self.today:
                    cached = (Category.IMPOSSIBLE_DATE, f"{cell_text(cached)} is in the future")
                elif cached < reading.EARLIEST:
                    cached = (
                        Category.IMPOSSIBLE_DATE,
                        f"{cell_text(cached)} is before {reading.EARLIEST.year}",
                    )
            except ValueError as error:
                cached = (Category.INVALID, str(error))
            if len(self._dates) < reading.CACHE_LIMIT:
                self._dates[raw] = cached
        if isinstance(cached, tuple):
            problems.append((cached[0], column, cell_text(raw), cached[1]))
            return None
        return cached

    def _score(self, raw, problems) -> Decimal | None:
        if raw is None:
            return None
        cached = self._scores.get(raw, self)
        if cached is self:
            try:
                cached = reading.parse_score(raw)
            except ValueError as error:
                cached = str(error)
            if len(self._scores) < reading.CACHE_LIMIT:
                self._scores[raw] = cached
        if isinstance(cached, str):
            problems.append((Category.SCORE, self.column("score"), cell_text(raw), cached))
            return None
        return cached

    def _result(self, raw, problems) -> bool | None:
        try:
            return reading.parse_result(raw)
        except ValueError as error:
            problems.append((Category.INVALID, self.column("result"), cell_text(raw), str(error)))
            return None

    def _completion(self, number, person_id, course, day, score, passed, certificate, learner):
        key = person_id * self.span_person + course.id * self.span_date + day.toordinal()
        code = (10001 if score is None else int(score * 100)) << 1 | passed
        first = self.seen.get(key)
        if first is None:
            self.seen[key] = number << 16 | code
            self.new += 1
            return Completion(number, key, person_id, course.id, day, score, passed, certificate)
        if first == EXISTING:
            self.seen[key] = -(number << 16 | code) - 2
            self.already += 1
            return None
        if first < 0:
            first = -first - 2
        first_row = first >> 16
        learner = f"{learner}, course {course.code} on {cell_text(day)}"
        if first & 0xFFFF == code:
            message = f"Repeats row {first_row}: {learner}, same result"
            self.report.add(number, [(Category.DUPLICATE, "", learner, message)])
            return None
        self.conflicted.setdefault(key, (first_row, learner))
        message = f"Different results for {learner} (row {first_row} and later rows)"
        self.report.add(number, [(Category.CONFLICT, self.column("score"), learner, message)])
        return None

    def finish(self) -> dict:
        """The bounded report to store: counts by category and the first examples of each."""
        for key, (first_row, learner) in self.conflicted.items():
            if self.seen[key] < 0:
                self.already -= 1
            else:
                self.new -= 1
            message = f"Different results for {learner} (row {first_row} and later rows)"
            self.report.add(first_row, [(Category.CONFLICT, self.column("score"), "", message)])
        return self.report.as_dict(rows=self.rows, new=self.new, already=self.already)

    def no_account(self) -> set[int]:
        """People in service with no row in this file: no learning account, it seems."""
        return self.directory.in_service - self.matched
