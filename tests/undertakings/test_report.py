"""The seed case (seeds/001) built from scratch through the services: the issued PDF and Word
document say what the real follow-up report said, in its order."""

import datetime
import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from dpassure.core.roles import Role
from dpassure.rules.undertakings import deadline_outcome
from dpassure.undertakings import followup_services as fs
from dpassure.undertakings import services
from dpassure.undertakings.report import deadline_statement, follow_up_report, points
from tests.conftest import member
from tests.factories import OrganisationFactory

D = datetime.date
TODAY = D(2018, 6, 1)

REQUIREMENTS = [
    (
        "The data controller will ensure that Risk Assessments are carried out in relation to "
        "victims of, or witnesses to, offences during the creation of publicity materials "
        "regarding Criminal Behaviour Orders (CBO).",
        "implemented",
        "WMP produced a CBO Risk Assessment form which has to be authorised by a Chief Inspector.",
    ),
    (
        "The data controller will ensure that Victims of and Witnesses to an offence are informed "
        "before such publicity materials are published.",
        "not_evidenced",
        "In the CBO Risk Assessment one of the questions is whether any witnesses have been "
        "contacted.\n- They have not provided any evidence of this system however.",
    ),
    (
        "The data controller will ensure that the procedure for the creation of other publicity "
        "materials are to be reviewed to ensure that these processes comply with the Data "
        "Protection Act 1998.",
        "not_evidenced",
        "These examples do not prove that the procedure of publicity material have been reviewed.",
    ),
    (
        "The data controller will ensure that mandatory data protection training will be given to "
        "all new members of staff, who have access to or otherwise process personal data, on "
        "induction.",
        "not_evidenced",
        "Overall the force uptake of the training is just 32%.",
    ),
    (
        "The data controller shall deliver refreshed data protection training to all staff, who "
        "have access to or otherwise process personal data on an annual basis.",
        "not_implemented",
        "When the meeting minutes were reviewed there was no mention of this decision within them.",
    ),
    (
        "The data controller will introduce systems to monitor the uptake of data protection "
        "training.",
        "not_implemented",
        "It is clear that WMP have done nothing further to address this concern.",
    ),
    (
        "The data controller will undertake all the above steps and implement them within three "
        "months.",
        None,
        "",
    ),
]
EVIDENCE = [
    "Completed ICO Undertaking Action Plan document detailing steps taken against required actions",
    "Screen shot of intranet update on CBOs",
    "Screen shot of process for injunctions publication",
    "Data Protection Policy, dated 2016",
    "List of departments with percentage completion rate for DP training",
    "CBO images for publication risk assessment form",
    "SIMB meeting notes dated 26 October 2017",
]


@pytest.fixture
def seed_case(db):
    ico = OrganisationFactory(
        kind="assessor_body", name="Information Commissioner's Office", slug="ico"
    )
    wmp = OrganisationFactory(name="West Midlands Police", slug="west-midlands-police")
    officer = member(ico, Role.EDITOR, username="ico-officer")
    undertaking = services.undertaking_create(
        organisation=ico,
        actor=officer,
        title="Publicity of criminal behaviour orders",
        subject=wmp,
        subject_short_name="WMP",
        enforcement_reference="ENF0674010",
        complaint_reference="COM0579445",
        legislation="dpa_1998",
        signed_on=D(2017, 10, 31),
        signatory="Chief Constable",
        today=TODAY,
    )
    requirements = [
        services.requirement_create(
            organisation=ico,
            actor=officer,
            undertaking=undertaking,
            number=number,
            text=text,
            kind="deadline" if number == 7 else "action",
            deadline_months=3,
        )
        for number, (text, _, _) in enumerate(REQUIREMENTS, 1)
    ]
    follow_up = services.follow_up_create(
        organisation=ico,
        actor=officer,
        undertaking=undertaking,
        assessed_on=D(2018, 5, 16),
        method="desk",
        summary="The review demonstrated that WMP have taken some appropriate steps and put "
        "plans in place to address some of the requirements of the undertaking, however "
        "further work needs to be completed by WMP to fully address the agreed actions.",
        referred_to_enforcement=True,
        referred_on=D(2018, 5, 21),
        internal_notes="INTERNAL-ONLY note",
        today=TODAY,
    )
    for title in EVIDENCE:
        fs.evidence_item_create(
            organisation=ico, actor=officer, follow_up=follow_up, title=title, today=TODAY
        )
    for requirement, (_, verdict, findings) in zip(requirements, REQUIREMENTS, strict=True):
        if verdict:
            services.verdict_create(
                organisation=ico,
                actor=officer,
                follow_up=follow_up,
                requirement=requirement,
                verdict=verdict,
                findings=findings,
            )
    for number in range(4):
        fs.subsequent_breach_create(
            organisation=ico,
            actor=officer,
            follow_up=follow_up,
            description=f"Serious breach {number + 1}",
            occurred_on=D(2018, 1, 10 + number),
            today=TODAY,
        )
    from django.utils import timezone

    issued = fs.follow_up_issue(
        follow_up,
        actor=officer,
        issued_on=D(2018, 5, 21),
        now=timezone.make_aware(datetime.datetime(2018, 5, 21, 12, 0)),
    )
    return issued


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pdf_text(content: bytes) -> str:
    return _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def _docx_text(content: bytes) -> str:
    return _flat(" ".join(p.text for p in Document(io.BytesIO(content)).paragraphs))


SEED_SENTENCES = [
    "Data Protection Act 1998",
    "Undertaking follow-up",
    "West Midlands Police",
    "References: ENF0674010, COM0579445",
    "On 16 May 2018 the Information Commissioner's Office conducted a follow-up assessment of "
    "the actions taken by West Midlands Police (WMP) in relation to the undertaking it signed on "
    "31 October 2017.",
    "The objective of the follow-up is to provide the Information Commissioner's Office with a "
    "level of assurance that the agreed undertaking requirements have been appropriately "
    "implemented.",
    "support compliance with the Data Protection Act 1998.",
    "desk-based review of the documentary evidence WMP supplied",
    *EVIDENCE,
    "The review demonstrated that WMP have taken some appropriate steps",
    *[
        line
        for text, verdict, _ in REQUIREMENTS
        for line in (text, f"Finding: {verdict.replace('_', ' ')}" if verdict else "Due by")
    ],
    "WMP have not implemented points 5 and 6 within the time limit and have offered limited "
    "evidence to prove that they have implemented points 2, 3 and 4.",
    "a further four serious data protection breaches have been reported to us",
    "this undertaking and its fulfilment will be taken into consideration",
    "A copy of this report will be passed to the Enforcement Department.",
    "Date issued: 21 May 2018",
    "are not necessarily a comprehensive statement of all the areas requiring improvement.",
    "rests with the management of West Midlands Police.",
    "cannot accept any liability to any person or organisation",
]


@pytest.mark.parametrize("render", [_pdf_text, _docx_text], ids=["pdf", "docx"])
def test_the_seed_report_says_what_the_real_one_said_in_its_order(seed_case, render):
    raw = seed_case.pdf if render is _pdf_text else seed_case.docx
    text = render(bytes(raw))
    lowered, position = text.lower(), 0
    for sentence in SEED_SENTENCES:
        found = lowered.find(_flat(sentence).lower(), position)
        assert found >= 0, f"missing or out of order: {sentence!r}"
        position = found
    assert "INTERNAL-ONLY" not in text
    assert "They have not provided any evidence of this system however." in text
    assert "- They" not in text  # typed list dashes become the report's own bullets


def test_the_seed_reports_verdicts_are_kept_for_the_organisation(seed_case):
    assert seed_case.verdicts == {
        "1": "implemented",
        "2": "not_evidenced",
        "3": "not_evidenced",
        "4": "not_evidenced",
        "5": "not_implemented",
        "6": "not_implemented",
    }
    assert seed_case.version == 1
    assert seed_case.undertaking.status == "referred"


def test_the_deadline_statement_sits_under_the_deadline_requirement(seed_case):
    report = follow_up_report(seed_case.follow_up, issued_on=D(2018, 5, 21))
    seventh = report.requirements[-1]
    assert seventh.number == 7 and seventh.statement == report.deadline_statement
    assert report.deadline_in_requirements
    assert seventh.due == "31 January 2018"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [(1, "implemented"), (2, "implemented")],
            "WMP have implemented all the requirements within the time limit.",
        ),
        (
            [(1, "partly_implemented")],
            "WMP have only partly implemented point 1 within the time limit.",
        ),
        (
            [(1, "not_implemented"), (2, "partly_implemented"), (3, "not_evidenced")],
            "WMP have not implemented point 1 within the time limit, have only partly implemented "
            "point 2 within the time limit and have offered limited evidence to prove that they "
            "have implemented point 3.",
        ),
    ],
)
def test_deadline_statement_wording(rows, expected):
    due = D(2018, 1, 31)
    outcome = deadline_outcome([(n, due, v) for n, v in rows], assessed_on=D(2018, 5, 16))
    assert deadline_statement(outcome, "WMP") == expected


def test_points_are_listed_as_a_sentence():
    assert points((5,)) == "point 5"
    assert points((5, 6)) == "points 5 and 6"
    assert points((2, 3, 4)) == "points 2, 3 and 4"
