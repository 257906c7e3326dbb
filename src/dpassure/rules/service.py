"""Periods of service: when a person counts as working for an organisation.

Source: the force policy quoted in the undertaking follow-up (seeds/001, point 9.6):
"individuals who re-join the force in a different role or had a break in service of more
than 6 months are required to repeat the training". Training rules build on these.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Break:
    start: datetime.date
    end: datetime.date | None  # None: still away

    def covers(self, on: datetime.date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)

    def length_in_days(self, on: datetime.date) -> int:
        """Days away, both ends included, counting an open break up to ``on``."""
        last = self.end if self.end is not None else on
        return max((last - self.start).days + 1, 0)


def in_service(
    on: datetime.date,
    *,
    start: datetime.date,
    leaving: datetime.date | None = None,
    breaks: Iterable[Break] = (),
) -> bool:
    """True when the person works for the organisation on ``on``: started, not yet left
    (the leaving date is their last day) and not on a break."""
    if on < start or (leaving is not None and on > leaving):
        return False
    return not any(b.covers(on) for b in breaks)


def longest_break_days(on: datetime.date, breaks: Iterable[Break]) -> int:
    """The longest break that had begun by ``on``, in days (0 if none)."""
    return max((b.length_in_days(on) for b in breaks if b.start <= on), default=0)
