"""Reading and checking completion exports: pure functions and the checker, no database."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from dpassure.training import importing

TODAY = datetime.date(2026, 12, 1)
HEADERS = ["Employee number", "Email", "Course code", "Completion date", "Score"]


def csv_bytes(rows, *, headers=HEADERS, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, *, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_of(content: bytes, name="lms.csv", encoding="utf-8-sig"):
    return list(importing.iter_rows(name, io.BytesIO(content), encoding=encoding))


# --- Values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/03/2024", datetime.date(2024, 3, 1)),
        ("2024-03-01", datetime.date(2024, 3, 1)),
        ("1 March 2024", datetime.date(2024, 3, 1)),
        ("01-Mar-2024", datetime.date(2024, 3, 1)),
        ("1st Sept 2024", datetime.date(2024, 9, 1)),
        ("01/03/2024 14:05", datetime.date(2024, 3, 1)),
        ("2024-03-01T14:05:00Z", datetime.date(2024, 3, 1)),
        (datetime.datetime(2024, 3, 1, 9, 0), datetime.date(2024, 3, 1)),
    ],
)
def test_dates_in_every_accepted_format(text, expected):
    assert importing.parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("31/02/2024", "not a real date"), ("March 2024", "not a date"), ("1 Smarch 2024", "date")],
)
def test_bad_dates_say_why(text, message):
    with pytest.raises(ValueError, match=message):
        importing.parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("85", Decimal("85.00")),
        ("85%", Decimal("85.00")),
        (" 85.5 % ", Decimal("85.50")),
        ("100", Decimal("100.00")),
        ("0", Decimal("0.00")),
        (85, Decimal("85.00")),
        ("N/A", None),
        ("n/a", None),
        ("-", None),
        (None, None),
    ],
)
def test_scores(text, expected):
    assert importing.parse_score(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("150", "out of range"),
        ("-5", "out of range"),
        ("0.85", "could be 85% or 0.85%"),
        ("eighty", "not a score"),
        ("NaN", "not a score"),
    ],
)
def test_bad_scores_say_why(text, message):
    with pytest.raises(ValueError, match=message):
        importing.parse_score(text)


# --- Reading ------------------------------------------------------------------------------


def test_reads_csv_and_xlsx_as_streams():
    content = [["E1", "", "DP1", "01/03/2024", "85"]]
    assert rows_of(csv_bytes(content))[1] == ["E1", "", "DP1", "01/03/2024", "85"]
    xlsx = rows_of(xlsx_bytes([["E1", None, "DP1", datetime.datetime(2024, 3, 1), 85]]), "a.xlsx")
    assert xlsx[1] == ("E1", None, "DP1", datetime.datetime(2024, 3, 1), 85)


def test_semicolon_csv():
    assert rows_of(b"Employee number;Course code\nE1;DP1\n")[1] == ["E1", "DP1"]


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        ("Employee number\nÉ1\n".encode("utf-16"), None, "UTF-16"),
        (b"Employee number\nE\x001\n", None, "another kind of file"),
        (b"Employee number\nE\x811\x9d\n", None, "not UTF-8 encoded, nor Windows-1252"),
    ],
)
def test_unreadable_encodings_are_refused_clearly(content, encoding, message):
    scan = importing.ByteScan("lms.csv")
    scan.feed(content)
    with pytest.raises(ValidationError, match=message):
        scan.encoding()


def test_windows_1252_is_accepted_with_a_warning_and_read_right():
    content = "Employee number,Learner name\nE1,Siân Zoë\n".encode("cp1252")
    scan = importing.ByteScan("lms.csv")
    for start in range(0, len(content), 7):  # fed in chunks, as an upload arrives
        scan.feed(content[start : start + 7])
    assert scan.encoding() == "cp1252"
    assert rows_of(content, encoding="cp1252")[1] == ["E1", "Siân Zoë"]


def test_utf8_split_across_chunks_is_still_utf8():
    content = "Employee number,Learner name\nE1,Siân\n".encode()
    scan = importing.ByteScan("lms.csv")
    split = content.index("â".encode()) + 1
    scan.feed(content[:split])
    scan.feed(content[split:])
    assert scan.encoding() == "utf-8-sig"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\n\n", "no header row"),
        (b"Email,email\nx@y.z,x@y.z\n", "more than one column called 'email'"),
        (b"Employee number,Course code\n", "no completions in it"),
    ],
)
def test_header_problems(content, message):
    with pytest.raises(ValidationError, match=message):
        importing.read_headers(iter(rows_of(content)))


def test_bad_xlsx_is_refused():
    with pytest.raises(ValidationError, match="could not be opened as an Excel workbook"):
        rows_of(b"not a zip", "lms.xlsx")


# --- Mapping ------------------------------------------------------------------------------


def test_guesses_ncalt_style_headers():
    headers = ["Staff Number", "E-mail", "Module Code", "Date Completed", "Score %", "Outcome"]
    mapping = importing.guess_mapping(headers)
    assert mapping["employee_number"] == "Staff Number"
    assert mapping["email"] == "E-mail"
    assert mapping["course_code"] == "Module Code"
    assert mapping["completed_on"] == "Date Completed"
    assert mapping["score"] == "Score %"
    assert mapping["result"] == "Outcome"


def test_missing_required_columns_are_named():
    problems = importing.mapping_problems(
        {"learner_name": "Name", "score": "Score"}, ["Name", "Score"]
    )
    assert problems["completed_on"] == "Select the column that holds the completion date"
    assert "employee number or the email" in problems["employee_number"]
    assert "course code or the course title" in problems["course_code"]


# --- Checking -----------------------------------------------------------------------------


def make_checker(*, headers=HEADERS, existing=(), sink=None, mapping=None):
    directory = importing.Directory.build(
        [
            (1, "E1", "ada@force.example", datetime.date(2020, 1, 1), None, False),
            (2, "E2", "bob@force.example", datetime.date(2027, 1, 1), None, False),  # starts
            (3, "E3", "cy@force.example", datetime.date(2020, 1, 1), None, False),
            (4, "E4", "shared@force.example", datetime.date(2020, 1, 1), None, True),
            (5, "E5", "shared@force.example", datetime.date(2020, 1, 1), None, False),
        ],
        today=TODAY,
    )
    courses = importing.CourseFinder(
        [(10, "DP1", "Data protection", Decimal("80")), (11, "IS2", "Security", None)]
    )
    packer = importing.KeyPacker(courses.max_id)
    return importing.Checker(
        headers=headers,
        mapping=mapping or importing.guess_mapping(headers),
        directory=directory,
        courses=courses,
        existing={packer.pack(*key) for key in existing},
        packer=packer,
        today=TODAY,
        sink=sink,
    )


def check(rows, **kwargs):
    checker = make_checker(**kwargs)
    completions = [c for n, row in enumerate(rows, 2) if (c := checker.feed(n, row)) is not None]
    return checker, completions, checker.finish()


def test_matches_by_employee_number_then_email_ignoring_case():
    checker, completions, report = check(
        [
            ["e1", "", "dp1", "01/03/2024", "85%"],
            ["", "COBY@x.test", "DP1", "01/03/2024", "90"],
            ["", "Cy@Force.Example", "Data protection", "01/03/2024", "70"],
        ]
    )
    assert [(c.person_id, c.course_id, c.passed) for c in completions] == [
        (1, 10, True),
        (3, 10, False),  # 70 is under the pass mark of 80
    ]
    assert report["counts"]["unmatched"] == 1
    assert report["new"] == 2 and report["problem_rows"] == 1


def test_an_email_two_people_share_matches_neither():
    _checker, completions, report = check([["", "shared@force.example", "DP1", "01/03/2024", ""]])
    assert completions == [] and report["counts"]["unmatched"] == 1


def test_each_category_is_reported():
    _checker, completions, report = check(
        [
            ["E1", "", "XX9", "01/03/2024", "85"],  # unknown course
            ["E1", "", "DP1", "01/03/2099", "85"],  # future
            ["E1", "", "DP1", "31/12/1989", "85"],  # before 1990
            ["E1", "", "DP1", "02/03/2024", "101"],  # score out of range
            ["E9", "", "DP1", "03/03/2024", "85"],  # unmatched
            ["E1", "", "DP1", "", "85"],  # missing date
            ["E2", "", "IS2", "04/03/2024", ""],  # E2 has not started: fine, kept
        ]
    )
    counts = report["counts"]
    assert counts["unknown_course"] == 1
    assert counts["impossible_date"] == 2
    assert counts["score"] == 1
    assert counts["unmatched"] == 1
    assert counts["invalid"] == 1
    assert [(c.person_id, c.score) for c in completions] == [(2, None)]


def test_ten_thousand_identical_lines_are_one_grouped_entry():
    line = ["E1", "", "DP1", "01/03/2024", "85"]
    _checker, completions, report = check([line] * 10_000)
    assert len(completions) == 1
    (duplicates,) = report["categories"]
    assert duplicates["key"] == "duplicate" and duplicates["count"] == 9_999
    (group,) = duplicates["groups"]
    assert group["count"] == 9_999 and group["rows"] == [3, 4, 5, 6, 7]
    assert group["message"] == "Repeats row 2: E1, course DP1 on 01/03/2024, same result"


def test_ten_thousand_lines_of_an_unknown_learner_are_one_entry_and_bounded():
    rows = [["E9", "", "DP1", "01/03/2024", "85"]] * 10_000
    rows += [[f"X{n}", "", "DP1", "01/03/2024", "85"] for n in range(1_000)]
    _checker, _completions, report = check(rows)
    (unmatched,) = report["categories"]
    assert unmatched["count"] == 11_000
    assert len(unmatched["groups"]) == importing.EXAMPLES
    assert unmatched["groups"][0]["count"] == 10_000
    assert unmatched["more"] == 1_000 - (importing.EXAMPLES - 1)


def test_conflicting_results_leave_every_row_of_the_key_out():
    _checker, completions, report = check(
        [
            ["E1", "", "DP1", "01/03/2024", "85"],
            ["E3", "", "DP1", "01/03/2024", "90"],
            ["E1", "", "DP1", "01/03/2024", "60"],
        ]
    )
    assert report["counts"]["conflict"] == 2
    assert report["new"] == 1 and report["problem_rows"] == 2
    (conflicts,) = report["categories"]
    assert conflicts["groups"][0]["rows"] == [4, 2]
    assert _checker.conflicted  # the writer takes row 2 back out


def test_existing_records_are_already_imported():
    _checker, completions, report = check(
        [["E1", "", "DP1", "01/03/2024", "85"]], existing=[(1, 10, datetime.date(2024, 3, 1))]
    )
    assert completions == [] and report["already"] == 1 and report["new"] == 0


def test_a_repeated_header_row_is_skipped_and_said():
    checker, completions, report = check(
        [["E1", "", "DP1", "01/03/2024", "85"], HEADERS, ["E3", "", "DP1", "01/03/2024", "85"]]
    )
    assert len(completions) == 2 and report["problem_rows"] == 0
    assert report["skipped_headers"] == {"count": 1, "rows": [3]}


def test_result_column_decides_when_there_is_no_score_or_pass_mark():
    headers = [*HEADERS, "Result"]
    _checker, completions, report = check(
        [
            ["E1", "", "IS2", "01/03/2024", "", "Failed"],
            ["E1", "", "IS2", "02/03/2024", "", "Passed"],
            ["E1", "", "DP1", "03/03/2024", "90", "Failed"],  # the score decides
            ["E1", "", "IS2", "04/03/2024", "", "In progress"],
        ],
        headers=headers,
    )
    assert [c.passed for c in completions] == [False, True, True]
    assert report["counts"]["invalid"] == 1


def test_every_problem_goes_to_the_sink():
    buffer = io.StringIO()
    check([["E9", "", "ZZ", "01/03/2099", "x"]], sink=csv.writer(buffer))
    lines = buffer.getvalue().splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("2,Learners not in the staff directory,Employee number,E9")


def test_people_in_service_with_no_row():
    checker, _completions, _report = check([["E1", "", "DP1", "01/03/2024", "85"]])
    # E2 has not started, E4 is archived: neither is expected to have an account yet.
    assert checker.no_account() == {3, 5}


def test_repeats_and_conflicts_of_a_record_already_imported():
    existing = [(1, 10, datetime.date(2024, 3, 1)), (3, 10, datetime.date(2024, 3, 1))]
    checker, completions, report = check(
        [
            ["E1", "", "DP1", "01/03/2024", "85"],
            ["E1", "", "DP1", "01/03/2024", "85"],  # a repeat: still a duplicate line
            ["E3", "", "DP1", "01/03/2024", "85"],
            ["E3", "", "DP1", "01/03/2024", "50"],  # a conflict: neither counts
        ],
        existing=existing,
    )
    assert completions == []
    assert report["counts"]["duplicate"] == 1 and report["counts"]["conflict"] == 2
    assert (report["already"], report["new"]) == (1, 0)
    assert "Repeats row 2" in report["categories"][0]["groups"][0]["message"]
