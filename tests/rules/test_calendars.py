import datetime

import pytest

from dpassure.rules.calendars import (
    add_calendar_months,
    bank_holidays,
    is_working_day,
    next_working_day,
    previous_working_day,
)

D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 9, 3), 1, D(2026, 10, 3)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),  # over the year end
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 10, 31), 3, D(2027, 1, 31)),
        (D(2026, 6, 1), 3, D(2026, 9, 1)),
        (D(2026, 12, 1), -11, D(2026, 1, 1)),  # backwards, for reporting periods
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 1, 15), -2, D(2025, 11, 15)),
    ],
)
def test_add_calendar_months(start, months, expected):
    assert add_calendar_months(start, months) == expected


@pytest.mark.parametrize(
    ("day", "region", "working"),
    [
        (D(2026, 12, 28), "england-and-wales", False),  # Boxing Day substitute (26th a Saturday)
        (D(2026, 12, 29), "england-and-wales", True),
        (D(2026, 11, 30), "scotland", False),  # St Andrew's Day
        (D(2026, 11, 30), "england-and-wales", True),
        (D(2026, 3, 17), "northern-ireland", False),  # St Patrick's Day
        (D(2026, 3, 17), "england-and-wales", True),
        (D(2026, 8, 3), "scotland", False),  # Scottish summer bank holiday
        (D(2026, 8, 31), "scotland", True),
        (D(2026, 8, 31), "england-and-wales", False),
        (D(2026, 7, 13), "northern-ireland", False),  # Battle of the Boyne, substitute Monday
        (D(2026, 12, 5), "england-and-wales", False),  # a Saturday
        (D(2026, 12, 1), "england-and-wales", True),
    ],
)
def test_working_days_by_region(day, region, working):
    assert is_working_day(day, region) is working


def test_next_and_previous_working_day_skip_easter():
    assert next_working_day(D(2026, 4, 3)) == D(2026, 4, 7)  # Good Friday → Tuesday
    assert previous_working_day(D(2026, 4, 6)) == D(2026, 4, 2)  # Easter Monday → Thursday
    assert next_working_day(D(2026, 12, 1)) == D(2026, 12, 1)


def test_unknown_region_is_refused():
    with pytest.raises(ValueError, match="Unknown region 'wales'"):
        bank_holidays("wales")
