import datetime

import pytest

from dpassure.rules.service import Break, in_service, longest_break_days

D = datetime.date
START = D(2020, 1, 6)


@pytest.mark.parametrize(
    ("on", "leaving", "breaks", "expected"),
    [
        (D(2020, 1, 5), None, (), False),  # before the first day
        (D(2020, 1, 6), None, (), True),  # the first day counts
        (D(2026, 12, 1), None, (), True),
        (D(2024, 3, 31), D(2024, 3, 31), (), True),  # the leaving date is the last day
        (D(2024, 4, 1), D(2024, 3, 31), (), False),
        (D(2022, 6, 1), None, (Break(D(2022, 5, 1), D(2022, 7, 1)),), False),
        (D(2022, 7, 1), None, (Break(D(2022, 5, 1), D(2022, 7, 1)),), False),  # both ends away
        (D(2022, 7, 2), None, (Break(D(2022, 5, 1), D(2022, 7, 1)),), True),
        (D(2030, 1, 1), None, (Break(D(2025, 1, 1), None),), False),  # still away
    ],
)
def test_in_service(on, leaving, breaks, expected):
    assert in_service(on, start=START, leaving=leaving, breaks=breaks) is expected


@pytest.mark.parametrize(
    ("on", "breaks", "expected"),
    [
        (D(2026, 1, 1), (), 0),
        (D(2026, 1, 1), (Break(D(2022, 1, 1), D(2022, 1, 1)),), 1),
        (
            D(2026, 1, 1),
            (Break(D(2022, 1, 1), D(2022, 7, 1)), Break(D(2023, 1, 1), D(2023, 1, 31))),
            182,
        ),
        (D(2025, 1, 10), (Break(D(2025, 1, 1), None),), 10),  # open break counted up to the day
        (D(2024, 12, 31), (Break(D(2025, 1, 1), None),), 0),  # not begun yet
    ],
)
def test_longest_break_days(on, breaks, expected):
    assert longest_break_days(on, breaks) == expected


def test_rules_never_import_django():
    import pathlib

    import dpassure.rules

    for path in pathlib.Path(dpassure.rules.__file__).parent.rglob("*.py"):
        text = path.read_text()
        assert "import django" not in text and "from django" not in text, path
