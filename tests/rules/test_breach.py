import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dpassure.rules.breach import (
    Exception34,
    Likelihood,
    Notifications,
    Risk,
    RiskMatrix,
    Severity,
    assess_risk,
    breach_report_deadline,
    notifications_required,
    reported_late,
    time_remaining,
)

LONDON = ZoneInfo("Europe/London")


def at(*parts):
    return datetime.datetime(*parts, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("aware", "deadline"),
    [
        (
            at(2026, 6, 5, 16, 30),
            at(2026, 6, 8, 16, 30),
        ),  # Friday afternoon → Monday: weekends count
        (at(2026, 12, 24, 9, 0), at(2026, 12, 27, 9, 0)),  # Christmas counts too
        (at(2026, 3, 28, 1, 30), at(2026, 3, 31, 2, 30)),  # clocks go forward on 29 March
        (at(2026, 10, 24, 12, 0), at(2026, 10, 27, 11, 0)),  # clocks go back on 25 October
    ],
)
def test_deadline_is_72_elapsed_hours(aware, deadline):
    assert breach_report_deadline(aware) == deadline


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="time zone"):
        breach_report_deadline(datetime.datetime(2026, 6, 5, 9, 0))


def test_late_reports_and_time_remaining():
    aware = at(2026, 6, 1, 9, 0)
    assert not reported_late(aware, at(2026, 6, 4, 9, 0))
    assert reported_late(aware, at(2026, 6, 4, 9, 1))
    assert time_remaining(aware, at(2026, 6, 2, 9, 0)) == datetime.timedelta(hours=48)
    assert time_remaining(aware, at(2026, 6, 5, 9, 0)) == datetime.timedelta(hours=-24)


@given(
    st.datetimes(min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2035, 1, 1))
)
def test_always_72_real_hours(naive):
    aware = naive.replace(tzinfo=LONDON)
    elapsed = breach_report_deadline(aware).astimezone(datetime.UTC) - aware.astimezone(
        datetime.UTC
    )
    assert elapsed == datetime.timedelta(hours=72)


@pytest.mark.parametrize(
    ("likelihood", "severity", "special", "people", "expected"),
    [
        (Likelihood.REMOTE, Severity.MINIMAL, False, 1, Risk.NONE),
        (Likelihood.POSSIBLE, Severity.MINIMAL, False, 1, Risk.NONE),
        (Likelihood.LIKELY, Severity.MINIMAL, False, 1, Risk.RISK),
        (Likelihood.POSSIBLE, Severity.SIGNIFICANT, False, 1, Risk.RISK),
        (Likelihood.POSSIBLE, Severity.SEVERE, False, 1, Risk.HIGH),
        (Likelihood.LIKELY, Severity.SERIOUS, False, 1, Risk.HIGH),
        (Likelihood.REMOTE, Severity.SEVERE, False, 1, Risk.RISK),
        # Special category or criminal offence data raise severity one step.
        (Likelihood.POSSIBLE, Severity.MINIMAL, True, 1, Risk.RISK),
        (Likelihood.POSSIBLE, Severity.SERIOUS, True, 1, Risk.HIGH),
        # So do many people affected; severity cannot rise above severe.
        (Likelihood.POSSIBLE, Severity.SIGNIFICANT, False, 500, Risk.RISK),
        (Likelihood.LIKELY, Severity.SIGNIFICANT, True, 500, Risk.HIGH),
        (Likelihood.REMOTE, Severity.SEVERE, True, 500, Risk.RISK),
    ],
)
def test_risk_matrix(likelihood, severity, special, people, expected):
    assert (
        assess_risk(
            likelihood=likelihood,
            severity=severity,
            special_category=special,
            people_affected=people,
        )
        is expected
    )


def test_matrix_thresholds_are_configurable():
    strict = RiskMatrix(risk_from=2, high_from=6)
    assert (
        assess_risk(likelihood=Likelihood.POSSIBLE, severity=Severity.MINIMAL, matrix=strict)
        is Risk.RISK
    )
    with pytest.raises(ValueError, match="negative"):
        assess_risk(likelihood=Likelihood.REMOTE, severity=Severity.MINIMAL, people_affected=-1)


@pytest.mark.parametrize(
    ("risk", "exception", "ico", "individuals"),
    [
        (Risk.NONE, None, False, False),
        (Risk.RISK, None, True, False),
        (Risk.HIGH, None, True, True),
        (Risk.HIGH, Exception34.UNINTELLIGIBLE, True, False),
        (Risk.HIGH, Exception34.PART3_RESTRICTED, True, False),
    ],
)
def test_notifications_required(risk, exception, ico, individuals):
    assert notifications_required(risk, exception=exception) == Notifications(
        ico=ico, individuals=individuals
    )
