"""Recommendations by priority per scope area, the data of the report's chart (no database)."""

import pytest

from dpassure.rules import assurance_report as rules


@pytest.mark.parametrize(
    ("areas", "recommendations", "expected"),
    [
        ([], [], []),
        (["Security"], [], [("Security", (0, 0, 0, 0))]),
        (
            ["Governance", "Security"],
            [("Security", "high"), ("Governance", "low"), ("Security", "high")],
            [("Governance", (0, 0, 0, 1)), ("Security", (0, 2, 0, 0))],
        ),
        # An area outside the agreed scope still shows, last.
        (
            ["Security"],
            [("Data sharing", "urgent")],
            [("Security", (0, 0, 0, 0)), ("Data sharing", (1, 0, 0, 0))],
        ),
        # Duplicated areas are counted once.
        (["A", "A"], [("A", "medium")], [("A", (0, 0, 1, 0))]),
    ],
)
def test_priority_table(areas, recommendations, expected):
    rows = rules.priority_table(areas, recommendations)
    assert [(r.label, r.counts) for r in rows] == expected
    assert sum(r.total for r in rows) == len(recommendations)


def test_priorities_are_most_pressing_first():
    assert rules.PRIORITIES == ("urgent", "high", "medium", "low")


def test_priority_table_refuses_an_unknown_priority():
    with pytest.raises(ValueError, match="Unknown priority"):
        rules.priority_table(["A"], [("A", "critical")])
