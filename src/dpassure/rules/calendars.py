"""Working days and calendar months for the UK's three bank-holiday regions.

Sources:
- Bank holidays, including substitute ("observed") days, come from the ``holidays`` package
  (UK subdivisions ENG, SCT, NIR), which follows the GOV.UK bank holiday lists. Wales shares
  England's bank holidays, hence one "england-and-wales" region.
- Calendar months: ICO, "Right of access — What should we consider when responding to a
  request?" — the deadline is the corresponding calendar date in the next month, or the last
  day of that month when it has no corresponding date (DOMAIN_RULES.md §1.3).
"""

from __future__ import annotations

import calendar
import datetime
from functools import cache

import holidays

REGIONS = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}
DEFAULT_REGION = "england-and-wales"
FIRST_YEAR, LAST_YEAR = 1990, 2100
ONE_DAY = datetime.timedelta(days=1)


@cache
def bank_holidays(region: str = DEFAULT_REGION) -> frozenset[datetime.date]:
    """Every bank holiday of the region from 1990 to 2100, substitute days included."""
    try:
        subdivision = REGIONS[region]
    except KeyError:
        raise ValueError(f"Unknown region {region!r}: choose one of {', '.join(REGIONS)}") from None
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    return frozenset(holidays.UK(subdiv=subdivision, years=years))


def is_working_day(day: datetime.date, region: str = DEFAULT_REGION) -> bool:
    """Monday to Friday and not a bank holiday of the region."""
    return day.weekday() < 5 and day not in bank_holidays(region)


def next_working_day(day: datetime.date, region: str = DEFAULT_REGION) -> datetime.date:
    """``day`` itself if it is a working day, else the first working day after it."""
    closed = bank_holidays(region)
    while day.weekday() >= 5 or day in closed:
        day += ONE_DAY
    return day


def previous_working_day(day: datetime.date, region: str = DEFAULT_REGION) -> datetime.date:
    """``day`` itself if it is a working day, else the last working day before it."""
    closed = bank_holidays(region)
    while day.weekday() >= 5 or day in closed:
        day -= ONE_DAY
    return day


def add_calendar_months(start: datetime.date, months: int) -> datetime.date:
    """The corresponding date ``months`` later, or that month's last day if it has none.

    3 September + 1 → 3 October; 31 January + 1 → 28 (or 29) February; 31 March + 1 → 30 April.
    """
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
