"""Assurance rules: definitions kept as data, survey risk and proposed scope, stages, follow-up."""

import datetime

import pytest

from dpassure.rules import assurance as r

D = datetime.date


def test_every_rating_and_priority_has_its_definition():
    assert set(r.RATING_DEFINITIONS) == set(r.AssuranceLevel)
    assert set(r.PRIORITY_DEFINITIONS) == set(r.Priority)
    assert "substantial risk" in r.RATING_DEFINITIONS[r.AssuranceLevel.VERY_LIMITED]
    assert "only limited scope" in r.RATING_DEFINITIONS[r.AssuranceLevel.HIGH]
    assert "immediate" in r.PRIORITY_DEFINITIONS[r.Priority.URGENT]


@pytest.mark.parametrize(
    "answers, score, band, answered, unanswered, na",
    [
        ([], 0, "low", 0, 0, 0),
        (["yes", "yes"], 0, "low", 2, 0, 0),
        (["no", "no"], 100, "high", 2, 0, 0),
        (["partly", "partly"], 50, "high", 2, 0, 0),
        (["yes", "partly"], 25, "medium", 2, 0, 0),
        (["yes", "yes", "yes", "partly"], 12, "low", 4, 0, 0),
        (["yes", None], 50, "high", 1, 1, 0),
        (["yes", ""], 50, "high", 1, 1, 0),
        (["not_applicable", "not_applicable"], 0, "low", 0, 0, 2),
        (["not_applicable", "no"], 100, "high", 1, 0, 1),
        (["yes", "yes", "no"], 33, "medium", 3, 0, 0),
        (["yes", "partly", "yes", "yes", "yes"], 10, "low", 5, 0, 0),
    ],
)
def test_area_risk(answers, score, band, answered, unanswered, na):
    risk = r.area_risk("a", answers)
    assert (risk.score, risk.band.value, risk.answered, risk.unanswered, risk.not_applicable) == (
        score,
        band,
        answered,
        unanswered,
        na,
    )


def test_an_unknown_answer_is_refused():
    with pytest.raises(ValueError):
        r.area_risk("a", ["maybe"])


@pytest.mark.parametrize(
    "scores, expected",
    [
        ({"a": 0, "b": 0, "c": 0}, ["a", "b"]),  # nothing risky: the first two make up two
        ({"a": 0, "b": 60, "c": 10}, ["b", "c"]),
        ({"a": 30, "b": 60, "c": 10}, ["b", "a"]),
        ({"a": 30, "b": 60, "c": 25, "d": 90, "e": 50}, ["d", "b", "e", "a"]),  # at most four
        ({"a": 50, "b": 50, "c": 50}, ["a", "b", "c"]),  # ties keep the framework's order
        ({"a": 100}, ["a"]),
        ({}, []),
    ],
)
def test_proposed_scope(scores, expected):
    risks = [r.AreaRisk(k, s, r.risk_band(s), 1, 0, 0) for k, s in scores.items()]
    assert r.proposed_scope(risks) == expected


def test_survey_risk_keeps_the_order_given():
    risks = r.survey_risk({"x": ["no"], "y": ["yes"]})
    assert [(k.area, k.score) for k in risks] == [("x", 100), ("y", 0)]


@pytest.mark.parametrize(
    "kind, stages",
    [
        ("consensual_audit", list(r.Stage)),
        ("site_visit", list(r.Stage)),
        ("teleconference", list(r.Stage)),
        ("survey_only", [s for s in r.Stage if s is not r.Stage.INTERVIEWS]),
        (
            "undertaking_follow_up",
            [s for s in r.Stage if s not in (r.Stage.SURVEY, r.Stage.INTERVIEWS)],
        ),
    ],
)
def test_stages_for_each_kind(kind, stages):
    assert list(r.stages_for(kind)) == stages


@pytest.mark.parametrize(
    "kind, current, expected",
    [
        ("site_visit", "invited", "survey"),
        ("site_visit", "document_review", "interviews"),
        ("survey_only", "document_review", "draft_report"),
        ("undertaking_follow_up", "invited", "document_review"),
        ("site_visit", "final_report", "follow_up"),
        ("site_visit", "follow_up", None),
    ],
)
def test_next_stage(kind, current, expected):
    assert r.next_stage(kind, current) == (expected and r.Stage(expected))


ON = D(2026, 6, 1)


@pytest.mark.parametrize(
    "kind, current, target, started, message",
    [
        ("site_visit", "invited", "survey", D(2026, 5, 1), None),
        ("site_visit", "invited", "survey", ON, None),  # the same day is fine
        ("site_visit", "invited", "document_review", None, "one at a time"),
        ("site_visit", "interviews", "survey", None, "cannot go back"),
        ("site_visit", "survey", "survey", None, "already at survey"),
        ("site_visit", "invited", "survey", D(2026, 6, 2), "cannot start before"),
        ("site_visit", "follow_up", "follow_up", None, "last stage"),
        ("survey_only", "document_review", "interviews", None, "has no interviews stage"),
        ("undertaking_follow_up", "invited", "survey", None, "has no survey stage"),
        ("undertaking_follow_up", "invited", "document_review", None, None),
    ],
)
def test_stage_moves(kind, current, target, started, message):
    def move():
        r.check_stage_move(kind, current, target, current_started_on=started, on=ON)

    if message is None:
        move()
    else:
        with pytest.raises(r.StageError, match=message):
            move()


def test_follow_up_progress_by_priority():
    progress = r.follow_up_progress(
        [
            ("urgent", "completed"),
            ("urgent", "not_started"),
            ("high", "partly_completed"),
            ("high", "completed"),
            ("high", None),
            ("low", "completed"),
        ]
    )
    rows = {row.priority.value: row for row in progress.by_priority}
    assert list(rows) == ["urgent", "high", "medium", "low"]
    assert (rows["urgent"].total, rows["urgent"].completed, rows["urgent"].not_started) == (2, 1, 1)
    assert (rows["high"].partly_completed, rows["high"].not_graded) == (1, 1)
    assert rows["medium"].total == 0 and rows["medium"].percent_completed is None
    assert rows["low"].percent_completed == 100
    assert rows["urgent"].percent_completed == 50
    total = progress.total
    assert (total.total, total.completed, total.not_graded) == (6, 3, 1)


NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)
LATER = NOW + datetime.timedelta(days=1)
EARLIER = NOW - datetime.timedelta(days=1)


@pytest.mark.parametrize(
    "expires, revoked, submitted, state",
    [
        (LATER, None, None, "usable"),
        (NOW, None, None, "expired"),  # expires at that moment
        (EARLIER, None, None, "expired"),
        (LATER, EARLIER, None, "revoked"),
        (EARLIER, EARLIER, None, "revoked"),  # revoked and expired: revoked wins
        (LATER, EARLIER, EARLIER, "revoked"),
        (LATER, None, EARLIER, "submitted"),
        (LATER, LATER, None, "usable"),  # a revocation dated later has not happened yet
    ],
)
def test_survey_link_state(expires, revoked, submitted, state):
    assert (
        r.survey_link_state(expires_at=expires, revoked_at=revoked, submitted_at=submitted, now=NOW)
        == state
    )
