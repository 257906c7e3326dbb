"""Undertaking deadlines and follow-up outcomes, as tables of cases (no database)."""

import datetime

import pytest

from dpassure.rules.undertakings import (
    DeadlineError,
    UndertakingState,
    VerdictKind,
    check_deadline,
    check_deadline_after_signing,
    deadline_outcome,
    follow_up_due,
    is_met,
    is_overdue,
    requirement_due,
    undertaking_state,
)

D = datetime.date
V = VerdictKind


@pytest.mark.parametrize(
    ("signed_on", "on", "months", "due"),
    [
        # seeds/001: signed 31 October 2017, "within three months".
        (D(2017, 10, 31), None, 3, D(2018, 1, 31)),
        # Month ends: no corresponding date → that month's last day.
        (D(2017, 11, 30), None, 3, D(2018, 2, 28)),
        (D(2019, 11, 30), None, 3, D(2020, 2, 29)),
        (D(2018, 8, 31), None, 1, D(2018, 9, 30)),
        (D(2018, 1, 15), None, 1, D(2018, 2, 15)),
        (D(2018, 1, 15), None, 12, D(2019, 1, 15)),
        (D(2018, 12, 31), None, 2, D(2019, 2, 28)),
        (D(2018, 1, 1), None, 60, D(2023, 1, 1)),
        # A date deadline is that date, signed or not.
        (D(2017, 10, 31), D(2018, 3, 1), None, D(2018, 3, 1)),
        (None, D(2018, 3, 1), None, D(2018, 3, 1)),
        # A period has not started until the undertaking is signed.
        (None, None, 3, None),
    ],
)
def test_requirement_due(signed_on, on, months, due):
    assert requirement_due(signed_on=signed_on, on=on, months=months) == due


@pytest.mark.parametrize(
    ("on", "months", "field", "message"),
    [
        (None, None, "deadline_date", "as a date or as a number of months."),
        (D(2018, 1, 1), 3, "deadline_months", "not both"),
        (None, 0, "deadline_months", "between 1 and 60 months"),
        (None, 61, "deadline_months", "between 1 and 60 months"),
        (None, -3, "deadline_months", "between 1 and 60 months"),
    ],
)
def test_bad_deadlines_are_refused_with_the_field_to_correct(on, months, field, message):
    with pytest.raises(DeadlineError) as raised:
        check_deadline(on=on, months=months)
    assert raised.value.field == field
    assert message in raised.value.message
    with pytest.raises(DeadlineError):
        requirement_due(signed_on=D(2017, 10, 31), on=on, months=months)


@pytest.mark.parametrize(
    ("signed_on", "on", "refused"),
    [
        (D(2017, 10, 31), D(2017, 10, 30), True),
        (D(2017, 10, 31), D(2017, 10, 31), False),
        (D(2017, 10, 31), D(2018, 1, 31), False),
        (None, D(2000, 1, 1), False),
        (D(2017, 10, 31), None, False),
    ],
)
def test_a_date_deadline_cannot_precede_signing(signed_on, on, refused):
    if refused:
        with pytest.raises(DeadlineError, match="before the undertaking was signed"):
            check_deadline_after_signing(signed_on=signed_on, on=on)
    else:
        check_deadline_after_signing(signed_on=signed_on, on=on)


@pytest.mark.parametrize(
    ("verdict", "met"),
    [
        (V.IMPLEMENTED, True),
        ("implemented", True),
        (V.PARTLY_IMPLEMENTED, False),
        (V.NOT_IMPLEMENTED, False),
        (V.NOT_EVIDENCED, False),
        (None, False),
        ("", False),
    ],
)
def test_only_implemented_meets_a_requirement(verdict, met):
    assert is_met(verdict) is met


@pytest.mark.parametrize(
    ("due", "verdict", "today", "overdue"),
    [
        (D(2018, 1, 31), None, D(2018, 1, 31), False),  # the due day is still in time
        (D(2018, 1, 31), None, D(2018, 2, 1), True),
        (D(2018, 1, 31), V.NOT_EVIDENCED, D(2018, 5, 16), True),
        (D(2018, 1, 31), V.PARTLY_IMPLEMENTED, D(2018, 5, 16), True),
        (D(2018, 1, 31), V.IMPLEMENTED, D(2018, 5, 16), False),
        (None, None, D(2030, 1, 1), False),  # unsigned: no date yet
    ],
)
def test_is_overdue(due, verdict, today, overdue):
    assert is_overdue(due=due, verdict=verdict, today=today) is overdue


@pytest.mark.parametrize(
    ("deadlines", "followed_up", "today", "due"),
    [
        ([D(2018, 1, 31)] * 7, False, D(2018, 2, 1), True),
        ([D(2018, 1, 31)] * 7, False, D(2018, 1, 31), False),
        ([D(2018, 1, 31), D(2018, 6, 30)], False, D(2018, 3, 1), False),
        ([D(2018, 1, 31), D(2018, 6, 30)], False, D(2018, 7, 1), True),
        ([D(2018, 1, 31)], True, D(2018, 7, 1), False),
        ([], False, D(2018, 7, 1), False),
        ([D(2018, 1, 31), None], False, D(2018, 7, 1), False),
    ],
)
def test_follow_up_due(deadlines, followed_up, today, due):
    assert follow_up_due(deadlines=deadlines, followed_up=followed_up, today=today) is due


def test_the_seed_deadline_statement():
    """seeds/001: 5 and 6 not implemented within the time limit; limited evidence for 2, 3, 4."""
    due = D(2018, 1, 31)
    outcome = deadline_outcome(
        [
            (6, due, V.NOT_IMPLEMENTED),
            (1, due, V.IMPLEMENTED),
            (2, due, V.NOT_EVIDENCED),
            (3, due, V.NOT_EVIDENCED),
            (4, due, V.NOT_EVIDENCED),
            (5, due, V.NOT_IMPLEMENTED),
        ],
        assessed_on=D(2018, 5, 16),
    )
    assert outcome.implemented == (1,)
    assert outcome.not_implemented == (5, 6)
    assert outcome.not_evidenced == (2, 3, 4)
    assert outcome.partly_implemented == ()
    assert outcome.not_yet_due == ()
    assert outcome.all_met is False


@pytest.mark.parametrize(
    ("row", "bucket"),
    [
        ((1, D(2018, 6, 30), V.NOT_IMPLEMENTED), "not_yet_due"),
        ((1, D(2018, 5, 16), V.NOT_IMPLEMENTED), "not_yet_due"),  # due on the day: in time
        ((1, D(2018, 6, 30), V.IMPLEMENTED), "implemented"),
        ((1, D(2018, 1, 31), V.PARTLY_IMPLEMENTED), "partly_implemented"),
        ((1, D(2018, 1, 31), None), "without_verdict"),
        ((1, None, V.NOT_EVIDENCED), "not_yet_due"),
        ((1, D(2018, 1, 31), "not_evidenced"), "not_evidenced"),
    ],
)
def test_deadline_outcome_buckets(row, bucket):
    outcome = deadline_outcome([row], assessed_on=D(2018, 5, 16))
    assert getattr(outcome, bucket) == (1,)
    others = [n for n in outcome.__dataclass_fields__ if n != bucket]
    assert all(getattr(outcome, name) == () for name in others)
    assert outcome.all_met is (bucket in ("implemented", "not_yet_due"))


@pytest.mark.parametrize(
    ("signed_on", "closed_on", "issued", "referred", "state"),
    [
        (None, None, 0, False, UndertakingState.DRAFT),
        (D(2017, 10, 31), None, 0, False, UndertakingState.IN_FORCE),
        (D(2017, 10, 31), None, 0, True, UndertakingState.IN_FORCE),
        (D(2017, 10, 31), None, 1, False, UndertakingState.FOLLOWED_UP),
        (D(2017, 10, 31), None, 2, True, UndertakingState.REFERRED),
        (D(2017, 10, 31), D(2019, 1, 1), 2, True, UndertakingState.CLOSED),
        (None, D(2019, 1, 1), 0, False, UndertakingState.CLOSED),
    ],
)
def test_undertaking_state(signed_on, closed_on, issued, referred, state):
    assert (
        undertaking_state(
            signed_on=signed_on, closed_on=closed_on, reports_issued=issued, referred=referred
        )
        is state
    )
