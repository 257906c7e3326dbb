"""factory_boy factories for every model the tests need."""

import datetime

import factory
from django.contrib.auth import get_user_model

from dpassure.core.roles import Role
from dpassure.organisations.choices import OrganisationKind
from dpassure.organisations.models import Department, Membership, Organisation, Person, ServiceBreak


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.django.Password("correct-horse-battery")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.POLICE_FORCE
    name = factory.Sequence(lambda n: f"Test Constabulary {n}")
    slug = factory.Sequence(lambda n: f"test-constabulary-{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    employee_number = factory.Sequence(lambda n: f"E{n:06d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"person{n}@force.example")
    department = factory.SubFactory(
        DepartmentFactory, organisation=factory.SelfAttribute("..organisation")
    )
    job_title = "Police Constable"
    start_date = datetime.date(2020, 1, 6)


class ServiceBreakFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceBreak

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))
    start_date = datetime.date(2022, 3, 1)
    end_date = datetime.date(2022, 9, 30)
    reason = "Career break"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.EDITOR


class RightsRequestFactory(factory.django.DjangoModelFactory):
    """A request made through the service, so its reference and due date are computed."""

    class Meta:
        model = "rights.RightsRequest"

    organisation = factory.SubFactory(OrganisationFactory)
    channel = "email"
    rights = "access"
    received_on = datetime.date(2026, 6, 1)
    requester_name = factory.Faker("name", locale="en_GB")
    requester_email = "requester@example.test"
    requester_words = "Please send me a copy of the body-worn video of me."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from dpassure.rights.services import rights_request_create

        organisation = kwargs.pop("organisation")
        return rights_request_create(organisation=organisation, actor=None, **kwargs)


def step_factory(model_path: str, **defaults):
    """A step of a request, created through its service."""

    def make(request, **fields):
        from django.apps import apps

        from dpassure.rights import services

        model = apps.get_model(model_path)
        create = {
            "Clarification": services.clarification_create,
            "Search": services.search_create,
            "ExemptionApplied": services.exemption_create,
            "Disclosure": services.disclosure_create,
            "Review": services.review_create,
        }[model.__name__]
        return create(
            organisation=request.organisation,
            actor=None,
            request=request,
            today=datetime.date(2026, 12, 1),
            **{**defaults, **fields},
        )

    return make


make_clarification = step_factory(
    "rights.Clarification", asked_on=datetime.date(2026, 6, 3), question="Which incident?"
)
make_search = step_factory(
    "rights.Search",
    searched="Body-worn video system",
    searched_by="Information Management",
    searched_on=datetime.date(2026, 6, 4),
    result="found",
)
make_exemption = step_factory(
    "rights.ExemptionApplied",
    exemption="sch2_16",
    reasons="Third-party officers' images cannot be disclosed without consent.",
    decided_by="DPO",
    decided_on=datetime.date(2026, 6, 10),
)
make_disclosure = step_factory(
    "rights.Disclosure", disclosed_on=datetime.date(2026, 6, 20), method="portal", pages=12
)
make_review = step_factory(
    "rights.Review", kind="internal_review", received_on=datetime.date(2026, 7, 1)
)


def make_incident(organisation, now=None, **fields):
    """An incident reported through the service (reference and clock computed)."""
    from django.utils import timezone

    from dpassure.incidents.services import incident_report

    values = {
        "what_happened": "A witness statement was emailed to the wrong address.",
        "occurred_at": timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 30)),
        "discovered_at": timezone.make_aware(datetime.datetime(2026, 11, 2, 11, 0)),
        "information_involved": "Name, address and statement of a witness",
        **fields,
    }
    return incident_report(
        organisation=organisation,
        actor=None,
        now=now or timezone.make_aware(datetime.datetime(2026, 12, 1, 12, 0)),
        **values,
    )


class SpotCheckTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "incidents.SpotCheckTemplate"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Clear desk {n}")
    items = "No papers left on desks\nPedestals locked\nScreens locked when unattended"


class SpotCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "incidents.SpotCheck"

    organisation = factory.SubFactory(OrganisationFactory)
    template = factory.SubFactory(
        SpotCheckTemplateFactory, organisation=factory.SelfAttribute("..organisation")
    )
    department = factory.SubFactory(
        DepartmentFactory, organisation=factory.SelfAttribute("..organisation")
    )
    location = "Headquarters, first floor"
    due_on = datetime.date(2026, 6, 1)


def make_spot_check_action(
    organisation, *, owner="Office manager", due_on=datetime.date(2026, 6, 15)
):
    """An action raised by a spot check whose first item failed, through the service."""
    from dpassure.incidents.services import spot_check_record_results

    check = SpotCheckFactory(organisation=organisation)
    first, *rest = check.template.item_list
    spot_check_record_results(
        check,
        actor=None,
        done_on=datetime.date(2026, 6, 1),
        done_by="PS Patel",
        results=[(first, False, "Case file left on a desk"), *[(item, True, "") for item in rest]],
        action_owner=owner,
        action_due_on=due_on,
        today=datetime.date(2026, 6, 1),
    )
    return check.actions.get()


# --- Training (issue 5) -----------------------------------------------------------------


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Course"

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"DP{n:03d}")
    title = "Data protection and information security"
    kind = "induction"
    pass_mark = 80
    gates_access = True


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.TrainingRecord"

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))
    course = factory.SubFactory(CourseFactory, organisation=factory.SelfAttribute("..organisation"))
    completed_on = datetime.date(2026, 3, 2)
    score = 90
    passed = True


# --- Training reports and reminders (issue 5, reporting) -------------------------------------


class ReminderRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.ReminderRun"

    organisation = factory.SubFactory(OrganisationFactory)
    course = factory.SubFactory(CourseFactory, organisation=factory.SelfAttribute("..organisation"))
    as_of = datetime.date(2026, 12, 1)


# --- Undertakings (all made through their services) ------------------------------------------

UNDERTAKING_TODAY = datetime.date(2026, 12, 1)
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_undertaking(assessor, *, subject=None, **fields):
    """A signed undertaking by ``subject`` (a new force unless given), followed up by
    ``assessor``."""
    from dpassure.undertakings.services import undertaking_create

    values = {
        "title": "Publicity about criminal behaviour orders",
        "subject": subject or OrganisationFactory(name=f"Force assessed by {assessor.slug}"),
        "legislation": "dpa_1998",
        "signed_on": datetime.date(2026, 1, 31),
        "signatory": "Chief Constable",
        **fields,
    }
    return undertaking_create(organisation=assessor, actor=None, today=UNDERTAKING_TODAY, **values)


def make_requirement(undertaking, **fields):
    from dpassure.undertakings.services import requirement_create

    values = {
        "number": undertaking.requirements.count() + 1,
        "text": "Ensure that risk assessments are carried out before publicity.",
        "deadline_months": 3,
        **fields,
    }
    return requirement_create(
        organisation=undertaking.organisation, actor=None, undertaking=undertaking, **values
    )


def make_action_plan_step(requirement, *, by=None, **fields):
    """A step entered by the organisation followed up (or by ``by``)."""
    from dpassure.undertakings.services import action_plan_step_create

    values = {
        "steps_taken": "Introduced a publicity risk assessment form.",
        "supplied_on": datetime.date(2026, 4, 1),
        **fields,
    }
    return action_plan_step_create(
        organisation=by or requirement.subject,
        actor=None,
        requirement=requirement,
        today=UNDERTAKING_TODAY,
        **values,
    )


def make_follow_up(undertaking, **fields):
    from dpassure.undertakings.services import follow_up_create

    values = {"assessed_on": datetime.date(2026, 6, 1), "method": "desk", **fields}
    return follow_up_create(
        organisation=undertaking.organisation,
        actor=None,
        undertaking=undertaking,
        today=UNDERTAKING_TODAY,
        **values,
    )


def make_verdict(follow_up, requirement, **fields):
    from dpassure.undertakings.services import verdict_create

    values = {"verdict": "implemented", "findings": "The form is in use.", **fields}
    return verdict_create(
        organisation=follow_up.organisation,
        actor=None,
        follow_up=follow_up,
        requirement=requirement,
        **values,
    )


def make_evidence_item(follow_up, *, content=MINIMAL_PDF, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dpassure.undertakings.followup_services import evidence_item_create

    upload = SimpleUploadedFile("policy.pdf", content) if content else None
    values = {"title": "Data Protection Policy, dated 2016", **fields}
    return evidence_item_create(
        organisation=follow_up.organisation,
        actor=None,
        follow_up=follow_up,
        upload=upload,
        today=UNDERTAKING_TODAY,
        **values,
    )


def make_subsequent_breach(follow_up, **fields):
    from dpassure.undertakings.followup_services import subsequent_breach_create

    values = {"description": "Witness details sent to the wrong address.", **fields}
    values.setdefault("occurred_on", datetime.date(2026, 3, 2))
    return subsequent_breach_create(
        organisation=follow_up.organisation,
        actor=None,
        follow_up=follow_up,
        today=UNDERTAKING_TODAY,
        **values,
    )


def make_snapshot(undertaking, **fields):
    from django.utils import timezone

    from dpassure.undertakings.services import snapshot_create

    values = {
        "title": "Completion by department",
        "source": "Training records",
        "columns": ["Department", "People", "Completed", "Percent completed"],
        "rows": [["Student Officers", 100, 23, 23.0]],
        "taken_at": timezone.make_aware(datetime.datetime(2026, 6, 1, 9, 0)),
        **fields,
    }
    return snapshot_create(
        organisation=undertaking.organisation, actor=None, undertaking=undertaking, **values
    )


def make_issued_report(follow_up, *, issued_on=datetime.date(2026, 6, 5)):
    """Give a verdict on every requirement still without one, then issue the report."""
    from django.utils import timezone

    from dpassure.undertakings.followup_services import follow_up_issue
    from dpassure.undertakings.services import action_requirements

    judged = set(follow_up.verdicts.values_list("requirement_id", flat=True))
    for requirement in action_requirements(follow_up.undertaking):
        if requirement.pk not in judged:
            make_verdict(follow_up, requirement)
    now = timezone.make_aware(datetime.datetime.combine(issued_on, datetime.time(12, 0)))
    return follow_up_issue(follow_up, actor=None, issued_on=issued_on, now=now)


# --- Assurance: frameworks, projects, engagements, surveys (issue 6, 6a) ---------------------
# Made through the services, like undertakings. A small framework keeps the tests fast; the
# shipped frameworks are loaded where a test needs them.

SMALL_FRAMEWORK = """
key: test-framework
version: "1"
title: Test framework
source: The tests.
scope_areas:
  - key: governance
    title: Governance
    controls:
      - {id: G-1, title: Records of processing, expectation: A ROPA is kept.}
      - {id: G-2, title: Training, expectation: Staff are trained.,
         live_metric: training.completion_by_department}
  - key: security
    title: Security
    controls:
      - {id: S-1, title: Incidents recorded, expectation: Incidents are logged.}
      - {id: S-2, title: Spot checks, expectation: Spot checks are done.}
  - key: requests
    title: Requests
    controls:
      - {id: R-1, title: Requests on time, expectation: Requests are answered on time.}
      - {id: R-2, title: Anything else, expectation: Tell us., answer: {kind: free_text}}
"""


def make_framework():
    from dpassure.assurance.frameworks import load_framework_text

    return load_framework_text(SMALL_FRAMEWORK, name="test-framework.yaml").framework


def make_assessor(**fields):
    values = {"kind": OrganisationKind.ASSESSOR_BODY, "name": "Test Assurance Unit", **fields}
    return OrganisationFactory(**values)


def make_project(assessor, **fields):
    from dpassure.assurance.engagement_services import sectorproject_create

    framework = fields.pop("framework", None) or make_framework()
    values = {
        "title": "OPCC project",
        "framework": framework,
        "starts_on": datetime.date(2026, 5, 1),
        "scope_areas": list(framework.scope_areas.all()),
        **fields,
    }
    return sectorproject_create(organisation=assessor, actor=None, **values)


def make_invitation(project, *, subject=None, **fields):
    from dpassure.assurance.engagement_services import projectinvitation_create

    values = {
        "subject": subject or OrganisationFactory(name=f"Invited by {project.organisation.slug}"),
        "invited_on": datetime.date(2026, 5, 2),
        **fields,
    }
    return projectinvitation_create(
        organisation=project.organisation, actor=None, project=project, **values
    )


def make_engagement(assessor, *, subject=None, **fields):
    from dpassure.assurance.engagement_services import engagement_create

    values = {
        "title": "Data protection assurance",
        "subject": subject or OrganisationFactory(name=f"Assessed by {assessor.slug}"),
        "kind": "site_visit",
        "invited_on": datetime.date(2026, 5, 2),
        **fields,
    }
    if "framework" not in values and "project" not in values:
        values["framework"] = make_framework()
    return engagement_create(organisation=assessor, actor=None, **values)


def make_survey(engagement, *, open_=True):
    from dpassure.assurance.survey_services import survey_generate, survey_open

    survey = survey_generate(engagement=engagement, actor=None)
    return survey_open(survey, actor=None) if open_ else survey


def make_survey_link(survey, **fields):
    """A link and its token."""
    from dpassure.assurance.survey_services import surveylink_create

    values = {"contact_name": "Jo Contact", "contact_role": "Information manager", **fields}
    return surveylink_create(survey=survey, actor=None, **values)


def make_evidence_request(engagement, **fields):
    from dpassure.assurance.engagement_services import evidencerequest_create

    values = {"title": "Retention schedule", "requested_on": datetime.date(2026, 5, 3), **fields}
    return evidencerequest_create(engagement=engagement, actor=None, **values)


def make_answer(survey, *, user, number=1, choice="yes", text=""):
    from dpassure.assurance.survey_services import Answerer, survey_answer

    question = survey.questions.get(number=number)
    return survey_answer(question, by=Answerer(user=user), choice=choice, text=text)


# --- Assurance: evidence, findings, reports, follow-up (issue 6, 6b) -------------------------

MINIMAL_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def make_assurance_framework(key="test-dp-assurance"):
    """A small framework: two scope areas with two controls each."""
    from dpassure.assurance.models import Control, Framework, ScopeArea

    framework, created = Framework.objects.get_or_create(
        key=key, version="1.0", defaults={"title": "Test framework", "source": "Tests"}
    )
    if created:
        for position, (area_key, title) in enumerate(
            [("governance", "Information governance and accountability"), ("security", "Security")]
        ):
            area = ScopeArea.objects.create(
                framework=framework,
                key=area_key,
                title=title,
                position=position,
                description=f"How {title.lower()} is managed.",
            )
            for n in (1, 2):
                Control.objects.create(
                    framework=framework,
                    scope_area=area,
                    identifier=f"{area_key[:2].upper()}-0{n}",
                    title=f"{title} control {n}",
                    expectation="Done well.",
                    position=n,
                )
    return framework


def make_assessed_engagement(assessor, *, subject=None, stage="draft_report", **fields):
    """An engagement by ``assessor`` of ``subject`` (a new OPCC unless given) at ``stage``,
    with both scope areas of the test framework agreed."""
    from dpassure.assurance.models import Engagement, EngagementStage

    framework = make_assurance_framework()
    subject = subject or OrganisationFactory(name=f"OPCC assessed by {assessor.slug}")
    engagement = Engagement(
        organisation=assessor,
        subject=subject,
        framework=framework,
        kind="site_visit",
        title=fields.pop("title", f"Assurance of {subject.name}"),
        stage=stage,
        **fields,
    )
    engagement.save()
    engagement.scope_areas.set(framework.scope_areas.all())
    EngagementStage.objects.create(
        organisation=assessor,
        subject=subject,
        engagement=engagement,
        stage=stage,
        started_on=datetime.date(2026, 10, 1),
    )
    return engagement


def make_assurance_evidence(engagement, *, content=MINIMAL_PNG, name="clear-desk.png", **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dpassure.assurance.evidence_services import evidence_create

    return evidence_create(
        organisation=engagement.organisation,
        actor=None,
        engagement=engagement,
        upload=SimpleUploadedFile(name, content),
        title=fields.pop("title", "Clear desk photo"),
        **fields,
    )


def make_finding(engagement, *, kind="area_for_improvement", control=None, **fields):
    from dpassure.assurance.findings_services import finding_create

    control = control or engagement.framework.controls.order_by("identifier").first()
    return finding_create(
        organisation=engagement.organisation,
        actor=None,
        engagement=engagement,
        control=control,
        kind=kind,
        text=fields.pop("text", "No DPIA for complaint appeals."),
        **fields,
    )


def make_recommendation(finding=None, *, engagement=None, priority="high", **fields):
    from dpassure.assurance.findings_services import recommendation_create

    finding = finding or make_finding(engagement)
    return recommendation_create(
        organisation=finding.organisation,
        actor=None,
        finding=finding,
        priority=priority,
        text=fields.pop("text", "Complete a DPIA for the appeals process."),
        owner=fields.pop("owner", "Chief Executive"),
        **fields,
    )


def make_management_response(recommendation, **fields):
    from dpassure.assurance.findings_services import management_response_create

    engagement = recommendation.engagement
    if engagement.stage != "management_response":
        type(engagement).objects.filter(pk=engagement.pk).update(stage="management_response")
        engagement.refresh_from_db()
        recommendation.engagement = engagement
    return management_response_create(
        organisation=engagement.subject,
        actor=None,
        recommendation=recommendation,
        decision=fields.pop("decision", "accepted"),
        action=fields.pop("action", "The DPO will draft the DPIA."),
        owner="DPO",
        **fields,
    )


def make_ready_engagement(assessor, **fields):
    """An engagement at the management response stage with every scope area rated, the
    overall opinion given and one recommendation answered: ready to issue."""
    from dpassure.assurance.findings_services import engagement_opinion_set, scope_rating_create

    engagement = make_assessed_engagement(assessor, stage="management_response", **fields)
    for area in engagement.scope_areas.all():
        scope_rating_create(
            organisation=assessor,
            actor=None,
            engagement=engagement,
            scope_area=area,
            rating="reasonable",
            opinion=f"Some scope for improvement in {area.title.lower()}.",
        )
    make_finding(engagement, kind="good_practice", text="Clear desk checks are monthly.")
    make_management_response(make_recommendation(engagement=engagement))
    return engagement_opinion_set(
        engagement,
        actor=None,
        overall_rating="reasonable",
        overall_opinion="A reasonable level of assurance.",
    )


def make_engagement_report(engagement=None, *, assessor=None):
    from dpassure.assurance.report_services import report_issue

    engagement = engagement or make_ready_engagement(assessor)
    return report_issue(engagement, actor=None, issued_on=datetime.date(2026, 11, 2))


def make_follow_up_engagement(assessor):
    """A follow-up of an engagement whose report is issued."""
    first = make_ready_engagement(assessor)
    make_engagement_report(first)
    return make_assessed_engagement(
        assessor,
        subject=first.subject,
        stage="document_review",
        follows_up=first,
        title=f"Follow-up of {first.title}",
    )


def make_grade(follow_up=None, *, assessor=None, status="partly_completed"):
    from dpassure.assurance.followup_services import grade_create

    follow_up = follow_up or make_follow_up_engagement(assessor)
    recommendation = follow_up.follows_up.recommendations.first()
    return grade_create(
        organisation=follow_up.organisation,
        actor=None,
        engagement=follow_up,
        recommendation=recommendation,
        status=status,
        evidence="Draft DPIA seen.",
        graded_on=datetime.date(2026, 11, 20),
    )
