"""The statutory clock for requests for personal data (subject access and the other rights).

Sources (DOMAIN_RULES.md §1):
- UK GDPR Art 12(3) and, from 5 February 2026, Art 12A (inserted by the Data (Use and Access)
  Act 2025 s.76, commenced by SI 2026/82): one month from the "relevant time" — the latest of
  receipt of the request, of the information asked for to confirm identity, and of any fee —
  extendable by two further months by notice given within the first month, with reasons.
- DPA 2018 s.54 as amended (Part 3, law enforcement): the same applicable time period,
  relevant time, extension (s.54(3A)–(3B)) and stop-the-clock (s.54(3C)–(3D)).
- ICO, "Right of access — What should we consider when responding to a request?": day one
  is the day of receipt, working day or not; the deadline is the corresponding calendar date
  in the next month (the last day of that month if there is none); a deadline on a weekend or
  bank holiday moves to the next working day; an extension is counted as three months from the
  original start; adopting a 28-day period keeps every response inside a calendar month.
- Clarification (Art 12A / s.54(3C)): the days from the day the controller asks to the day it
  receives the answer, both included, do not count.

Where the sources disagree the rule is configurable (``counting``):
- ``"ico"`` (default, both regimes): the ICO's UK GDPR method above.
- ``"part3_day_after"``: the ICO's Part 3 guidance (10 February 2023) starts the clock on the
  day *after* receipt (received 30 June → due 1 August), one day later than the UK GDPR
  method. The conservative default applies the shorter UK GDPR count to Part 3 requests too.
- A literal reading of Art 12A's "one month beginning with" would end a day earlier still;
  the internal target (default 28 days) is met under every reading.

Part 3 requests received before 5 February 2026 could not be extended (ICO Part 3 guidance:
"you must not extend this time limit for any reason"); :func:`extension_permitted` says so.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Sequence

from dpassure.rules.calendars import (
    DEFAULT_REGION,
    add_calendar_months,
    next_working_day,
    previous_working_day,
)

DUAA_COMMENCEMENT = datetime.date(2026, 2, 5)
REGIMES = ("uk_gdpr", "part3")
COUNTING_METHODS = ("ico", "part3_day_after")
DEFAULT_INTERNAL_TARGET_DAYS = 28
DEFAULT_DUE_SOON_DAYS = 5

Clarification = tuple[datetime.date, datetime.date | None]


class Status(enum.StrEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    STOPPED = "stopped"
    CLOSED = "closed"


def clock_start(
    received: datetime.date,
    *,
    identity_confirmed: datetime.date | None = None,
    fee_received: datetime.date | None = None,
) -> datetime.date:
    """The relevant time: the latest of receipt, identity confirmed and fee received
    (Art 12A(2) UK GDPR; DPA 2018 s.54(3))."""
    return max(d for d in (received, identity_confirmed, fee_received) if d is not None)


def paused_days(start: datetime.date, clarifications: Iterable[Clarification]) -> int | None:
    """Days the clock stood still for clarification, or None while a question is unanswered.

    Each window runs from the day asked to the day answered, both included (Art 12A(4) UK GDPR;
    DPA 2018 s.54(3C)). Windows are merged, so overlapping questions never count a day twice,
    and days before the clock started are not counted (the clock was not running).
    """
    windows = []
    for asked, answered in clarifications:
        if answered is None:
            return None
        if answered < asked:
            raise ValueError("A clarification cannot be answered before it was asked.")
        if answered >= start:
            windows.append((max(asked, start), answered))
    total, covered_to = 0, None
    for first, last in sorted(windows):
        if covered_to is not None and first <= covered_to:
            first = covered_to + datetime.timedelta(days=1)
        if first <= last:
            total += (last - first).days + 1
            covered_to = last
    return total


def extension_permitted(regime: str, received: datetime.date) -> bool:
    """UK GDPR requests may always be extended by two months (Art 12(3), then Art 12A(3));
    Part 3 requests only from 5 February 2026 (DPA 2018 s.54(3A), inserted by DUAA s.76)."""
    _check_regime(regime)
    return regime == "uk_gdpr" or received >= DUAA_COMMENCEMENT


def _check_regime(regime: str) -> None:
    if regime not in REGIMES:
        raise ValueError(f"Unknown regime {regime!r}: choose one of {', '.join(REGIMES)}")


def sar_due_date(
    received: datetime.date,
    *,
    identity_confirmed: datetime.date | None = None,
    fee_received: datetime.date | None = None,
    clarifications: Sequence[Clarification] = (),
    extended: bool = False,
    regime: str = "uk_gdpr",
    region: str = DEFAULT_REGION,
    counting: str = "ico",
) -> datetime.date | None:
    """The statutory due date of a request, or None while the clock is stopped.

    Start on the relevant time (day one, working day or not); add one calendar month (three
    when extended); add the clarification days; move a weekend or bank holiday to the next
    working day of the region.
    """
    _check_regime(regime)
    if counting not in COUNTING_METHODS:
        raise ValueError(f"Unknown counting method {counting!r}")
    if extended and not extension_permitted(regime, received):
        raise ValueError(
            "Part 3 requests received before 5 February 2026 cannot be extended "
            "(DPA 2018 s.54 before the Data (Use and Access) Act 2025)."
        )
    start = clock_start(received, identity_confirmed=identity_confirmed, fee_received=fee_received)
    paused = paused_days(start, clarifications)
    if paused is None:
        return None
    if counting == "part3_day_after":
        start += datetime.timedelta(days=1)
    due = add_calendar_months(start, 3 if extended else 1)
    return next_working_day(due + datetime.timedelta(days=paused), region)


def extension_notice_deadline(received: datetime.date, **clock) -> datetime.date | None:
    """The last day to tell the requester of an extension and why: the end of the first
    month, i.e. the un-extended due date (Art 12A(3) UK GDPR; DPA 2018 s.54(3B))."""
    clock.pop("extended", None)
    return sar_due_date(received, extended=False, **clock)


def internal_target(
    received: datetime.date,
    *,
    target_days: int = DEFAULT_INTERNAL_TARGET_DAYS,
    identity_confirmed: datetime.date | None = None,
    fee_received: datetime.date | None = None,
    clarifications: Sequence[Clarification] = (),
    region: str = DEFAULT_REGION,
) -> datetime.date | None:
    """The organisation's own target: day ``target_days`` counting the start as day one, plus
    clarification days, brought back to a working day (ICO: "adopt a 28-day period")."""
    if target_days < 1:
        raise ValueError("An internal target must be at least one day.")
    start = clock_start(received, identity_confirmed=identity_confirmed, fee_received=fee_received)
    paused = paused_days(start, clarifications)
    if paused is None:
        return None
    target = start + datetime.timedelta(days=target_days - 1 + paused)
    return previous_working_day(target, region)


def days_remaining(due: datetime.date | None, today: datetime.date) -> int | None:
    """Calendar days from ``today`` to the due date: 0 on the day, negative when overdue."""
    return None if due is None else (due - today).days


def sar_status(
    *,
    due: datetime.date | None,
    today: datetime.date,
    closed_on: datetime.date | None = None,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> Status:
    """Where a request stands on ``today``: closed, stopped (no due date while a clarification
    is unanswered), overdue (after the due date), due soon (within ``due_soon_days``) or on
    track."""
    if closed_on is not None:
        return Status.CLOSED
    if due is None:
        return Status.STOPPED
    remaining = (due - today).days
    if remaining < 0:
        return Status.OVERDUE
    if remaining <= due_soon_days:
        return Status.DUE_SOON
    return Status.ON_TRACK


def closed_late(*, due: datetime.date | None, closed_on: datetime.date | None) -> bool:
    """True when a request was answered after its statutory due date."""
    return due is not None and closed_on is not None and closed_on > due
