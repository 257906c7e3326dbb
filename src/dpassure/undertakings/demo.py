"""Demo undertakings: the Northern Data Protection Assurance Unit follows up an undertaking
signed by Wessex Police, modelled on the follow-up in seeds/001 (all fictional).

Seven requirements — publicity risk assessments, victim and witness consultation, review of
publicity procedures, induction training, annual refresher training, monitoring of training
uptake and the three-month deadline — the force's action plan, a completed desk-based follow-up
with a verdict per requirement, breaches since the undertaking linked from the force's own
incident register, and an issued report. Where the force keeps its training records in DP
Assure, the live completion-by-department report is attached as a dated snapshot. A second,
newer undertaking of the Wessex OPCC is still in force. Dates are relative to today.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from dpassure.core import clock
from dpassure.organisations.models import Organisation
from dpassure.rules.calendars import add_calendar_months
from dpassure.undertakings import followup_services as fs
from dpassure.undertakings import services
from dpassure.undertakings.choices import Legislation, Method, RequirementKind, Verdict
from dpassure.undertakings.models import Undertaking

TITLE = "Publicity about criminal behaviour orders"
OPCC_TITLE = "Retention of complaint review files"

REQUIREMENTS = [
    (
        "The data controller will ensure that risk assessments are carried out in relation to "
        "victims of, or witnesses to, offences during the creation of publicity materials "
        "regarding criminal behaviour orders (CBO).",
        Verdict.IMPLEMENTED,
        "Wessex Police produced a CBO publicity risk assessment form, which must be authorised "
        "by a Chief Inspector or above and then by the Head of News or Head of Engagement "
        "before publication.\nCompleted forms for the three CBOs publicised since the "
        "undertaking were supplied, each signed at both levels.",
    ),
    (
        "The data controller will ensure that victims of and witnesses to an offence are "
        "informed before such publicity materials are published.",
        Verdict.NOT_EVIDENCED,
        "The risk assessment form asks whether any witnesses have been contacted.\nWessex Police "
        "state that the people consulted and their responses are recorded on the force's "
        "engagement system, but provided no record of any consultation, stating that no "
        "publicity has needed one yet.",
    ),
    (
        "The data controller will ensure that the procedures for the creation of other "
        "publicity materials are reviewed to ensure that these processes comply with data "
        "protection law.",
        Verdict.NOT_EVIDENCED,
        "Wessex Police provided an intranet news item explaining the breach and linking to the "
        "updated CBO publicity procedure, and a screenshot of the intranet page listing the "
        "process.\nThese show that staff were told of the new process; they do not show that "
        "the procedures for other publicity materials were reviewed for compliance.\nThe force "
        "stated that the same process is used for gang injunctions and civil injunctions but "
        "provided no evidence of either.",
    ),
    (
        "The data controller will ensure that mandatory data protection training is given to "
        "all new members of staff who have access to or otherwise process personal data, on "
        "induction.",
        Verdict.NOT_EVIDENCED,
        "The Data Protection Policy (version 3, 2019) makes completion of the information "
        "handling course a pre-requisite for access to force systems.\nThe completion figures "
        "supplied suggest this is not followed in practice: Student Officers show low "
        "completion and several departments show none.",
    ),
    (
        "The data controller shall deliver refreshed data protection training to all staff who "
        "have access to or otherwise process personal data on an annual basis.",
        Verdict.NOT_IMPLEMENTED,
        "Wessex Police stated that its Strategic Information Management Board decided to make "
        "the training a compulsory annual refresher, and supplied the minutes of that meeting."
        "\nThe minutes make no mention of the decision.\nNo refresher has been delivered since "
        "the undertaking was signed.",
    ),
    (
        "The data controller will introduce systems to monitor the uptake of data protection "
        "training.",
        Verdict.NOT_IMPLEMENTED,
        "The figures supplied give departments, numbers of staff and numbers completed, with "
        "no dates and no pass marks, so uptake cannot be followed up person by person.\nNo new "
        "system or process for monitoring uptake has been introduced since the undertaking.",
    ),
    (
        "The data controller will undertake all the above steps and implement them within three "
        "months.",
        None,
        "",
    ),
]

EVIDENCE = [
    "Completed undertaking action plan detailing the steps taken against each requirement",
    "Screenshot of the intranet news item on CBO publicity",
    "Screenshot of the intranet page on the CBO publicity process",
    "Data Protection Policy, version 3, dated 2019",
    "List of departments with the percentage completion rate for data protection training",
    "Completed CBO publicity risk assessment forms (three)",
    "Strategic Information Management Board minutes",
]

STEPS = {
    1: "Introduced the CBO publicity risk assessment form with two-tier sign-off.",
    2: "Added a question on contacting victims and witnesses to the risk assessment form.",
    3: "Published the updated CBO publicity procedure on the intranet.",
    4: "Data protection training is part of induction for all new starters.",
    5: "The board agreed to make data protection training an annual refresher.",
    6: "Department completion figures are produced from the national e-learning system.",
}


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _orgs():
    found = {
        o.slug: o
        for o in Organisation.objects.filter(
            slug__in=["northern-assurance", "wessex-police", "opcc-wessex"]
        )
    }
    return found.get("northern-assurance"), found.get("wessex-police"), found.get("opcc-wessex")


@transaction.atomic
def load_undertakings_demo() -> int:
    """Create the demo undertakings if they are not there yet; returns how many were added."""
    assessor, force, opcc = _orgs()
    if assessor is None or force is None:
        return 0
    added = 0
    if not Undertaking.objects.filter(organisation=assessor, subject=force, title=TITLE).exists():
        _force_case(assessor, force)
        added += 1
    if (
        opcc is not None
        and not Undertaking.objects.filter(
            organisation=assessor, subject=opcc, title=OPCC_TITLE
        ).exists()
    ):
        _opcc_case(assessor, opcc)
        added += 1
    return added


def _force_case(assessor, force) -> None:
    helen, priya = _user("assessor"), _user("dpo")
    today = clock.today()
    signed = add_calendar_months(today, -9)
    undertaking = services.undertaking_create(
        organisation=assessor,
        actor=helen,
        title=TITLE,
        subject=force,
        subject_short_name="WP",
        enforcement_reference="ENF0100231",
        complaint_reference="COM0098812",
        legislation=Legislation.DPA_2018,
        signed_on=signed,
        signatory="Chief Constable of Wessex Police",
        background="Publicity about a criminal behaviour order named the victim and a witness "
        "of the offence without consulting them, and the force could not show what data "
        "protection training the staff involved had completed.",
        internal_notes="Second breach of this kind in two years; the complainant is watching "
        "for the follow-up.",
    )
    requirements = []
    for number, (text, _, _) in enumerate(REQUIREMENTS, 1):
        requirements.append(
            services.requirement_create(
                organisation=assessor,
                actor=helen,
                undertaking=undertaking,
                number=number,
                text=text,
                kind=RequirementKind.DEADLINE if number == 7 else RequirementKind.ACTION,
                deadline_months=3,
            )
        )
    supplied = signed + datetime.timedelta(days=80)
    for requirement in requirements[:6]:
        services.action_plan_step_create(
            organisation=force,
            actor=priya,
            requirement=requirement,
            steps_taken=STEPS[requirement.number],
            evidence_supplied="Sent with the completed action plan.",
            supplied_on=supplied,
        )
    assessed = add_calendar_months(signed, 6) + datetime.timedelta(days=14)
    follow_up = services.follow_up_create(
        organisation=assessor,
        actor=helen,
        undertaking=undertaking,
        assessed_on=assessed,
        method=Method.DESK,
        summary="The review demonstrated that Wessex Police have taken some appropriate steps "
        "and put plans in place to address some of the requirements of the undertaking; "
        "however, further work needs to be completed to fully address the agreed actions.",
        conclusion="Wessex Police should now deliver refresher training to all staff, put in "
        "place a way of monitoring each person's training with dates and results, and send "
        "us the evidence for requirements 2, 3 and 4.",
        referred_to_enforcement=True,
        referred_on=assessed + datetime.timedelta(days=5),
        referral_note="",
        internal_notes="Draft findings discussed with the head of enforcement.",
    )
    for title in EVIDENCE:
        fs.evidence_item_create(
            organisation=assessor,
            actor=helen,
            follow_up=follow_up,
            title=title,
            received_on=supplied,
        )
    _training_snapshot(follow_up, requirements[5], helen, on=assessed)
    for requirement, (_, verdict, findings) in zip(requirements, REQUIREMENTS, strict=True):
        if verdict:
            services.verdict_create(
                organisation=assessor,
                actor=helen,
                follow_up=follow_up,
                requirement=requirement,
                verdict=verdict,
                findings=findings,
            )
    for incident in fs.reportable_incidents(follow_up).filter(
        reported_to_ico_at__date__lte=assessed
    )[:4]:
        fs.subsequent_breach_create(
            organisation=assessor,
            actor=helen,
            follow_up=follow_up,
            incident_reference=incident.reference,
        )
    issued_on = assessed + datetime.timedelta(days=5)
    issued_at = timezone.make_aware(datetime.datetime.combine(issued_on, datetime.time(10, 0)))
    fs.follow_up_issue(follow_up, actor=helen, issued_on=issued_on, now=issued_at)


def _training_snapshot(follow_up, requirement, actor, *, on) -> None:
    """The force's live training report, where it keeps its training records in DP Assure."""
    try:
        from dpassure.training.models import Course
    except ImportError:
        return
    course = (
        Course.objects.filter(organisation=follow_up.subject, archived_at__isnull=True)
        .order_by("id")
        .first()
    )
    if course is not None:
        services.training_snapshot_take(
            undertaking_or_followup=follow_up,
            course=course,
            on=on,
            actor=actor,
            requirement=requirement,
            # Taken on the day of the desk review, as the assessor would have.
            taken_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(11, 0))),
        )


def _opcc_case(assessor, opcc) -> None:
    helen, tom = _user("assessor"), _user("admin")
    signed = add_calendar_months(clock.today(), -1)
    undertaking = services.undertaking_create(
        organisation=assessor,
        actor=helen,
        title=OPCC_TITLE,
        subject=opcc,
        subject_short_name="the OPCC",
        enforcement_reference="ENF0100467",
        legislation=Legislation.UK_GDPR,
        signed_on=signed,
        signatory="Police and Crime Commissioner for Wessex",
        background="Complaint review files were kept for years beyond the retention schedule.",
    )
    texts = [
        ("Review every complaint review file held and destroy those past their retention date.", 3),
        ("Adopt a retention schedule for complaint reviews, signed off by the Chief Executive.", 2),
    ]
    for number, (text, months) in enumerate(texts, 1):
        requirement = services.requirement_create(
            organisation=assessor,
            actor=helen,
            undertaking=undertaking,
            number=number,
            text=text,
            deadline_months=months,
        )
        if number == 2:
            services.action_plan_step_create(
                organisation=opcc,
                actor=tom,
                requirement=requirement,
                steps_taken="Draft retention schedule circulated to the Chief Executive.",
                supplied_on=clock.today(),
            )
