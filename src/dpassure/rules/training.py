"""Training policy: is a person's mandatory training in date on a given day?

The rules encode the force data protection policy quoted in the undertaking follow-up
(seeds/001, requirement 4) and the undertaking's own requirements:

- point 9.1 — "successful completion of the course … is a pre-requisite to obtain access to
  force systems": only a *pass* counts, and a new starter has no access until they pass
  (grace period 0 days by default);
- point 9.5 — "non-completion would result in the individual being denied access … until the
  training is complete": :func:`must_not_have_access`;
- point 9.6 — "individuals who re-join the force in a different role or had a break in service
  of more than 6 months are required to repeat the training": :func:`restarts_training`;
- undertaking requirement 5 — "refreshed data protection training … on an annual basis":
  a pass stays in date for the refresher interval (12 calendar months by default, or the
  course's own validity period).

ICO Accountability Framework, "Training and awareness" (DOMAIN_RULES.md §8): induction before
accessing personal data, refresher at regular intervals, verify understanding with a pass
mark, keep training records, follow up non-completion and consider removing access.

Periods in months use the calendar-month method of :func:`add_calendar_months` (the same
method as the statutory clocks). Every function takes the date as an argument.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from dpassure.rules.calendars import add_calendar_months
from dpassure.rules.service import Break, in_service

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class TrainingPolicy:
    """An organisation's training parameters (the defaults are the seed's policy)."""

    new_starter_grace_days: int = 0  # 0: completion before access (policy 9.1)
    refresher_months: int = 12  # undertaking requirement 5: annual refresher
    break_threshold_months: int = 6  # policy 9.6: a break of more than 6 months
    due_soon_days: int = 30


DEFAULT_POLICY = TrainingPolicy()


class TrainingStatus(StrEnum):
    COMPLIANT = "compliant"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NEVER_COMPLETED = "never_completed"
    NOT_REQUIRED = "not_required"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    TrainingStatus.COMPLIANT: "Compliant",
    TrainingStatus.DUE_SOON: "Due soon",
    TrainingStatus.OVERDUE: "Overdue",
    TrainingStatus.NEVER_COMPLETED: "Never completed",
    TrainingStatus.NOT_REQUIRED: "Not required",
}


@dataclass(frozen=True)
class Assessment:
    status: TrainingStatus
    counts_from: datetime.date | None  # the day from which a pass counts (start or return)
    last_pass: datetime.date | None  # the latest pass that counts, in date or not
    due_on: datetime.date | None  # when the next pass is needed (None: not required)

    @property
    def in_date(self) -> bool:
        """True when a pass is in date on the day assessed."""
        in_date = self.status in (TrainingStatus.COMPLIANT, TrainingStatus.DUE_SOON)
        return in_date and self.last_pass is not None


def refresher_months(policy: TrainingPolicy, validity_months: int | None) -> int | None:
    """How long a pass stays in date: the course's validity period when it has one, otherwise
    the organisation's refresher interval; ``None`` for a course taken once (validity 0)."""
    months = policy.refresher_months if validity_months is None else validity_months
    return months or None


def expires_on(passed_on: datetime.date, months: int | None) -> datetime.date | None:
    """The last day a pass is in date: the same day ``months`` calendar months later, or the
    month's last day where it has none (31 Jan + 1 month → 28/29 Feb). None: never expires."""
    if months is None:
        return None
    return add_calendar_months(passed_on, months)


def earliest_pass_in_date(on: datetime.date, months: int | None) -> datetime.date | None:
    """The earliest pass date still in date on ``on``: a pass ``p`` is in date on ``on``
    exactly when ``p >= earliest_pass_in_date(on, months)`` (and ``p <= on``).

    The inverse of :func:`expires_on`, exact at month ends, so a database query can compare
    pass dates with one cut-off instead of computing each pass's expiry. None: no cut-off.
    """
    if months is None:
        return None
    candidate = add_calendar_months(on, -months)
    while expires_on(candidate - ONE_DAY, months) >= on:
        candidate -= ONE_DAY
    while expires_on(candidate, months) < on:
        candidate += ONE_DAY
    return candidate


def first_due(
    since: datetime.date, *, policy: TrainingPolicy, months: int | None, refresher: bool
) -> datetime.date:
    """When someone's first pass of a course is needed, counting from ``since`` (their start,
    or their return after a break that restarts training).

    An induction course is due within the new-starter grace period (policy 9.1: by default
    before access, on day one). A refresher course is first due one refresher interval later:
    someone who has just joined is not yet due their annual refresher (undertaking point 5).
    """
    if refresher and months is not None:
        return expires_on(since, months)
    return since + datetime.timedelta(days=policy.new_starter_grace_days)


def first_due_cutoff(
    on: datetime.date, *, policy: TrainingPolicy, months: int | None, refresher: bool
) -> datetime.date:
    """The inverse of :func:`first_due`: on ``on`` someone is still within their first-due
    period exactly when counting began on or after this day."""
    if refresher and months is not None:
        return earliest_pass_in_date(on, months)
    return on - datetime.timedelta(days=policy.new_starter_grace_days)


def restarts_training(
    service_break: Break, policy: TrainingPolicy = DEFAULT_POLICY, *, different_role: bool
) -> bool:
    """Whether coming back from this break means taking the training again (policy 9.6):
    the break lasted more than ``break_threshold_months``, or the person re-joined in a
    different role. An open break restarts nothing until it ends."""
    if service_break.end is None:
        return False
    if different_role:
        return True
    threshold_end = add_calendar_months(service_break.start, policy.break_threshold_months)
    # "more than 6 months": away on the day 6 calendar months after the break began.
    return service_break.end >= threshold_end


def counts_from(
    on: datetime.date,
    *,
    start: datetime.date,
    restarting_breaks: Iterable[Break] = (),
) -> datetime.date:
    """The day from which a pass counts on ``on``: the start date, or the day after the end of
    the latest break before ``on`` that restarts training."""
    ends = [b.end for b in restarting_breaks if b.end is not None and b.end < on]
    return max([start, *(end + ONE_DAY for end in ends)])


def assess(
    on: datetime.date,
    *,
    required: bool,
    start: datetime.date,
    leaving: datetime.date | None = None,
    breaks: Iterable[Break] = (),
    restarting_breaks: Iterable[Break] = (),
    passes: Iterable[datetime.date] = (),
    validity_months: int | None = None,
    refresher: bool = False,
    policy: TrainingPolicy = DEFAULT_POLICY,
) -> Assessment:
    """A person's status for one course on ``on``.

    ``breaks`` are all their breaks in service; ``restarting_breaks`` those of them for which
    :func:`restarts_training` is true. ``passes`` are the dates of their passes of the course;
    failures are not passed in, so a later failure never hides an earlier pass. A pass counts
    from the start date (or from the return after a restarting break) up to ``on``.

    - Not required: the course does not apply to them, or they are not in service on ``on``
      (not started, left, or on a break).
    - Compliant: a pass is in date and stays in date for more than ``due_soon_days``.
    - Due soon: a pass expires within ``due_soon_days``; or no pass yet and the first pass is
      not yet late (:func:`first_due`: day one itself with the default grace of 0 days; a
      refresher course one refresher interval after counting began).
    - Overdue: they passed since counting began but that pass has expired.
    - Never completed: no pass since counting began, and the grace period is over.
    """
    breaks = tuple(breaks)
    if not required or not in_service(on, start=start, leaving=leaving, breaks=breaks):
        return Assessment(TrainingStatus.NOT_REQUIRED, None, None, None)
    since = counts_from(on, start=start, restarting_breaks=restarting_breaks)
    counted = [p for p in passes if since <= p <= on]
    months = refresher_months(policy, validity_months)
    due = first_due(since, policy=policy, months=months, refresher=refresher)
    if not counted:
        if on <= due:
            return Assessment(TrainingStatus.DUE_SOON, since, None, due)
        return Assessment(TrainingStatus.NEVER_COMPLETED, since, None, due)
    last = max(counted)
    expiry = expires_on(last, months)
    if expiry is None:
        return Assessment(TrainingStatus.COMPLIANT, since, last, None)
    if expiry < on:
        return Assessment(TrainingStatus.OVERDUE, since, last, expiry)
    if expiry <= on + datetime.timedelta(days=policy.due_soon_days):
        return Assessment(TrainingStatus.DUE_SOON, since, last, expiry)
    return Assessment(TrainingStatus.COMPLIANT, since, last, expiry)


def must_not_have_access(assessment: Assessment, *, gates_access: bool) -> bool:
    """Whether IT must withhold or withdraw system access (policy 9.1 and 9.5): the course
    gates access, the person is in service and required to take it, and no pass is in date."""
    if not gates_access or assessment.status == TrainingStatus.NOT_REQUIRED:
        return False
    return not assessment.in_date


def passed(score: float | None, pass_mark: float | None) -> bool | None:
    """Pass or fail from the score and the course's pass mark (None: cannot tell).

    The seed's criticism was "there is no percentage pass rate known or recorded": a course
    with a pass mark decides pass or fail from the score, never from a click-through.
    """
    if pass_mark is None or score is None:
        return None
    return score >= pass_mark
