"""Counts the assurance report prints: recommendations by priority for each scope area.

Pure Python, no Django. The definitions of ratings and priorities, and follow-up progress by
priority, are in :mod:`dpassure.rules.assurance`; this adds the data behind the report's
"priority recommendations" chart (DOMAIN_RULES.md §9.6, item 5).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dpassure.rules.assurance import Priority

PRIORITIES = tuple(p.value for p in Priority)


@dataclass(frozen=True)
class PriorityRow:
    """One scope area's recommendations counted by priority (urgent, high, medium, low)."""

    label: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


def priority_table(
    areas: Iterable[str], recommendations: Iterable[tuple[str, str]]
) -> list[PriorityRow]:
    """Recommendations counted by priority for each scope area, in the order the areas are
    given (an area with none still gets a row of zeros).

    ``recommendations`` are (scope area, priority) pairs; an area not given (a finding against
    a control outside the agreed scope) is added after the others.
    """
    order = list(dict.fromkeys(areas))
    counts: dict[str, list[int]] = {area: [0] * len(PRIORITIES) for area in order}
    for area, priority in recommendations:
        if priority not in PRIORITIES:
            raise ValueError(f"Unknown priority {priority!r}")
        if area not in counts:
            counts[area] = [0] * len(PRIORITIES)
            order.append(area)
        counts[area][PRIORITIES.index(priority)] += 1
    return [PriorityRow(label=area, counts=tuple(counts[area])) for area in order]
