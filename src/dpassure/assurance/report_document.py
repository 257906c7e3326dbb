"""The structured assurance report: every word of it, built once, laid out twice.

:mod:`.report` fills it from an engagement's records; :mod:`.report_render` lays it out as a
PDF and a Word document without adding a word. An issued report keeps this document as JSON
(:meth:`Report.as_json` / :meth:`Report.from_json`), so what the organisation reads later is
exactly what was issued, whatever happens to the records afterwards.

Its structure is the ICO executive summary's (DOMAIN_RULES.md §9.6): cover, introduction,
scope, approach, summary table (scope area × rating × opinion), recommendations by priority per
scope area, good practice, areas for improvement with recommendations and management responses,
disclaimer; then the rating and priority definitions as appendices.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from dpassure.assurance.choices import AssuranceLevel, Priority
from dpassure.rules import assurance as rules


@dataclass(frozen=True)
class ScopeItem:
    name: str
    description: str


@dataclass(frozen=True)
class SummaryRow:
    area: str
    rating: str  # a label: "Reasonable"
    opinion: str


@dataclass(frozen=True)
class ChartRow:
    area: str
    counts: tuple[int, ...]  # urgent, high, medium, low

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Response:
    response: str  # a label: "Accepted"
    action: str
    owner: str
    target: str


@dataclass(frozen=True)
class Recommendation:
    number: int
    priority: str  # a label: "High"
    text: str
    owner: str
    target: str
    response: Response | None = None

    @property
    def priority_key(self) -> str:
        return self.priority.lower().replace(" ", "_")


@dataclass(frozen=True)
class Finding:
    control: str  # "IG3 Data protection impact assessments"
    text: str
    evidence: tuple[str, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()


@dataclass(frozen=True)
class AreaFindings:
    area: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Definition:
    term: str
    text: str


@dataclass(frozen=True)
class Report:
    assessor: str
    organisation: str
    title: str
    subtitle: str
    version: int
    date_issued: str  # "" for a draft
    introduction: tuple[str, ...]
    scope_intro: str
    scope: tuple[ScopeItem, ...]
    approach: tuple[str, ...]
    documents: tuple[str, ...]
    interviews: tuple[str, ...]
    dates: tuple[tuple[str, str], ...]
    overall_rating: str
    overall_opinion: tuple[str, ...]
    summary: tuple[SummaryRow, ...]
    chart: tuple[ChartRow, ...]
    good_practice: tuple[AreaFindings, ...]
    improvements: tuple[AreaFindings, ...]
    observations: tuple[AreaFindings, ...]
    disclaimer: tuple[str, ...]
    rating_definitions: tuple[Definition, ...] = field(default_factory=tuple)
    priority_definitions: tuple[Definition, ...] = field(default_factory=tuple)
    priority_caveat: str = rules.PRIORITY_CAVEAT

    @property
    def is_draft(self) -> bool:
        return not self.date_issued

    @property
    def status_line(self) -> str:
        if self.is_draft:
            return "Draft for management response — not for publication"
        return f"Version {self.version} · Issued {self.date_issued}"

    @property
    def footer(self) -> str:
        return f"{self.title} · {self.organisation} · {self.status_line}"

    @property
    def priority_labels(self) -> tuple[str, ...]:
        return tuple(str(label) for label in Priority.labels)

    @property
    def recommendation_count(self) -> int:
        return sum(row.total for row in self.chart)

    @property
    def chart_totals(self) -> tuple[int, ...]:
        return tuple(sum(row.counts[i] for row in self.chart) for i in range(4))

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Report:
        return _build(cls, data)


def _build(cls, data):
    """The dataclass tree back from ``asdict`` output (lists become tuples again)."""
    kwargs = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        kwargs[f.name] = _value(f.type, data[f.name])
    return cls(**kwargs)


NESTED = {
    "tuple[ScopeItem, ...]": ScopeItem,
    "tuple[SummaryRow, ...]": SummaryRow,
    "tuple[ChartRow, ...]": ChartRow,
    "tuple[AreaFindings, ...]": AreaFindings,
    "tuple[Finding, ...]": Finding,
    "tuple[Recommendation, ...]": Recommendation,
    "tuple[Definition, ...]": Definition,
    "Response | None": Response,
}


def _value(annotation: str, value):
    nested = NESTED.get(annotation)
    if value is None:
        return None
    if nested is Response:
        return _build(Response, value)
    if nested is not None:
        return tuple(_build(nested, item) for item in value)
    if annotation.startswith("tuple[tuple"):
        return tuple(tuple(item) for item in value)
    if annotation.startswith("tuple"):
        return tuple(value)
    return value


def definitions() -> tuple[tuple[Definition, ...], tuple[Definition, ...]]:
    """The rating and priority definitions printed in the appendices (and shown on pages)."""
    ratings = tuple(
        Definition(str(level.label), rules.RATING_DEFINITIONS[rules.AssuranceLevel(level)])
        for level in AssuranceLevel
    )
    priorities = tuple(
        Definition(str(p.label), rules.PRIORITY_DEFINITIONS[rules.Priority(p)]) for p in Priority
    )
    return ratings, priorities
