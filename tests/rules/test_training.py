"""The training policy rules (seeds/001 policy points 9.1, 9.5, 9.6; undertaking point 5)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dpassure.rules.service import Break
from dpassure.rules.training import (
    DEFAULT_POLICY,
    TrainingPolicy,
    TrainingStatus,
    assess,
    counts_from,
    earliest_pass_in_date,
    expires_on,
    first_due,
    first_due_cutoff,
    must_not_have_access,
    passed,
    refresher_months,
    restarts_training,
)

D = datetime.date
S = TrainingStatus
START = D(2024, 1, 8)


@pytest.mark.parametrize(
    "on, passes, expected_status, expected_due",
    [
        (D(2024, 1, 8), [], S.DUE_SOON, D(2024, 1, 8)),  # day one, grace 0: due today
        (D(2024, 1, 9), [], S.NEVER_COMPLETED, D(2024, 1, 8)),
        (D(2024, 1, 9), [D(2024, 1, 8)], S.COMPLIANT, D(2025, 1, 8)),
        (D(2024, 12, 9), [D(2024, 1, 8)], S.DUE_SOON, D(2025, 1, 8)),  # 30 days left
        (D(2024, 12, 8), [D(2024, 1, 8)], S.COMPLIANT, D(2025, 1, 8)),  # 31 days left
        (D(2025, 1, 8), [D(2024, 1, 8)], S.DUE_SOON, D(2025, 1, 8)),  # last day in date
        (D(2025, 1, 9), [D(2024, 1, 8)], S.OVERDUE, D(2025, 1, 8)),
        (D(2025, 1, 9), [D(2024, 1, 8), D(2025, 1, 9)], S.COMPLIANT, D(2026, 1, 9)),
        (D(2024, 6, 1), [D(2023, 12, 1)], S.NEVER_COMPLETED, D(2024, 1, 8)),  # before start
        (D(2024, 6, 1), [D(2024, 7, 1)], S.NEVER_COMPLETED, D(2024, 1, 8)),  # after the day
        (D(2023, 12, 31), [], S.NOT_REQUIRED, None),  # not started yet
    ],
)
def test_assess_with_the_default_policy(on, passes, expected_status, expected_due):
    result = assess(on, required=True, start=START, passes=passes)
    assert (result.status, result.due_on) == (expected_status, expected_due)


def test_not_required_when_the_course_does_not_apply_or_the_person_is_away_or_gone():
    assert assess(D(2024, 3, 1), required=False, start=START).status == S.NOT_REQUIRED
    left = assess(D(2024, 3, 1), required=True, start=START, leaving=D(2024, 2, 29))
    assert left.status == S.NOT_REQUIRED
    last_day = assess(D(2024, 2, 29), required=True, start=START, leaving=D(2024, 2, 29))
    assert last_day.status == S.NEVER_COMPLETED
    away = assess(D(2024, 3, 1), required=True, start=START, breaks=[Break(D(2024, 2, 1), None)])
    assert away.status == S.NOT_REQUIRED


def test_a_grace_period_gives_new_starters_time():
    policy = TrainingPolicy(new_starter_grace_days=28)
    within = assess(D(2024, 2, 5), required=True, start=START, policy=policy)
    assert (within.status, within.due_on) == (S.DUE_SOON, D(2024, 2, 5))
    after = assess(D(2024, 2, 6), required=True, start=START, policy=policy)
    assert after.status == S.NEVER_COMPLETED


def test_the_course_validity_overrides_the_refresher_interval_and_zero_means_once():
    three_years = assess(
        D(2026, 1, 1), required=True, start=START, passes=[D(2024, 1, 8)], validity_months=36
    )
    assert (three_years.status, three_years.due_on) == (S.COMPLIANT, D(2027, 1, 8))
    once = assess(
        D(2030, 1, 1), required=True, start=START, passes=[D(2024, 1, 8)], validity_months=0
    )
    assert (once.status, once.due_on) == (S.COMPLIANT, None)
    assert refresher_months(DEFAULT_POLICY, None) == 12
    assert refresher_months(TrainingPolicy(refresher_months=24), None) == 24


def test_a_later_failure_never_hides_an_earlier_pass():
    """Failures are not passes: only pass dates reach the rule, so the pass still counts."""
    result = assess(D(2024, 6, 1), required=True, start=START, passes=[D(2024, 1, 8)])
    assert result.status == S.COMPLIANT and result.last_pass == D(2024, 1, 8)


@pytest.mark.parametrize(
    "service_break, different_role, expected",
    [
        (Break(D(2024, 1, 1), D(2024, 6, 30)), False, False),  # six months, not more
        (Break(D(2024, 1, 1), D(2024, 7, 1)), False, True),  # more than six months
        (Break(D(2024, 8, 31), D(2025, 2, 27)), False, False),
        (Break(D(2024, 8, 31), D(2025, 2, 28)), False, True),  # month end clamps
        (Break(D(2024, 1, 1), D(2024, 1, 10)), True, True),  # re-joined in a different role
        (Break(D(2024, 1, 1), None), True, False),  # still away: nothing restarts yet
    ],
)
def test_restarts_training(service_break, different_role, expected):
    assert restarts_training(service_break, different_role=different_role) is expected


def test_a_long_break_means_taking_the_training_again():
    long_break = Break(D(2024, 3, 1), D(2024, 10, 31))
    result = assess(
        D(2024, 11, 5),
        required=True,
        start=START,
        breaks=[long_break],
        restarting_breaks=[long_break],
        passes=[D(2024, 1, 8)],
    )
    assert (result.status, result.counts_from, result.due_on) == (
        S.NEVER_COMPLETED,
        D(2024, 11, 1),
        D(2024, 11, 1),
    )
    back_and_passed = assess(
        D(2024, 11, 5),
        required=True,
        start=START,
        breaks=[long_break],
        restarting_breaks=[long_break],
        passes=[D(2024, 1, 8), D(2024, 11, 1)],
    )
    assert back_and_passed.status == S.COMPLIANT
    short = Break(D(2024, 3, 1), D(2024, 3, 31))
    unaffected = assess(
        D(2024, 11, 5), required=True, start=START, breaks=[short], passes=[D(2024, 1, 8)]
    )
    assert unaffected.status == S.COMPLIANT


def test_counts_from_ignores_breaks_ending_on_or_after_the_day():
    ended = Break(D(2024, 1, 1), D(2024, 8, 1))
    assert counts_from(D(2024, 8, 2), start=START, restarting_breaks=[ended]) == D(2024, 8, 2)
    assert counts_from(D(2024, 8, 1), start=START, restarting_breaks=[ended]) == START


@pytest.mark.parametrize(
    "status_passes, on, gates, expected",
    [
        ([], D(2024, 1, 8), True, True),  # new starter, not yet passed: no access
        ([D(2024, 1, 8)], D(2024, 6, 1), True, False),
        ([D(2024, 1, 8)], D(2025, 6, 1), True, True),  # expired: withdraw access
        ([D(2024, 1, 8)], D(2025, 6, 1), False, False),  # course does not gate access
    ],
)
def test_must_not_have_access(status_passes, on, gates, expected):
    result = assess(on, required=True, start=START, passes=status_passes)
    assert must_not_have_access(result, gates_access=gates) is expected


def test_not_required_people_are_never_on_the_access_list():
    result = assess(D(2024, 1, 1), required=True, start=START)
    assert must_not_have_access(result, gates_access=True) is False


@pytest.mark.parametrize(
    "score, mark, expected",
    [(85, 80, True), (80, 80, True), (79.5, 80, False), (None, 80, None), (90, None, None)],
)
def test_passed_from_the_score_and_pass_mark(score, mark, expected):
    assert passed(score, mark) is expected


@pytest.mark.parametrize(
    "on, months, expected",
    [
        (D(2025, 1, 8), 12, D(2024, 1, 8)),
        (D(2025, 2, 28), 12, D(2024, 2, 28)),  # 29 Feb 2024 + 12 months is 28 Feb 2025 too
        (D(2025, 3, 31), 1, D(2025, 3, 1)),  # 28 Feb + 1 month is 28 Mar: expired
        (D(2025, 3, 28), 1, D(2025, 2, 28)),
        (D(2025, 1, 1), None, None),
    ],
)
def test_earliest_pass_in_date(on, months, expected):
    assert earliest_pass_in_date(on, months) == expected


@given(
    passed_on=st.dates(D(2015, 1, 1), D(2035, 1, 1)),
    on=st.dates(D(2015, 1, 1), D(2037, 1, 1)),
    months=st.integers(1, 60),
)
def test_the_cut_off_is_exactly_the_inverse_of_expiry(passed_on, on, months):
    in_date = on <= expires_on(passed_on, months)
    assert in_date == (passed_on >= earliest_pass_in_date(on, months))


@given(
    on=st.dates(D(2020, 1, 1), D(2030, 1, 1)),
    passes=st.lists(st.dates(D(2019, 1, 1), D(2030, 1, 1)), max_size=5),
)
def test_in_date_and_access_agree(on, passes):
    result = assess(on, required=True, start=D(2020, 1, 1), passes=passes)
    assert must_not_have_access(result, gates_access=True) is (not result.in_date)
    if result.status == S.COMPLIANT:
        assert result.last_pass is not None


def test_a_refresher_is_first_due_one_interval_after_joining():
    joined = assess(D(2024, 6, 1), required=True, start=START, refresher=True)
    assert (joined.status, joined.due_on) == (S.DUE_SOON, D(2025, 1, 8))
    late = assess(D(2025, 1, 9), required=True, start=START, refresher=True)
    assert late.status == S.NEVER_COMPLETED
    induction = assess(D(2024, 6, 1), required=True, start=START)
    assert induction.status == S.NEVER_COMPLETED


@given(
    since=st.dates(D(2015, 1, 1), D(2035, 1, 1)),
    on=st.dates(D(2015, 1, 1), D(2037, 1, 1)),
    months=st.one_of(st.none(), st.integers(1, 60)),
    refresher=st.booleans(),
    grace=st.integers(0, 90),
)
def test_the_first_due_cut_off_is_exactly_its_inverse(since, on, months, refresher, grace):
    policy = TrainingPolicy(new_starter_grace_days=grace)
    due = first_due(since, policy=policy, months=months, refresher=refresher)
    cutoff = first_due_cutoff(on, policy=policy, months=months, refresher=refresher)
    assert (on <= due) == (since >= cutoff)
