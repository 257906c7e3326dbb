"""The statutory clock for requests for personal data: tables of cases and properties."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dpassure.rules.calendars import is_working_day
from dpassure.rules.sar import (
    Status,
    clock_start,
    closed_late,
    days_remaining,
    extension_notice_deadline,
    extension_permitted,
    internal_target,
    paused_days,
    sar_due_date,
    sar_status,
)

D = datetime.date


@pytest.mark.parametrize(
    ("received", "options", "expected"),
    [
        # Day of receipt is day one; corresponding date next month.
        (D(2026, 6, 10), {}, D(2026, 7, 10)),
        # Corresponding date a Saturday → Monday.
        (D(2026, 9, 3), {}, D(2026, 10, 5)),
        # Received on a Saturday still counts as day one.
        (D(2026, 8, 1), {}, D(2026, 9, 1)),
        # Good Friday, then Easter weekend and Monday → Tuesday.
        (D(2026, 3, 3), {}, D(2026, 4, 7)),
        # Christmas Day, weekend, Boxing Day substitute → 29 December.
        (D(2026, 11, 25), {}, D(2026, 12, 29)),
        # No corresponding date: last day of the month (a Saturday in 2026 → Monday).
        (D(2026, 1, 31), {}, D(2026, 3, 2)),
        (D(2028, 1, 31), {}, D(2028, 2, 29)),
        (D(2026, 3, 31), {}, D(2026, 4, 30)),
        # Identity confirmed later restarts the clock; so does a fee.
        (D(2026, 6, 1), {"identity_confirmed": D(2026, 6, 10)}, D(2026, 7, 10)),
        (
            D(2026, 6, 1),
            {"identity_confirmed": D(2026, 6, 10), "fee_received": D(2026, 6, 15)},
            D(2026, 7, 15),
        ),
        # Identity confirmed before the request arrived changes nothing.
        (D(2026, 6, 10), {"identity_confirmed": D(2026, 6, 1)}, D(2026, 7, 10)),
        # Extension: three months from the original start.
        (D(2026, 6, 1), {"extended": True}, D(2026, 9, 1)),
        (D(2026, 11, 30), {"extended": True}, D(2027, 3, 1)),  # 28 Feb 2027 is a Sunday
        # Clarification: 5 June to 9 June inclusive = 5 days added.
        (D(2026, 6, 1), {"clarifications": [(D(2026, 6, 5), D(2026, 6, 9))]}, D(2026, 7, 6)),
        # Answered the same day: one day.
        (D(2026, 6, 1), {"clarifications": [(D(2026, 6, 5), D(2026, 6, 5))]}, D(2026, 7, 2)),
        # Overlapping clarifications count each day once (5–12 June = 8 days).
        (
            D(2026, 6, 1),
            {"clarifications": [(D(2026, 6, 5), D(2026, 6, 9)), (D(2026, 6, 8), D(2026, 6, 12))]},
            D(2026, 7, 9),
        ),
        # A clarification answered before the clock started does not count.
        (
            D(2026, 6, 1),
            {
                "identity_confirmed": D(2026, 6, 20),
                "clarifications": [(D(2026, 6, 2), D(2026, 6, 10))],
            },
            D(2026, 7, 20),
        ),
        # Clarification and extension together.
        (
            D(2026, 6, 1),
            {"extended": True, "clarifications": [(D(2026, 6, 5), D(2026, 6, 9))]},
            D(2026, 9, 7),
        ),
        # Regions: St Andrew's Day in Scotland, St Patrick's Day in Northern Ireland.
        (D(2026, 10, 30), {"region": "scotland"}, D(2026, 12, 1)),
        (D(2026, 10, 30), {}, D(2026, 11, 30)),
        (D(2026, 2, 17), {"region": "northern-ireland"}, D(2026, 3, 18)),
        (D(2026, 2, 17), {}, D(2026, 3, 17)),
        # Part 3 uses the same count by default …
        (D(2026, 6, 30), {"regime": "part3"}, D(2026, 7, 30)),
        # … or the ICO Part 3 guidance's day-after method when configured.
        (D(2026, 6, 30), {"regime": "part3", "counting": "part3_day_after"}, D(2026, 8, 3)),
        # Part 3 extensions exist from 5 February 2026.
        (D(2026, 2, 5), {"regime": "part3", "extended": True}, D(2026, 5, 5)),
    ],
)
def test_sar_due_date(received, options, expected):
    assert sar_due_date(received, **options) == expected


def test_unanswered_clarification_stops_the_clock():
    clarifications = [(D(2026, 6, 5), D(2026, 6, 6)), (D(2026, 6, 20), None)]
    assert sar_due_date(D(2026, 6, 1), clarifications=clarifications) is None
    assert paused_days(D(2026, 6, 1), clarifications) is None
    assert internal_target(D(2026, 6, 1), clarifications=clarifications) is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"regime": "part3", "extended": True}, "cannot be extended"),
        ({"regime": "fol"}, "Unknown regime 'fol'"),
        ({"counting": "guess"}, "Unknown counting method"),
        ({"clarifications": [(D(2025, 6, 9), D(2025, 6, 5))]}, "answered before it was asked"),
        ({"region": "mars"}, "Unknown region"),
    ],
)
def test_impossible_inputs_are_refused(options, message):
    with pytest.raises(ValueError, match=message):
        sar_due_date(D(2025, 6, 1), **options)


def test_extension_permitted():
    assert extension_permitted("uk_gdpr", D(2019, 1, 1))
    assert not extension_permitted("part3", D(2026, 2, 4))
    assert extension_permitted("part3", D(2026, 2, 5))


def test_extension_notice_is_due_by_the_end_of_the_first_month():
    clarification = [(D(2026, 6, 5), D(2026, 6, 9))]
    assert extension_notice_deadline(D(2026, 6, 1), extended=True) == D(2026, 7, 1)
    assert extension_notice_deadline(D(2026, 6, 1), clarifications=clarification) == D(2026, 7, 6)


@pytest.mark.parametrize(
    ("received", "options", "expected"),
    [
        (D(2026, 6, 1), {}, D(2026, 6, 26)),  # day 28 is Sunday 28 June → Friday
        (D(2026, 6, 3), {}, D(2026, 6, 30)),
        (D(2026, 6, 3), {"target_days": 20}, D(2026, 6, 22)),
        (D(2026, 6, 1), {"clarifications": [(D(2026, 6, 5), D(2026, 6, 6))]}, D(2026, 6, 30)),
    ],
)
def test_internal_target(received, options, expected):
    assert internal_target(received, **options) == expected


def test_internal_target_must_be_positive():
    with pytest.raises(ValueError, match="at least one day"):
        internal_target(D(2026, 6, 1), target_days=0)


@pytest.mark.parametrize(
    ("due", "today", "closed_on", "expected"),
    [
        (D(2026, 7, 10), D(2026, 6, 1), None, Status.ON_TRACK),
        (D(2026, 7, 10), D(2026, 7, 5), None, Status.DUE_SOON),
        (D(2026, 7, 10), D(2026, 7, 10), None, Status.DUE_SOON),
        (D(2026, 7, 10), D(2026, 7, 11), None, Status.OVERDUE),
        (None, D(2026, 7, 11), None, Status.STOPPED),
        (D(2026, 7, 10), D(2026, 8, 1), D(2026, 7, 20), Status.CLOSED),
    ],
)
def test_status(due, today, closed_on, expected):
    assert sar_status(due=due, today=today, closed_on=closed_on) is expected


def test_days_remaining_and_closed_late():
    assert days_remaining(D(2026, 7, 10), D(2026, 7, 1)) == 9
    assert days_remaining(D(2026, 7, 10), D(2026, 7, 12)) == -2
    assert days_remaining(None, D(2026, 7, 12)) is None
    assert closed_late(due=D(2026, 7, 10), closed_on=D(2026, 7, 11))
    assert not closed_late(due=D(2026, 7, 10), closed_on=D(2026, 7, 10))
    assert not closed_late(due=None, closed_on=D(2026, 7, 10))


def test_clock_start_is_the_latest_event():
    assert clock_start(D(2026, 6, 1), fee_received=D(2026, 6, 3)) == D(2026, 6, 3)


dates = st.dates(min_value=D(2019, 1, 1), max_value=D(2035, 12, 31))
regions = st.sampled_from(["england-and-wales", "scotland", "northern-ireland"])


@given(received=dates, extended=st.booleans(), region=regions, pause=st.integers(0, 60))
def test_due_date_is_after_the_start_and_on_a_working_day(received, extended, region, pause):
    asked = received + datetime.timedelta(days=3)
    clarifications = [(asked, asked + datetime.timedelta(days=pause))] if pause else []
    due = sar_due_date(received, extended=extended, region=region, clarifications=clarifications)
    assert due > received
    assert is_working_day(due, region)


@given(first=dates, gap=st.integers(0, 400), region=regions)
def test_due_date_is_monotonic_in_the_received_date(first, gap, region):
    second = first + datetime.timedelta(days=gap)
    assert sar_due_date(first, region=region) <= sar_due_date(second, region=region)
