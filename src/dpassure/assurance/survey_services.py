"""Every write to surveys: generating one from the framework's controls, opening it, answering
(by a signed-in member of the organisation or through a named contact's link), submitting it —
which scores the risk per scope area and proposes the scope — and making and revoking links.

A link's token is shown once, when it is made; only its SHA-256 is stored. Answers through a
link record the contact's name and the link; the audit trail records each version.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from dpassure.assurance.choices import AnsweredBy, AnswerKind, SurveyStatus
from dpassure.assurance.models import (
    Control,
    Engagement,
    ScopeArea,
    Survey,
    SurveyAnswer,
    SurveyLink,
    SurveyQuestion,
)
from dpassure.core import clock
from dpassure.core.evidence import sniff
from dpassure.core.services import register_create, register_update
from dpassure.rules import assurance as rules


def _part(engagement: Engagement) -> dict:
    return {"organisation": engagement.organisation, "subject": engagement.subject}


def question_text(control: Control) -> str:
    return control.survey_question or f"{control.title}: is this in place? {control.expectation}"


def survey_areas(engagement: Engagement) -> list[ScopeArea]:
    """The areas a survey asks about: those agreed, else the project's, else the framework's."""
    for areas in (engagement.scope_areas.all(), *_project_areas(engagement)):
        chosen = list(areas.order_by("position"))
        if chosen:
            return chosen
    return list(engagement.framework.scope_areas.order_by("position"))


def _project_areas(engagement):
    return [engagement.project.scope_areas.all()] if engagement.project_id else []


def survey_generate(*, engagement: Engagement, actor, title: str = "", introduction: str = ""):
    """A survey with one question per control of the engagement's areas, numbered in order."""
    if Survey.objects.filter(engagement=engagement).exists():
        raise ValidationError("This engagement already has a survey.")
    areas = survey_areas(engagement)
    with transaction.atomic():
        survey = register_create(
            Survey,
            **_part(engagement),
            actor=actor,
            engagement=engagement,
            title=title or f"Data protection survey: {engagement.subject}",
            introduction=introduction,
        )
        controls = Control.objects.filter(scope_area__in=areas).order_by(
            "scope_area__position", "position", "id"
        )
        for number, control in enumerate(controls, start=1):
            register_create(
                SurveyQuestion,
                **_part(engagement),
                actor=actor,
                survey=survey,
                control=control,
                scope_area=control.scope_area,
                number=number,
                text=question_text(control),
                hint=control.guidance,
                kind=control.answer_kind,
                choices=control.answer_choices,
                required=control.answer_kind == AnswerKind.YES_PARTLY_NO,
            )
    return survey


def survey_open(survey: Survey, *, actor, due_on: datetime.date | None = None) -> Survey:
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(f"The survey is already {survey.get_status_display().lower()}.")
    if due_on and due_on < clock.today():
        raise ValidationError({"due_on": "The date answers are due cannot be in the past."})
    return register_update(
        survey, actor=actor, status=SurveyStatus.OPEN, opened_at=clock.now(), due_on=due_on
    )


@dataclass(frozen=True)
class Answerer:
    """Who is answering: a signed-in member (``user``) or a named contact's ``link``."""

    user: object = None
    link: SurveyLink | None = None

    @property
    def name(self) -> str:
        if self.link is not None:
            return self.link.contact_name
        return self.user.get_full_name() or self.user.get_username()


def _require_open(survey: Survey) -> None:
    if survey.status != SurveyStatus.OPEN:
        if survey.status == SurveyStatus.SUBMITTED:
            raise ValidationError(
                "The survey has been submitted: its answers can no longer change."
            )
        raise ValidationError("The survey is not open for answers.")


def survey_answer(
    question: SurveyQuestion, *, by: Answerer, choice: str = "", text: str = "", file=None
) -> SurveyAnswer:
    """Record or change the answer to one question."""
    survey = question.survey
    _require_open(survey)
    fields = {
        "choice": choice or "",
        "text": text or "",
        "answered_at": clock.now(),
        "answered_via": AnsweredBy.LINK if by.link else AnsweredBy.MEMBER,
        "answered_by": by.user,
        "answered_through": by.link,
        "answered_by_name": by.name,
    }
    if question.kind == AnswerKind.FILE:
        if file is None:
            raise ValidationError({"file": "Select a file to upload."})
        sniffed = sniff(file)
        file.name = sniffed.file_name
        fields.update(
            file=file,
            file_name=sniffed.file_name,
            content_type=sniffed.content_type,
            size=sniffed.size,
            sha256=sniffed.sha256,
        )
    elif question.kind == AnswerKind.FREE_TEXT and not fields["text"].strip():
        raise ValidationError({"text": "Enter your answer."})
    reason = f"Answered through the survey link of {by.link.contact_name}" if by.link else None
    existing = SurveyAnswer.objects.filter(question=question).first()
    with transaction.atomic():
        if existing is None:
            answer = register_create(
                SurveyAnswer,
                **_part(survey.engagement),
                actor=by.user,
                change_reason=reason,
                question=question,
                **fields,
            )
        else:
            answer = register_update(existing, actor=by.user, change_reason=reason, **fields)
        if by.link is not None:
            register_update(by.link, actor=None, last_used_at=fields["answered_at"])
    return answer


def survey_risk(survey: Survey) -> tuple[list[rules.AreaRisk], list[str]]:
    """The risk per scope area from the yes / partly / no answers, and the proposed scope."""
    answers = dict(
        SurveyAnswer.objects.filter(question__survey=survey).values_list("question_id", "choice")
    )
    by_area: dict[str, list] = {}
    questions = survey.questions.filter(kind=AnswerKind.YES_PARTLY_NO).select_related("scope_area")
    for question in questions.order_by("scope_area__position", "number"):
        by_area.setdefault(question.scope_area.key, []).append(answers.get(question.pk))
    risks = rules.survey_risk(by_area)
    return risks, rules.proposed_scope(risks)


def survey_submit(survey: Survey, *, by: Answerer) -> Survey:
    """Submit the answers: every required question must be answered. Scores the risk."""
    _require_open(survey)
    answered = set(
        SurveyAnswer.objects.filter(question__survey=survey).values_list("question_id", flat=True)
    )
    missing = [q.number for q in survey.questions.filter(required=True) if q.pk not in answered]
    if missing:
        listed = ", ".join(str(n) for n in missing[:10]) + ("…" if len(missing) > 10 else "")
        raise ValidationError(f"Answer every question before submitting: questions {listed}.")
    risks, proposed = survey_risk(survey)
    reason = f"Submitted through the survey link of {by.link.contact_name}" if by.link else None
    return register_update(
        survey,
        actor=by.user,
        change_reason=reason,
        status=SurveyStatus.SUBMITTED,
        submitted_at=clock.now(),
        submitted_by=by.user,
        submitted_through=by.link,
        risk_scores=[
            {
                "area": r.area,
                "score": r.score,
                "band": r.band.value,
                "answered": r.answered,
                "unanswered": r.unanswered,
                "not_applicable": r.not_applicable,
            }
            for r in risks
        ],
        proposed_scope=proposed,
    )


def survey_close(survey: Survey, *, actor) -> Survey:
    if survey.status not in (SurveyStatus.OPEN, SurveyStatus.SUBMITTED):
        raise ValidationError("Only an open or submitted survey can be closed.")
    return register_update(survey, actor=actor, status=SurveyStatus.CLOSED)


# --- Links for named contacts ----------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def surveylink_create(
    *,
    survey: Survey,
    actor,
    contact_name: str,
    contact_email: str = "",
    contact_role: str = "",
    days: int = rules.DEFAULT_LINK_DAYS,
) -> tuple[SurveyLink, str]:
    """A link for a named contact, and its token — shown once, never stored."""
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError("Links can only be made while the survey is open for answers.")
    if not 1 <= days <= rules.MAX_LINK_DAYS:
        raise ValidationError({"days": f"A link lasts from 1 to {rules.MAX_LINK_DAYS} days."})
    token = secrets.token_urlsafe(32)
    link = register_create(
        SurveyLink,
        **_part(survey.engagement),
        actor=actor,
        survey=survey,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_role=contact_role,
        token_sha256=token_digest(token),
        expires_at=clock.now() + datetime.timedelta(days=days),
        created_by=actor,
    )
    return link, token


def surveylink_revoke(link: SurveyLink, *, actor) -> SurveyLink:
    if link.revoked_at is not None:
        return link
    return register_update(
        link, actor=actor, revoked_at=clock.now(), revoked_by=actor, change_reason="Revoked"
    )


class LinkRefused(Exception):
    """A survey link that cannot be used, and why (:class:`rules.LinkState`)."""

    def __init__(self, state: rules.LinkState | None, link: SurveyLink | None = None):
        super().__init__(state.value if state else "unknown")
        self.state = state
        self.link = link


def surveylink_resolve(token: str) -> SurveyLink:
    """The usable link for ``token``, or :class:`LinkRefused` saying why not."""
    link = (
        SurveyLink.objects.select_related("survey", "survey__engagement__subject")
        .filter(token_sha256=token_digest(token or ""), archived_at__isnull=True)
        .first()
    )
    if link is None:
        raise LinkRefused(None)
    survey = link.survey
    state = rules.survey_link_state(
        expires_at=link.expires_at,
        revoked_at=link.revoked_at,
        submitted_at=survey.submitted_at if survey.status != SurveyStatus.OPEN else None,
        now=clock.now(),
    )
    if state is rules.LinkState.USABLE and survey.status != SurveyStatus.OPEN:
        state = rules.LinkState.SUBMITTED if survey.submitted_at else rules.LinkState.EXPIRED
    if state is not rules.LinkState.USABLE:
        raise LinkRefused(state, link)
    return link
