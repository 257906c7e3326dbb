"""Reading and checking a completion export from a learning platform (NCALT, an in-house LMS).
Nothing here writes.

The file is read as a stream, one row at a time (``csv.reader`` over a text wrapper of the
stored file; openpyxl in read-only mode for XLSX), so a million rows never sit in memory.
:class:`Checker` takes the rows one by one and says which are clean completions to import and
which are listed in the data-quality report, grouped so that 10,000 identical lines are one
entry. The services in ``import_services.py`` store the file and write what the check allows.

Decisions, documented for operators (``dpassure import-training --help`` and the README):

- Learners match people by employee number (ignoring case), then by email (ignoring case).
- Courses match by code, then by title (ignoring case), among the organisation's courses.
- Scores are percentages from 0 to 100: "85", "85.5" and "85%" are 85 and 85.5. A number
  between 0 and 1 with a decimal point ("0.85") could be 85% or 0.85%, so it is listed rather
  than guessed. "N/A", "-" and blank mean no score.
- Dates: DD/MM/YYYY, YYYY-MM-DD, "1 March 2024", "01-Mar-2024" or Excel dates, with or without
  a time. A date in the future or before 1990 is impossible; before the person's start date is
  not (people complete courses before their HR start date is keyed).
- CSV files should be UTF-8. A file that is not is read as Windows-1252 (what Excel writes as
  "CSV") and the report says so.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import PurePath

from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from dpassure.organisations import importing as people_importing
from dpassure.organisations.importing import Mapping, Target, cell_text

TARGETS: tuple[Target, ...] = (
    Target(
        "employee_number",
        "Employee number",
        aliases=(
            "employee no",
            "emp no",
            "employee id",
            "staff number",
            "staff id",
            "payroll number",
            "personnel number",
            "learner employee number",
        ),
    ),
    Target(
        "email",
        "Email",
        aliases=("email address", "learner email", "user email", "e-mail", "work email"),
    ),
    Target("learner_name", "Learner name", aliases=("name", "full name", "learner", "user name")),
    Target(
        "course_code",
        "Course code",
        aliases=("course id", "module code", "module id", "activity code", "course reference"),
    ),
    Target(
        "course_title",
        "Course title",
        aliases=("course", "course name", "module", "module title", "module name", "activity"),
    ),
    Target(
        "completed_on",
        "Completion date",
        required=True,
        aliases=(
            "completed",
            "completed on",
            "date completed",
            "completed date",
            "date of completion",
            "completion",
        ),
    ),
    Target("score", "Score", aliases=("score %", "percentage", "mark", "test score", "result %")),
    Target("result", "Result", aliases=("outcome", "pass fail", "status", "completion status")),
    Target(
        "certificate_reference",
        "Certificate reference",
        aliases=("certificate", "certificate number", "certificate no", "certificate id"),
    ),
)
TARGETS_BY_NAME = {target.name: target for target in TARGETS}
DEFAULT_HEADERS = [target.header for target in TARGETS]
EARLIEST = datetime.date(1990, 1, 1)
CERTIFICATE_MAX = 100
CACHE_LIMIT = 50_000  # distinct dates and scores remembered while reading


# --- Mapping ------------------------------------------------------------------------------


def guess_mapping(headers: list[str], saved: Mapping | None = None) -> Mapping:
    return people_importing.guess_mapping(headers, saved, targets=TARGETS)


def mapping_problems(mapping: Mapping, headers: list[str]) -> dict[str, str]:
    """The people import's checks, plus: a learner column and a course column are needed."""
    problems = people_importing.mapping_problems(mapping, headers, targets=TARGETS)
    if not (mapping.get("employee_number") or mapping.get("email")):
        problems.setdefault(
            "employee_number", "Select the column that holds the employee number or the email"
        )
    if not (mapping.get("course_code") or mapping.get("course_title")):
        problems.setdefault(
            "course_code", "Select the column that holds the course code or the course title"
        )
    return problems


# --- Reading the file as a stream ---------------------------------------------------------


class ByteScan:
    """What the bytes of an upload say before it is stored: SHA-256, encoding, line count.

    Fed chunk by chunk, so an upload is never held whole. UTF-8 is tried first; a CSV that is
    not UTF-8 but is valid Windows-1252 is accepted with a warning.
    """

    def __init__(self, filename: str):
        import codecs
        import hashlib

        self.csv = PurePath(filename).suffix.lower() != ".xlsx"
        self.sha256 = hashlib.sha256()
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self.utf8 = True
        self.cp1252 = True
        self.nul = False
        self.lines = 0
        self.first = b""

    def feed(self, chunk: bytes) -> None:
        self.sha256.update(chunk)
        if not self.first:
            self.first = chunk[:4]
        if not self.csv:
            return
        self.lines += chunk.count(b"\n")
        self.nul = self.nul or b"\x00" in chunk
        if self.utf8:
            try:
                self._utf8.decode(chunk)
            except UnicodeDecodeError:
                self.utf8 = False
        if not self.utf8 and self.cp1252:
            try:
                chunk.decode("cp1252")
            except UnicodeDecodeError:
                self.cp1252 = False

    def encoding(self) -> str:
        """The encoding to read the file with; ``ValidationError`` if it cannot be read."""
        if not self.csv:
            return ""
        if self.first[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise ValidationError(
                "The selected file is UTF-16 ('Unicode text'). In Excel, save it as "
                "'CSV UTF-8', then upload it again.",
                code="encoding",
            )
        if self.nul:
            raise ValidationError(
                "The selected file must be a CSV or XLSX: this one looks like another kind of "
                "file with its name changed.",
                code="not_csv",
            )
        if self.utf8:
            try:
                self._utf8.decode(b"", final=True)
                return "utf-8-sig"
            except UnicodeDecodeError:
                self.utf8 = False
        if self.cp1252:
            return "cp1252"
        raise ValidationError(
            "The file is not UTF-8 encoded, nor Windows-1252. In Excel, save it as 'CSV UTF-8'.",
            code="encoding",
        )


ENCODING_WARNING = (
    "This file is not UTF-8, so it was read as Windows-1252 (what Excel saves as 'CSV'). If "
    "names look wrong, save it as 'CSV UTF-8' and upload it again."
)


def iter_rows(filename: str, stream, *, encoding: str = "utf-8-sig") -> Iterator[tuple]:
    """Every row of the file, header first, read from the binary ``stream`` as needed."""
    if PurePath(filename).suffix.lower() == ".xlsx":
        return _xlsx_rows(stream)
    return _csv_rows(stream, encoding or "utf-8-sig")


def _csv_rows(stream, encoding: str) -> Iterator[list]:
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    first = text.readline()
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(itertools.chain([first], text), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        raise ValidationError(
            f"Row {reader.line_num} of the CSV file could not be read ({error}).", code="csv"
        ) from None
    except UnicodeDecodeError:
        raise ValidationError(
            "The file is not UTF-8 encoded. In Excel, save it as 'CSV UTF-8'.", code="encoding"
        ) from None
    finally:
        text.detach()


def _xlsx_rows(stream) -> Iterator[tuple]:
    with warnings.catch_warnings():
        # openpyxl warns about styles and data validation it ignores; neither matters here.
        warnings.simplefilter("ignore", UserWarning)
        try:
            workbook = load_workbook(stream, read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError):
            raise ValidationError(
                "The selected file could not be opened as an Excel workbook. Save it again in "
                "Excel as 'Excel Workbook (.xlsx)' or 'CSV UTF-8'.",
                code="xlsx",
            ) from None
        try:
            yield from sheet.iter_rows(values_only=True)
        finally:
            workbook.close()


def read_headers(rows: Iterator) -> list[str]:
    """The header row (the first row), and a check that at least one row follows it."""
    headers = [people_importing._header(cell) for cell in next(rows, ())]
    while headers and not headers[-1]:
        headers.pop()
    people_importing.check_headers(headers, examples=DEFAULT_HEADERS[:4])
    if not any(any(_text(cell) for cell in row) for row in itertools.islice(rows, 1000)):
        raise ValidationError(
            "The selected file has no completions in it: there are no rows under the header.",
            code="no_rows",
        )
    return headers


def _text(value) -> str | None:
    """A cell as stripped text, a date, or None when blank."""
    if value is None:
        return None
    if value.__class__ is str:
        return value.strip() or None
    return people_importing._cell(value)


# --- Values --------------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
NAMED_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]{3,9})\.?[ -](\d{4})$")
TIME_PART = re.compile(r"^(.*?)(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$")
DATE_HINT = "use DD/MM/YYYY, YYYY-MM-DD or 1 March 2024"


def parse_date(value) -> datetime.date:
    """A completion date: the people import's formats, a month by name, a trailing time."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    timed = TIME_PART.match(text)
    if timed and timed.group(1):
        text = timed.group(1).strip()
    named = NAMED_MONTH.match(text)
    if named:
        day, month, year = named.groups()
        number = MONTHS.get(month.lower())
        if number is None:
            raise ValueError(f"'{value}' is not a date: {DATE_HINT}")
        try:
            return datetime.date(int(year), number, int(day))
        except ValueError:
            raise ValueError(f"'{value}' is not a real date") from None
    try:
        return people_importing.parse_date(text)
    except ValueError as error:
        if "not a real date" in str(error):
            raise
        raise ValueError(f"'{value}' is not a date: {DATE_HINT}") from None


NO_SCORE = {"n/a", "na", "n.a.", "-", "--", "none", "not applicable", "no score", "null"}
HUNDREDTH = Decimal("0.01")


def parse_score(value) -> Decimal | None:
    """A percentage from 0 to 100, or None for no score. ``ValueError`` says what is wrong."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        text, percent = repr(value), False
    else:
        text = str(value).strip()
        if text.lower() in NO_SCORE:
            return None
        percent = text.endswith("%")
        text = text.removesuffix("%").strip()
    try:
        score = Decimal(text)
    except InvalidOperation:
        raise ValueError(
            f"'{value}' is not a score: write a percentage such as 85 or 85%"
        ) from None
    if not score.is_finite():
        raise ValueError(f"'{value}' is not a score: write a percentage such as 85 or 85%")
    if not percent and "." in text and 0 < score < 1:
        raise ValueError(
            f"'{value}' could be {(score * 100).normalize():f}% or {score}%: write scores from "
            "0 to 100 "
            "(85 or 85%)"
        )
    if score < 0 or score > 100:
        raise ValueError(f"The score {value} is out of range: scores are from 0 to 100")
    return score.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


PASSED_WORDS = {"passed", "pass", "p", "completed", "complete", "yes", "y", "true", "1"}
FAILED_WORDS = {"failed", "fail", "f", "not passed", "no", "n", "false", "0"}


def parse_result(value) -> bool | None:
    text = cell_text(value).strip().lower()
    if not text:
        return None
    if text in PASSED_WORDS:
        return True
    if text in FAILED_WORDS:
        return False
    raise ValueError(f"'{value}' is not a result: use Passed or Failed")


# --- The directory and the courses, loaded once -------------------------------------------


@dataclass
class Directory:
    """People by employee number and by email (both ignoring case), and who is in service."""

    by_number: dict[str, int] = field(default_factory=dict)
    by_email: dict[str, int] = field(default_factory=dict)
    in_service: set[int] = field(default_factory=set)

    @classmethod
    def build(cls, people: Iterable[tuple], *, today: datetime.date) -> Directory:
        """``people``: (id, employee number, email, start date, leaving date, archived)."""
        directory, shared = cls(), set()
        for pk, number, email, start, leaving, archived in people:
            directory.by_number[number.strip().upper()] = pk
            if email:
                key = email.strip().lower()
                if key in directory.by_email:
                    shared.add(key)
                directory.by_email[key] = pk
            if not archived and start <= today and (leaving is None or leaving >= today):
                directory.in_service.add(pk)
        for key in shared:  # an email two people share identifies neither
            del directory.by_email[key]
        return directory


@dataclass(frozen=True)
class CourseInfo:
    id: int
    code: str
    pass_mark: Decimal | None


class CourseFinder:
    """The organisation's current courses by code, then by title, ignoring case."""

    def __init__(self, courses: Iterable[tuple]):
        """``courses``: (id, code, title, pass mark)."""
        self.by_code: dict[str, CourseInfo] = {}
        self.by_title: dict[str, CourseInfo] = {}
        for pk, code, title, pass_mark in courses:
            info = CourseInfo(pk, code, pass_mark)
            self.by_code[code.strip().lower()] = info
            self.by_title.setdefault(title.strip().lower(), info)
        self.max_id = max((info.id for info in self.by_code.values()), default=0)

    def find(self, code: str | None, title: str | None) -> CourseInfo | None:
        for text, first, second in (
            (code, self.by_code, self.by_title),
            (title, self.by_title, self.by_code),
        ):
            if text:
                key = text.lower()
                found = first.get(key) or second.get(key)
                if found:
                    return found
        return None


class KeyPacker:
    """(person, course, date) as one int: a million keys in a set or dict cost ~100 MB, not
    the ~300 MB tuples would. Exact: the multipliers come from the largest course id."""

    def __init__(self, max_course_id: int):
        self.date_span = 1 << 24  # date ordinals are below 2**22
        self.course_span = (max_course_id + 1) * self.date_span

    def pack(self, person_id: int, course_id: int, day: datetime.date) -> int:
        return person_id * self.course_span + course_id * self.date_span + day.toordinal()

    def unpack(self, key: int) -> tuple[int, int, datetime.date]:
        person_id, rest = divmod(key, self.course_span)
        course_id, ordinal = divmod(rest, self.date_span)
        return person_id, course_id, datetime.date.fromordinal(ordinal)


from dpassure.training.importing.checker import Checker, Completion  # noqa: E402
from dpassure.training.importing.report import CATEGORY_LABELS, EXAMPLES, Category  # noqa: E402

__all__ = ["CATEGORY_LABELS", "EXAMPLES", "Category", "Checker", "Completion"]
