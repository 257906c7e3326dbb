"""The undertaking follow-up report, with the structure of the one in seeds/001.

Heading (legislation, organisation, references); the assessment and undertaking dates; the
objective; how the follow-up was done and the documentary evidence reviewed; the summary; each
requirement's text followed by the findings; the deadline statement (which requirements were
not met by the deadline, from :func:`dpassure.rules.undertakings.deadline_outcome`); breaches
reported since; the conclusion and any referral to enforcement; the date issued; and the
standard statements on scope, responsibility and liability.

The content is built once here from the records; :mod:`.report_render` lays it out as a PDF and
a Word document without adding a word of its own. DOMAIN_RULES.md §9.7.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dpassure.core.documents import long_date, paragraphs, the
from dpassure.rules import undertakings as rules
from dpassure.undertakings.choices import Method, RequirementKind, Verdict
from dpassure.undertakings.models import FollowUp
from dpassure.undertakings.report_render import DOCX_MIMETYPE, render_docx, render_html, render_pdf

__all__ = [
    "DOCX_MIMETYPE",
    "FollowUpReport",
    "RequirementFindings",
    "follow_up_report",
    "render_docx",
    "render_html",
    "render_pdf",
]

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


@dataclass(frozen=True)
class RequirementFindings:
    number: int
    text: str
    verdict: str
    due: str
    findings: tuple[str, ...]
    #: For the deadline requirement: which requirements were not met by the deadline.
    statement: str = ""


@dataclass(frozen=True)
class FollowUpReport:
    legislation: str
    title: str
    organisation: str
    references: str
    assessor: str
    version: int
    opening: str
    objective: tuple[str, ...]
    method: str
    evidence: tuple[str, ...]
    summary: tuple[str, ...]
    findings_intro: str
    requirements: tuple[RequirementFindings, ...]
    deadline_statement: str
    breaches: tuple[str, ...]
    breach_list: tuple[str, ...]
    conclusion: tuple[str, ...]
    date_issued: str
    statements: tuple[str, ...]
    #: Requirement number → verdict, kept with the issued report for the organisation's view.
    verdicts: dict

    @property
    def deadline_in_requirements(self) -> bool:
        """The statement sits under the deadline requirement when there is one (seeds/001, 7)."""
        return any(r.statement for r in self.requirements)

    @property
    def references_line(self) -> str:
        label = "References" if "," in self.references else "Reference"
        return f"{label}: {self.references}" if self.references else ""

    @property
    def footer(self) -> str:
        return f"{self.assessor} · {self.title} · {self.organisation} · Version {self.version}"


def points(numbers: tuple[int, ...]) -> str:
    """points 2, 3 and 4 · point 5."""
    words = [str(n) for n in numbers]
    joined = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return f"point{'s' if len(words) > 1 else ''} {joined}"


def in_words(count: int) -> str:
    return NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)


def deadline_statement(outcome: rules.DeadlineOutcome, who: str) -> str:
    """seeds/001: "WMP have not implemented points 5 and 6 within the time limit and have
    offered limited evidence to prove that they have implemented points 2, 3 and 4." """
    clauses = []
    if outcome.not_implemented:
        clauses.append(
            f"have not implemented {points(outcome.not_implemented)} within the time limit"
        )
    if outcome.partly_implemented:
        clauses.append(
            f"have only partly implemented {points(outcome.partly_implemented)} within the time "
            "limit"
        )
    if outcome.not_evidenced:
        clauses.append(
            "have offered limited evidence to prove that they have implemented "
            f"{points(outcome.not_evidenced)}"
        )
    if outcome.without_verdict:
        clauses.append(f"have not been assessed on {points(outcome.without_verdict)}")
    if not clauses:
        sentence = f"{who} have implemented all the requirements within the time limit."
    elif len(clauses) == 1:
        sentence = f"{who} {clauses[0]}."
    else:
        sentence = f"{who} {', '.join(clauses[:-1])} and {clauses[-1]}."
    if outcome.not_yet_due:
        sentence += f" The deadline for {points(outcome.not_yet_due)} had not yet passed."
    return sentence


def follow_up_report(
    follow_up: FollowUp, *, issued_on: datetime.date, version: int = 1
) -> FollowUpReport:
    undertaking = follow_up.undertaking
    subject, assessor = undertaking.subject, undertaking.organisation
    legislation = undertaking.get_legislation_display()
    who = undertaking.subject_name
    named = f"{subject.name} ({who})" if undertaking.subject_short_name else subject.name
    live = {"archived_at__isnull": True}
    requirements = list(undertaking.requirements.filter(**live).order_by("number"))
    verdicts = {
        v.requirement_id: v for v in follow_up.verdicts.filter(**live).select_related("requirement")
    }
    actions = [r for r in requirements if r.kind == RequirementKind.ACTION]
    outcome = rules.deadline_outcome(
        [
            (r.number, r.due_on, verdicts[r.pk].verdict if r.pk in verdicts else None)
            for r in actions
        ],
        assessed_on=follow_up.assessed_on,
    )
    statement = deadline_statement(outcome, who)
    found = []
    for requirement in requirements:
        verdict = verdicts.get(requirement.pk)
        typed = paragraphs(verdict.findings) if verdict else ()
        is_deadline = requirement.kind == RequirementKind.DEADLINE
        found.append(
            RequirementFindings(
                number=requirement.number,
                text=requirement.text.strip(),
                verdict=verdict.get_verdict_display() if verdict else "",
                due=long_date(requirement.due_on) if requirement.due_on else "",
                findings=typed or (() if is_deadline else ("No findings recorded.",)),
                statement=statement if is_deadline else "",
            )
        )
    return FollowUpReport(
        legislation=legislation,
        title="Undertaking follow-up",
        organisation=subject.name,
        references=undertaking.references,
        assessor=assessor.name,
        version=version,
        opening=(
            f"On {long_date(follow_up.assessed_on)} {the(assessor.name)} conducted a follow-up "
            f"assessment of the actions taken by {named} in relation to the undertaking it "
            f"signed on {long_date(undertaking.signed_on)}."
        ),
        objective=(
            f"The objective of the follow-up is to provide {the(assessor.name)} with a level of "
            "assurance that the agreed undertaking requirements have been appropriately "
            "implemented.",
            "We believe that appropriate implementation of the undertaking requirements will "
            f"mitigate the identified risks and support compliance with the {legislation}.",
        ),
        method=_method(follow_up, who),
        evidence=_evidence(follow_up),
        summary=paragraphs(follow_up.summary),
        findings_intro=(
            "Each requirement of the undertaking is set out below, followed by what "
            f"{who} told us and what the evidence showed."
        ),
        requirements=tuple(found),
        deadline_statement=statement,
        breaches=_breaches(follow_up, subject.name, who),
        breach_list=_breach_list(follow_up),
        conclusion=_conclusion(follow_up),
        date_issued=long_date(issued_on),
        statements=(
            "The matters arising in this report are only those that came to our attention "
            "during the course of the follow-up and are not necessarily a comprehensive "
            "statement of all the areas requiring improvement.",
            "The responsibility for ensuring that there are adequate risk management, governance "
            "and internal control arrangements in place rests with the management of "
            f"{subject.name}.",
            "We take all reasonable care to ensure that our undertaking follow-up report is fair "
            "and accurate but cannot accept any liability to any person or organisation, "
            "including any third party, for any loss or damage suffered or costs incurred by it "
            "arising out of, or in connection with, the use of this report, however such loss "
            "or damage is caused. We cannot accept liability for loss occasioned to any person "
            "or organisation, including any third party, acting or refraining from acting as a "
            "result of any information contained in this report.",
        ),
        verdicts={str(r.number): verdicts[r.pk].verdict for r in requirements if r.pk in verdicts},
    )


def _method(follow_up: FollowUp, who: str) -> str:
    if follow_up.method == Method.VISIT:
        return (
            f"The follow-up assessment consisted of a visit to {who} and a review of the "
            "documentary evidence it supplied to demonstrate the action it had taken in respect "
            "of the undertaking requirements. This included:"
        )
    return (
        "The follow-up assessment consisted of a desk-based review of the documentary evidence "
        f"{who} supplied to demonstrate the action it had taken in respect of the undertaking "
        "requirements. This included:"
    )


def _evidence(follow_up: FollowUp) -> tuple[str, ...]:
    items = [e.title for e in follow_up.evidence.filter(archived_at__isnull=True)]
    for snapshot in follow_up.snapshots.filter(archived_at__isnull=True):
        items.append(
            f"{snapshot.title} (snapshot of the live record in DP Assure, taken "
            f"{long_date(snapshot.taken_at.date())})"
        )
    return tuple(items)


def _breach_list(follow_up: FollowUp) -> tuple[str, ...]:
    lines = []
    for breach in follow_up.subsequent_breaches.filter(archived_at__isnull=True).select_related(
        "incident"
    ):
        when = long_date(breach.occurred_on) if breach.occurred_on else ""
        label = breach.incident.reference if breach.incident_id else ""
        description = breach.description.strip() or (
            breach.incident.what_happened.strip() if breach.incident_id else ""
        )
        head = " · ".join(part for part in (when, label) if part)
        lines.append(f"{head}: {description}" if head else description)
    return tuple(lines)


def _breaches(follow_up: FollowUp, name: str, who: str) -> tuple[str, ...]:
    count = follow_up.subsequent_breaches.filter(archived_at__isnull=True).count()
    if not count:
        return (
            "No further data protection breaches involving "
            f"{who} have been reported to us since the undertaking was signed.",
        )
    noun = "breach has" if count == 1 else "breaches have"
    return (
        f"We would point out that since the undertaking was signed, a further "
        f"{in_words(count)} serious data protection {noun} been reported to us, and if any "
        f"further incidents involving {name} are reported to us, this undertaking and its "
        "fulfilment will be taken into consideration as part of our investigation process. "
        "Dependent upon outcome, enforcement action could be considered as a result.",
    )


def _conclusion(follow_up: FollowUp) -> tuple[str, ...]:
    lines = list(paragraphs(follow_up.conclusion))
    if follow_up.referred_to_enforcement:
        lines.append("A copy of this report will be passed to the Enforcement Department.")
        lines.extend(paragraphs(follow_up.referral_note))
    return tuple(lines)


VERDICT_LABELS = dict(Verdict.choices)
