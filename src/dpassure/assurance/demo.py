"""Demo assurance: the Northern Data Protection Assurance Unit runs a sector project across
OPCCs with the shipped framework, modelled on the regulator's OPCC project in seeds/000.

The fictional Wessex OPCC accepts and has a site-visit engagement whose survey it has completed
(answered by its DPO, with one question answered by a named contact through a link that was
then withdrawn); the survey's risk scores proposed the scope that was agreed, and the engagement
is at document review. A few real policing bodies from the list are invited — the invitation is
the assessor's own record; nothing is invented about how they handle data. Dates are relative
to today. Idempotent: a second run changes nothing. Findings and the report are added by
:func:`dpassure.assurance.demo_findings.load_assurance_findings_demo`.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from dpassure.assurance import engagement_services as es
from dpassure.assurance import survey_services as ss
from dpassure.assurance.demo_findings import load_assurance_findings_demo
from dpassure.assurance.frameworks import load_bundled_frameworks
from dpassure.assurance.models import Engagement, Framework, SectorProject
from dpassure.core import clock
from dpassure.organisations.choices import BodyType, OrganisationKind
from dpassure.organisations.models import Organisation
from dpassure.organisations.services import organisation_create

PROJECT_TITLE = "Data protection assurance of OPCCs"
ENGAGEMENT_TITLE = "Data protection assurance: Wessex OPCC"

#: Answers of the Wessex OPCC by control: (choice, comment).
ANSWERS = {
    "IG-01": ("partly", "An information audit began last year; complaint reviews not yet mapped."),
    "IG-02": ("no", "No DPIA yet for the police complaints review process."),
    "IG-03": ("partly", "The privacy notice does not say who we share complaint data with."),
    "IG-04": ("yes", "The DPO is shared with Wessex Police under a written arrangement."),
    "IG-05": ("no", ""),
    "IG-06": ("partly", "Completion is reported by department, without dates or scores."),
    "IG-07": ("yes", ""),
    "IG-08": ("partly", ""),
    "IG-09": ("partly", "Several policies are past their review date."),
    "IG-10": ("not_applicable", "The OPCC does not publicise criminal behaviour orders."),
    "DS-01": ("no", "No written contracts with the commissioned victim services."),
    "DS-02": ("no", ""),
    "DS-03": ("partly", ""),
    "DS-04": ("Yes, but not reviewed since 2018", ""),
    "SEC-01": ("yes", "Incidents are logged in DP Assure."),
    "SEC-02": ("yes", ""),
    "SEC-03": ("partly", "Spot checks are done but not always recorded."),
    "RM-01": ("partly", "The retention schedule does not cover complaint review files."),
    "RM-02": ("no", "Weeding is not recorded."),
    "RM-03": ("no", ""),
    "RQ-01": ("yes", ""),
    "RQ-02": ("partly", ""),
    "RQ-03": ("yes", ""),
    "RQ-04": ("", "Requests have risen since the complaints reforms of February 2020."),
}
#: Answered by the named contact through a link, before the link was withdrawn.
BY_LINK = {"RM-02"}

#: Other invented OPCCs invited, and their answer. Real policing bodies are never given
#: invented records, so the demo invites fictional ones (demo organisations with no members).
INVITED = [
    ("Elmet", "accepted", "teleconference"),
    ("Rheged", "declined", ""),
    ("Lyonesse", "declined", ""),
    ("Avalon", "no_response", ""),
]


def _fictional_opcc(area: str) -> Organisation:
    slug = f"opcc-{area.lower()}"
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        found = organisation_create(
            slug=slug,
            name=f"Office of the Police and Crime Commissioner for {area}",
            kind=OrganisationKind.LOCAL_POLICING_BODY,
            body_type=BodyType.PCC,
            force_area=area,
        )
        Organisation.objects.filter(pk=found.pk).update(is_demo=True)
    return found


def load_assurance_demo() -> int:
    """Load the demo project and engagement; returns the number of engagements added."""
    load_bundled_frameworks()
    added = 0
    assessor = Organisation.objects.filter(slug="northern-assurance").first()
    opcc = Organisation.objects.filter(slug="opcc-wessex").first()
    if assessor is not None and opcc is not None:
        if not Engagement.objects.filter(organisation=assessor, title=ENGAGEMENT_TITLE).exists():
            with transaction.atomic():
                _load(assessor, opcc)
            added = 1
    load_assurance_findings_demo()
    return added


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _load(assessor, opcc) -> None:
    today = clock.today()
    ago = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    helen, priya = _user("assessor"), _user("dpo")
    framework = Framework.objects.get(key="policing-dp-assurance", version="1.0")
    project = SectorProject.objects.filter(organisation=assessor, title=PROJECT_TITLE).first()
    if project is None:
        project = es.sectorproject_create(
            organisation=assessor,
            actor=helen,
            title=PROJECT_TITLE,
            framework=framework,
            scope_areas=list(framework.scope_areas.all()),
            description="A survey of every OPCC, then a site visit or teleconference with those "
            "who take part, and a bespoke report for each.",
            starts_on=ago(75),
            invitations_sent_on=ago(70),
            survey_closes_on=ago(40),
            fieldwork_from=ago(10),
            fieldwork_to=today + datetime.timedelta(days=120),
            report_due_on=today + datetime.timedelta(days=180),
        )
    es.projectinvitation_create(
        organisation=assessor,
        actor=helen,
        project=project,
        subject=opcc,
        invited_on=ago(70),
        response="accepted",
        responded_on=ago(66),
        preferred_kind="site_visit",
    )
    for area, response, preferred in INVITED:
        body = _fictional_opcc(area)
        es.projectinvitation_create(
            organisation=assessor,
            actor=helen,
            project=project,
            subject=body,
            invited_on=ago(70),
            response=response,
            responded_on=ago(60) if response != "no_response" else None,
            preferred_kind=preferred,
        )
    engagement = es.engagement_create(
        organisation=assessor,
        actor=helen,
        title=ENGAGEMENT_TITLE,
        subject=opcc,
        project=project,
        kind="site_visit",
        assessors=[helen] if helen else [],
        subject_contact_name="Priya Shah, data protection officer",
        internal_notes="Ask about the DPIA for complaint reviews at the opening meeting.",
        invited_on=ago(66),
    )
    es.engagement_advance(engagement, actor=helen, stage="survey", started_on=ago(60))
    survey = ss.survey_generate(engagement=engagement, actor=helen)
    survey = ss.survey_open(survey, actor=helen)
    link, _token = ss.surveylink_create(
        survey=survey,
        actor=helen,
        contact_name="Records manager, Wessex OPCC",
        contact_role="Records manager",
    )
    member, contact = ss.Answerer(user=priya), ss.Answerer(link=link)
    for question in survey.questions.select_related("control"):
        choice, text = ANSWERS.get(question.control.identifier, ("", ""))
        if not choice and not text:
            continue
        by = contact if question.control.identifier in BY_LINK else member
        ss.survey_answer(question, by=by, choice=choice, text=text)
    ss.surveylink_revoke(link, actor=helen)
    survey = ss.survey_submit(survey, by=member)
    agreed = list(framework.scope_areas.filter(key__in=survey.proposed_scope))
    engagement = es.engagement_update(engagement, actor=helen, scope_areas=agreed)
    es.engagement_advance(engagement, actor=helen, stage="document_review", started_on=ago(30))
    es.evidencerequest_create(
        engagement=engagement,
        actor=helen,
        title="Retention schedule and weeding log",
        detail="The current retention schedule, and the record of weeding since last April.",
        controls=list(framework.controls.filter(identifier__in=["RM-01", "RM-02"])),
        requested_on=ago(30),
        due_on=ago(16),
    )
    es.evidencerequest_create(
        engagement=engagement,
        actor=helen,
        title="Contracts with processors",
        detail="The list of processors and the contracts with the commissioned services.",
        controls=list(framework.controls.filter(identifier__in=["DS-01", "DS-02"])),
        requested_on=ago(30),
        due_on=today + datetime.timedelta(days=7),
    )
