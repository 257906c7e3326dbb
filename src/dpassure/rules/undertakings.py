"""Undertakings: when each requirement falls due, what a follow-up found, and where things stand.

An undertaking is a written commitment signed by a controller (for a force, typically the Chief
Constable) to take specific steps by set dates; the regulator then follows it up, checking each
commitment is completed and evidenced (DOMAIN_RULES.md §9.7). The worked example is the
undertaking follow-up in seeds/001: signed on 31 October 2017, seven numbered requirements, the
seventh being "undertake all the above steps and implement them within three months", a
desk-based review on 16 May 2018, a verdict per requirement, and the deadline statement "have not
implemented points 5 and 6 within the time limit and have offered limited evidence to prove that
they have implemented points 2, 3 and 4".

- A deadline is either a date or a period in months from the date the undertaking was signed,
  counted with the calendar-month method used by every clock in DP Assure
  (:func:`dpassure.rules.calendars.add_calendar_months`): 31 October + 3 months → 31 January.
- A requirement is met by its deadline only when the follow-up found it implemented; partly
  implemented, not implemented and not evidenced all count as not met ("limited evidence to prove
  that they have implemented" is not a finding that they did).

Pure Python: every function takes the dates it needs as arguments.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from dpassure.rules.calendars import add_calendar_months

#: The longest period a requirement may be given, in months (five years).
MAX_MONTHS = 60


class VerdictKind(enum.StrEnum):
    """The follow-up's finding on one requirement (seeds/001 per-requirement findings)."""

    IMPLEMENTED = "implemented"
    PARTLY_IMPLEMENTED = "partly_implemented"
    NOT_IMPLEMENTED = "not_implemented"
    NOT_EVIDENCED = "not_evidenced"


class UndertakingState(enum.StrEnum):
    DRAFT = "draft"
    IN_FORCE = "in_force"
    FOLLOWED_UP = "followed_up"
    REFERRED = "referred"
    CLOSED = "closed"


class DeadlineError(ValueError):
    """The deadline as given cannot be used; the message says why and what to do."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def check_deadline(*, on: datetime.date | None, months: int | None) -> None:
    """A requirement's deadline is a date or a number of months — exactly one of them.

    Raises :class:`DeadlineError` naming the field to correct.
    """
    if on is not None and months is not None:
        raise DeadlineError(
            "deadline_months", "Give the deadline as a date or as a number of months, not both."
        )
    if on is None and months is None:
        raise DeadlineError(
            "deadline_date", "Give the deadline as a date or as a number of months."
        )
    if months is not None and not 1 <= months <= MAX_MONTHS:
        raise DeadlineError(
            "deadline_months", f"The period must be between 1 and {MAX_MONTHS} months."
        )


def requirement_due(
    *, signed_on: datetime.date | None, on: datetime.date | None, months: int | None
) -> datetime.date | None:
    """The date a requirement must be implemented by.

    A date deadline is that date. A period runs from the day the undertaking was signed, by
    calendar months: signed 31 October 2017, "within three months" → 31 January 2018 (seeds/001,
    requirement 7). An unsigned undertaking's periods have not started, so they have no date.
    """
    check_deadline(on=on, months=months)
    if on is not None:
        return on
    if signed_on is None:
        return None
    return add_calendar_months(signed_on, months)


def check_deadline_after_signing(
    *, signed_on: datetime.date | None, on: datetime.date | None
) -> None:
    """A date deadline cannot fall before the undertaking was signed."""
    if signed_on is not None and on is not None and on < signed_on:
        raise DeadlineError(
            "deadline_date", "The deadline cannot be before the undertaking was signed."
        )


def is_met(verdict: VerdictKind | str | None) -> bool:
    """Only a finding of "implemented" meets a requirement."""
    return verdict == VerdictKind.IMPLEMENTED


def is_overdue(
    *, due: datetime.date | None, verdict: VerdictKind | str | None, today: datetime.date
) -> bool:
    """Past its date (the due day itself still counts as in time) and not found implemented."""
    return due is not None and today > due and not is_met(verdict)


def follow_up_due(
    *, deadlines: Iterable[datetime.date | None], followed_up: bool, today: datetime.date
) -> bool:
    """A follow-up is due once every requirement's deadline has passed and none has been issued.

    The regulator checks the commitments once they should all be done (DOMAIN_RULES.md §9.7).
    """
    dates = list(deadlines)
    if followed_up or not dates or any(d is None for d in dates):
        return False
    return today > max(dates)


@dataclass(frozen=True)
class DeadlineOutcome:
    """Which requirements (by number) the follow-up found met or not met by their deadlines."""

    implemented: tuple[int, ...]
    partly_implemented: tuple[int, ...]
    not_implemented: tuple[int, ...]
    not_evidenced: tuple[int, ...]
    not_yet_due: tuple[int, ...]
    without_verdict: tuple[int, ...]

    @property
    def all_met(self) -> bool:
        return not (
            self.partly_implemented
            or self.not_implemented
            or self.not_evidenced
            or self.without_verdict
        )


def deadline_outcome(
    requirements: Iterable[tuple[int, datetime.date | None, VerdictKind | str | None]],
    *,
    assessed_on: datetime.date,
) -> DeadlineOutcome:
    """Sort requirements ``(number, due, verdict)`` by what the follow-up found at its date.

    A requirement still in time on the day of the assessment is "not yet due" whatever its
    verdict, unless it was already found implemented.
    """
    buckets: dict[str, list[int]] = {name: [] for name in DeadlineOutcome.__dataclass_fields__}
    for number, due, verdict in sorted(requirements, key=lambda r: r[0]):
        if is_met(verdict):
            buckets["implemented"].append(number)
        elif due is None or assessed_on <= due:
            buckets["not_yet_due"].append(number)
        elif not verdict:
            buckets["without_verdict"].append(number)
        else:
            buckets[VerdictKind(verdict).value].append(number)
    return DeadlineOutcome(**{name: tuple(numbers) for name, numbers in buckets.items()})


def undertaking_state(
    *,
    signed_on: datetime.date | None,
    closed_on: datetime.date | None,
    reports_issued: int,
    referred: bool,
) -> UndertakingState:
    """Draft until signed; in force until a follow-up report is issued; then followed up, or
    referred when the latest issued follow-up passed it to enforcement; closed when closed."""
    if closed_on is not None:
        return UndertakingState.CLOSED
    if signed_on is None:
        return UndertakingState.DRAFT
    if reports_issued == 0:
        return UndertakingState.IN_FORCE
    return UndertakingState.REFERRED if referred else UndertakingState.FOLLOWED_UP
