"""Filters of the evidence, interview, finding, report and follow-up endpoints: search, archived
rows and the engagement (by id: the organisation assessed filters by engagements it does not
keep)."""

from __future__ import annotations

import django_filters

from dpassure.assurance.choices import (
    AssuranceLevel,
    FindingKind,
    FollowUpStatus,
    Priority,
    ResponseDecision,
)
from dpassure.assurance.models import (
    EngagementEvidence,
    EngagementReport,
    Finding,
    FollowUpGrade,
    Interview,
    InterviewNote,
    LiveEvidence,
    ManagementResponse,
    Recommendation,
    ScopeRating,
)
from dpassure.core.registers.filters import RegisterFilterSet

#: The largest id a database integer column holds: larger is refused, not looked up.
MAX_ID = 2**31 - 1


def _filters(model, search, *, engagement="engagement", **choices):
    """A RegisterFilterSet of ``model``: ``q`` over ``search``, ``engagement`` by id and a
    choice filter per keyword (field name → choices)."""
    attrs = {
        "search_fields": search,
        "engagement": django_filters.NumberFilter(
            field_name=engagement, label="Engagement", min_value=1, max_value=MAX_ID
        ),
        **{
            name: django_filters.ChoiceFilter(choices=options.choices, empty_label="Any")
            for name, options in choices.items()
        },
    }
    meta = type("Meta", (), {"model": model, "fields": ["q", "engagement", *choices, "archived"]})
    return type(f"{model.__name__}Filter", (RegisterFilterSet,), {**attrs, "Meta": meta})


EvidenceFilter = _filters(EngagementEvidence, ("title", "file_name"))
LiveEvidenceFilter = _filters(LiveEvidence, ("title", "metric"))
InterviewFilter = _filters(Interview, ("interviewee_role", "summary"))
InterviewNoteFilter = _filters(InterviewNote, ("note",), engagement="interview__engagement")
FindingFilter = _filters(Finding, ("text", "control__identifier"), kind=FindingKind)
RecommendationFilter = _filters(Recommendation, ("text", "owner"), priority=Priority)
ManagementResponseFilter = _filters(
    ManagementResponse,
    ("action", "owner"),
    engagement="recommendation__engagement",
    decision=ResponseDecision,
)
ScopeRatingFilter = _filters(ScopeRating, ("opinion", "scope_area__title"), rating=AssuranceLevel)
ReportFilter = _filters(EngagementReport, ("sha256",))
GradeFilter = _filters(FollowUpGrade, ("evidence",), status=FollowUpStatus)
