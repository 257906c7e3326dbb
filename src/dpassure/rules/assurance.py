"""Assurance engagements: ratings, recommendation priorities, stages, survey risk and follow-up.

The process is the one the regulator's OPCC project followed (seeds/000): invite organisations,
survey them "to help identify specific DP risks or concerns", agree the scope areas from the
responses, review policies and procedures, interview key staff on site or by teleconference,
then write a bespoke report per organisation; a follow-up later grades each recommendation
(DOMAIN_RULES.md §9.2). The wording of ratings (§9.4) and priorities (§9.5) is kept here as data
so pages, reports and the API show the same definitions.

Pure Python: no Django import; every function takes what it needs as arguments.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


class AssuranceLevel(enum.StrEnum):
    """Assurance rating of a scope area or of the whole engagement (DOMAIN_RULES.md §9.4)."""

    HIGH = "high"
    REASONABLE = "reasonable"
    LIMITED = "limited"
    VERY_LIMITED = "very_limited"


#: DOMAIN_RULES.md §9.4 [U wording — recalled from published ICO executive summaries].
RATING_DEFINITIONS: dict[AssuranceLevel, str] = {
    AssuranceLevel.HIGH: (
        "There is a high level of assurance that processes and procedures are in place and are "
        "delivering data protection compliance. The audit has identified only limited scope for "
        "improvement in existing arrangements and as such it is not anticipated that significant "
        "change will be required."
    ),
    AssuranceLevel.REASONABLE: (
        "There is a reasonable level of assurance that processes and procedures are in place and "
        "are delivering data protection compliance. The audit has identified some scope for "
        "improvement in existing arrangements to reduce the risk of non-compliance with data "
        "protection legislation."
    ),
    AssuranceLevel.LIMITED: (
        "There is a limited level of assurance that processes and procedures are in place and are "
        "delivering data protection compliance. The audit has identified considerable scope for "
        "improvement in existing arrangements to reduce the risk of non-compliance with data "
        "protection legislation."
    ),
    AssuranceLevel.VERY_LIMITED: (
        "There is a very limited level of assurance that processes and procedures are in place "
        "and are delivering data protection compliance. The audit has identified a substantial "
        "risk that the objective of data protection compliance will not be achieved. Immediate "
        "action is required to improve the control environment."
    ),
}


class Priority(enum.StrEnum):
    """Priority of a recommendation, most pressing first (DOMAIN_RULES.md §9.5)."""

    URGENT = "urgent"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


#: DOMAIN_RULES.md §9.5 [U wording — a paraphrase of ICO usage].
PRIORITY_DEFINITIONS: dict[Priority, str] = {
    Priority.URGENT: (
        "Addresses clear and immediate risks to the organisation's data protection compliance "
        "and to individuals: act immediately."
    ),
    Priority.HIGH: (
        "Addresses significant risks of non-compliance with data protection legislation that "
        "require prompt attention."
    ),
    Priority.MEDIUM: (
        "Addresses risks to compliance that should be addressed within a reasonable timeframe: "
        "processes are in place but not fully effective."
    ),
    Priority.LOW: (
        "Enhancements to existing good practice, or seeing existing plans through to completion."
    ),
}

#: Shown under every table of priorities (DOMAIN_RULES.md §9.5, [U wording]).
PRIORITY_CAVEAT = (
    "The priorities reflect the assessor's view of the risks. The organisation's own priorities "
    "and risk appetite may vary, so it should undertake its own risk assessment."
)


class EngagementKind(enum.StrEnum):
    SURVEY_ONLY = "survey_only"
    TELECONFERENCE = "teleconference"
    SITE_VISIT = "site_visit"
    CONSENSUAL_AUDIT = "consensual_audit"
    UNDERTAKING_FOLLOW_UP = "undertaking_follow_up"


class Stage(enum.StrEnum):
    """The stages of an engagement in order (seeds/000; DOMAIN_RULES.md §9.2)."""

    INVITED = "invited"
    SURVEY = "survey"
    DOCUMENT_REVIEW = "document_review"
    INTERVIEWS = "interviews"
    DRAFT_REPORT = "draft_report"
    MANAGEMENT_RESPONSE = "management_response"
    FINAL_REPORT = "final_report"
    FOLLOW_UP = "follow_up"


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)

#: Stages a kind of engagement never goes through. A survey-only engagement has no interviews;
#: an undertaking follow-up is a desk review of documentary evidence (seeds/001), so it has
#: neither survey nor interviews.
SKIPPED_STAGES: dict[EngagementKind, frozenset[Stage]] = {
    EngagementKind.SURVEY_ONLY: frozenset({Stage.INTERVIEWS}),
    EngagementKind.TELECONFERENCE: frozenset(),
    EngagementKind.SITE_VISIT: frozenset(),
    EngagementKind.CONSENSUAL_AUDIT: frozenset(),
    EngagementKind.UNDERTAKING_FOLLOW_UP: frozenset({Stage.SURVEY, Stage.INTERVIEWS}),
}


def stages_for(kind: EngagementKind | str) -> tuple[Stage, ...]:
    """The stages an engagement of this kind goes through, in order."""
    skipped = SKIPPED_STAGES[EngagementKind(kind)]
    return tuple(stage for stage in STAGE_ORDER if stage not in skipped)


class StageError(ValueError):
    """The move asked for is not allowed; the message says why."""


def next_stage(kind: EngagementKind | str, current: Stage | str) -> Stage | None:
    """The stage after ``current`` for this kind, or None at the last stage."""
    stages = stages_for(kind)
    current = Stage(current)
    if current not in stages:
        raise StageError(f"A {_kind_words(kind)} engagement has no {_stage_words(current)} stage.")
    position = stages.index(current)
    return stages[position + 1] if position + 1 < len(stages) else None


def check_stage_move(
    kind: EngagementKind | str,
    current: Stage | str,
    target: Stage | str,
    *,
    current_started_on: datetime.date | None,
    on: datetime.date,
) -> None:
    """Raise :class:`StageError` unless an engagement may move from ``current`` to ``target``
    on ``on``: only forward, one stage at a time (stages the kind skips are not counted), and
    never dated before the current stage began."""
    current, target = Stage(current), Stage(target)
    expected = next_stage(kind, current)
    if expected is None:
        raise StageError("The engagement is at its last stage: there is no stage after follow-up.")
    if target not in stages_for(kind):
        raise StageError(f"A {_kind_words(kind)} engagement has no {_stage_words(target)} stage.")
    if target != expected:
        if STAGE_ORDER.index(target) < STAGE_ORDER.index(current):
            raise StageError(
                f"An engagement cannot go back from {_stage_words(current)} to "
                f"{_stage_words(target)}."
            )
        if target == current:
            raise StageError(f"The engagement is already at {_stage_words(current)}.")
        raise StageError(
            f"The next stage after {_stage_words(current)} is {_stage_words(expected)}: "
            "stages are completed one at a time."
        )
    if current_started_on is not None and on < current_started_on:
        raise StageError(
            f"The {_stage_words(target)} stage cannot start before the "
            f"{_stage_words(current)} stage began ({current_started_on:%d/%m/%Y})."
        )


def _stage_words(stage: Stage | str) -> str:
    return Stage(stage).value.replace("_", " ")


def _kind_words(kind: EngagementKind | str) -> str:
    return (
        EngagementKind(kind)
        .value.replace("_", " ")
        .replace("undertaking follow up", "undertaking follow-up")
    )


class InvitationResponse(enum.StrEnum):
    NO_RESPONSE = "no_response"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class AnswerKind(enum.StrEnum):
    YES_PARTLY_NO = "yes_partly_no"
    CHOICE = "choice"
    FREE_TEXT = "free_text"
    FILE = "file"


class YesPartlyNo(enum.StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    NOT_APPLICABLE = "not_applicable"


#: Risk points per answer to a yes / partly / no question. "Not applicable" is left out.
ANSWER_RISK: dict[YesPartlyNo, int] = {YesPartlyNo.YES: 0, YesPartlyNo.PARTLY: 1, YesPartlyNo.NO: 2}
MAX_ANSWER_RISK = 2


class RiskBand(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


#: Scores at or above these are medium and high risk.
MEDIUM_RISK_FROM = 25
HIGH_RISK_FROM = 50
#: An audit agrees "typically 2–4" scope areas (DOMAIN_RULES.md §9.2).
MIN_PROPOSED_AREAS = 2
MAX_PROPOSED_AREAS = 4


@dataclass(frozen=True)
class AreaRisk:
    area: str
    score: int  # 0 (no risk found) to 100 (every question answered "no")
    band: RiskBand
    answered: int
    unanswered: int
    not_applicable: int


def risk_band(score: int) -> RiskBand:
    if score >= HIGH_RISK_FROM:
        return RiskBand.HIGH
    if score >= MEDIUM_RISK_FROM:
        return RiskBand.MEDIUM
    return RiskBand.LOW


def area_risk(area: str, answers: Iterable[str | None]) -> AreaRisk:
    """The survey risk score of one scope area from its yes / partly / no answers.

    Formula: each answer scores yes 0, partly 1, no 2; an unanswered question scores 2, as a
    control the organisation has not shown it has; "not applicable" is left out. The score is
    ``round(100 × points ÷ (2 × questions counted))`` — 0 when every control is in place, 100
    when none is — and 0 when no question counts. Bands: high from 50, medium from 25, else low.
    Source: seeds/000 ("a survey to help identify specific DP risks or concerns"); the weights
    are our policy, equal for every control.
    """
    points = counted = answered = unanswered = not_applicable = 0
    for answer in answers:
        if answer in (None, ""):
            unanswered += 1
            points += MAX_ANSWER_RISK
            counted += 1
            continue
        value = YesPartlyNo(answer)
        if value is YesPartlyNo.NOT_APPLICABLE:
            not_applicable += 1
            continue
        answered += 1
        counted += 1
        points += ANSWER_RISK[value]
    score = round(100 * points / (MAX_ANSWER_RISK * counted)) if counted else 0
    return AreaRisk(area, score, risk_band(score), answered, unanswered, not_applicable)


def survey_risk(answers_by_area: Mapping[str, Iterable[str | None]]) -> list[AreaRisk]:
    """:func:`area_risk` for every area, in the order given."""
    return [area_risk(area, answers) for area, answers in answers_by_area.items()]


def proposed_scope(
    risks: Sequence[AreaRisk],
    *,
    minimum: int = MIN_PROPOSED_AREAS,
    maximum: int = MAX_PROPOSED_AREAS,
) -> list[str]:
    """The scope areas the survey proposes, highest risk first.

    Every medium- or high-risk area, at most ``maximum``; when fewer than ``minimum`` qualify,
    the highest-scoring of the rest make up ``minimum`` (an audit agrees typically 2–4 areas,
    DOMAIN_RULES.md §9.2). Ties keep the framework's order. The assessor agrees the final scope
    with the organisation: this only proposes it.
    """
    ranked = sorted(enumerate(risks), key=lambda pair: (-pair[1].score, pair[0]))
    chosen = [risk.area for _, risk in ranked if risk.band is not RiskBand.LOW][:maximum]
    for _, risk in ranked:
        if len(chosen) >= min(minimum, maximum):
            break
        if risk.area not in chosen:
            chosen.append(risk.area)
    return chosen


class FollowUpStatus(enum.StrEnum):
    """What a follow-up found of one recommendation (DOMAIN_RULES.md §9.2 step 6)."""

    COMPLETED = "completed"
    PARTLY_COMPLETED = "partly_completed"
    NOT_STARTED = "not_started"


@dataclass
class PriorityProgress:
    priority: Priority
    total: int = 0
    completed: int = 0
    partly_completed: int = 0
    not_started: int = 0
    not_graded: int = 0

    @property
    def percent_completed(self) -> int | None:
        return round(100 * self.completed / self.total) if self.total else None


@dataclass
class FollowUpProgress:
    by_priority: list[PriorityProgress] = field(default_factory=list)

    @property
    def total(self) -> PriorityProgress:
        overall = PriorityProgress(priority=Priority.URGENT)
        for row in self.by_priority:
            overall.total += row.total
            overall.completed += row.completed
            overall.partly_completed += row.partly_completed
            overall.not_started += row.not_started
            overall.not_graded += row.not_graded
        return overall


def follow_up_progress(
    graded: Iterable[tuple[Priority | str, FollowUpStatus | str | None]],
) -> FollowUpProgress:
    """How many recommendations of each priority are completed, partly completed, not started
    or not yet graded — the table ICO follow-up reports give (DOMAIN_RULES.md §9.2 step 6).

    ``graded`` holds (priority, status or None) for each recommendation followed up. Every
    priority has a row, in order urgent → low, even with no recommendations.
    """
    rows = {priority: PriorityProgress(priority=priority) for priority in Priority}
    for priority, status in graded:
        row = rows[Priority(priority)]
        row.total += 1
        if status in (None, ""):
            row.not_graded += 1
        else:
            name = FollowUpStatus(status).value
            setattr(row, name, getattr(row, name) + 1)
    return FollowUpProgress(by_priority=list(rows.values()))


class LinkState(enum.StrEnum):
    USABLE = "usable"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUBMITTED = "submitted"


def survey_link_state(
    *,
    expires_at: datetime.datetime,
    revoked_at: datetime.datetime | None,
    submitted_at: datetime.datetime | None,
    now: datetime.datetime,
) -> LinkState:
    """Whether a survey link for a named contact may still be used. Revocation wins over
    everything (a revoked link stays refused even after it would have expired); a link whose
    survey has been submitted cannot change the answers; a link expires at ``expires_at``."""
    if revoked_at is not None and revoked_at <= now:
        return LinkState.REVOKED
    if submitted_at is not None:
        return LinkState.SUBMITTED
    if now >= expires_at:
        return LinkState.EXPIRED
    return LinkState.USABLE


#: How long a survey link lasts unless the assessor says otherwise, and at most.
DEFAULT_LINK_DAYS = 28
MAX_LINK_DAYS = 90
