"""Personal data breaches: the 72-hour clock and the risk assessment.

Sources (DOMAIN_RULES.md §2):
- UK GDPR Art 33(1) and DPA 2018 s.67(1): notify the ICO without undue delay and, where
  feasible, not later than 72 hours after becoming aware, unless the breach is unlikely to
  result in a risk to people's rights and freedoms; a later report must give reasons for the
  delay (Art 33(1); s.67(3)); the content is Art 33(3) / s.67(4), and it may come in phases
  (Art 33(4); s.67(5)).
- The 72 hours are clock hours, nights and weekends included (ICO; Law Society guidance).
- UK GDPR Art 34 and DPA 2018 s.68: tell the people affected without undue delay when the
  breach is likely to result in a high risk, unless an Art 34(3)(a)–(c) exception applies or,
  for Part 3, the communication is restricted under s.68(7).
- ICO Accountability Framework ("Assessing and reporting breaches"): have a procedure to assess
  the likelihood and severity of the risk. No scale is prescribed, so the matrix below is
  DP Assure's documented default and every threshold is a parameter.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

REPORTING_WINDOW = datetime.timedelta(hours=72)


def breach_report_deadline(aware_at: datetime.datetime) -> datetime.datetime:
    """72 elapsed hours after the organisation became aware (Art 33(1); s.67(1)).

    Counted in real hours across a clock change: 01:30 on the Saturday before the clocks go
    forward gives 02:30 (BST) on the Tuesday, not 01:30.
    """
    if aware_at.tzinfo is None:
        raise ValueError("The time of awareness must include its time zone.")
    deadline = aware_at.astimezone(datetime.UTC) + REPORTING_WINDOW
    return deadline.astimezone(aware_at.tzinfo)


def time_remaining(aware_at: datetime.datetime, now: datetime.datetime) -> datetime.timedelta:
    """Time left to report; negative once the 72 hours have passed."""
    return breach_report_deadline(aware_at) - now


def reported_late(aware_at: datetime.datetime, reported_at: datetime.datetime) -> bool:
    """A report after the 72 hours must say why it was late (Art 33(1); s.67(3))."""
    return reported_at > breach_report_deadline(aware_at)


class Likelihood(enum.IntEnum):
    REMOTE = 1
    POSSIBLE = 2
    LIKELY = 3
    ALMOST_CERTAIN = 4


class Severity(enum.IntEnum):
    MINIMAL = 1  # inconvenience, quickly overcome
    SIGNIFICANT = 2  # costs, distress, overcome with some difficulty
    SERIOUS = 3  # serious consequences: financial loss, discrimination, harm to reputation
    SEVERE = 4  # irreversible: threat to life or safety, lasting harm


class Risk(enum.StrEnum):
    NONE = "none"
    RISK = "risk"
    HIGH = "high"


@dataclass(frozen=True)
class RiskMatrix:
    """Likelihood × severity scores at or above ``risk_from`` are a risk, at or above
    ``high_from`` a high risk. Special category or criminal offence data raise severity one
    step (UK GDPR Arts 9–10; DPA 2018 s.35(8) sensitive processing), and so do more than
    ``many_people`` people affected."""

    risk_from: int = 3
    high_from: int = 8
    many_people: int = 100


DEFAULT_MATRIX = RiskMatrix()


def assess_risk(
    *,
    likelihood: Likelihood,
    severity: Severity,
    special_category: bool = False,
    people_affected: int = 0,
    matrix: RiskMatrix = DEFAULT_MATRIX,
) -> Risk:
    """No risk, risk or high risk to people's rights and freedoms."""
    if people_affected < 0:
        raise ValueError("The number of people affected cannot be negative.")
    steps = int(special_category) + int(people_affected > matrix.many_people)
    adjusted = min(Severity.SEVERE, severity + steps)
    score = int(likelihood) * int(adjusted)
    if score >= matrix.high_from:
        return Risk.HIGH
    if score >= matrix.risk_from:
        return Risk.RISK
    return Risk.NONE


class Exception34(enum.StrEnum):
    """Why the people affected need not be told despite a high risk."""

    UNINTELLIGIBLE = "art34_3_a"  # e.g. encrypted
    RISK_NO_LONGER_LIKELY = "art34_3_b"  # later measures removed the high risk
    DISPROPORTIONATE = "art34_3_c"  # a public communication instead
    PART3_RESTRICTED = "s68_7"  # Part 3: restricted as s.45(4) allows


@dataclass(frozen=True)
class Notifications:
    ico: bool
    individuals: bool


def notifications_required(risk: Risk, *, exception: Exception34 | None = None) -> Notifications:
    """Whom the law requires to be told: the ICO unless there is no risk (Art 33(1); s.67(1)),
    the people affected when the risk is high and no exception applies (Art 34; s.68)."""
    return Notifications(
        ico=risk is not Risk.NONE,
        individuals=risk is Risk.HIGH and exception is None,
    )
