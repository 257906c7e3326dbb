"""Project-wide proof of tenancy, over every URL pattern the project has.

For each URL: a member of organisation A can open it on A's rows, and gets 404 on B's
organisation and B's rows; lists, searches and exports at A never show B's rows. A new
register is covered as soon as its URLs exist — it only needs a factory below.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from dpassure.core.roles import Role
from dpassure.core.tenancy import Scope, scope_for
from dpassure.organisations.models import Department, Membership, Person, ServiceBreak
from tests.conftest import member
from tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    PersonFactory,
    ServiceBreakFactory,
    UserFactory,
)

FACTORIES = {
    Department: lambda org: DepartmentFactory(organisation=org, name=f"{org.slug} Dept"),
    Person: lambda org: PersonFactory(
        organisation=org,
        first_name="Zebedee",
        last_name=f"Secret{org.slug.capitalize()}",
        employee_number=f"{org.slug.upper()}-777",
    ),
    ServiceBreak: lambda org: ServiceBreakFactory(organisation=org, reason=f"{org.slug} break"),
    Membership: lambda org: MembershipFactory(
        organisation=org, user=UserFactory(username=f"{org.slug}-colleague"), role=Role.VIEWER
    ),
}


def rights_factories():
    from dpassure.rights import models as rights
    from tests import factories as f

    def request_for(org):
        return f.RightsRequestFactory(
            organisation=org, requester_name=f"Requester {org.slug.capitalize()}Secret"
        )

    def step(make):
        return lambda org: make(request_for(org))

    return {
        rights.RightsRequest: request_for,
        rights.Clarification: step(f.make_clarification),
        rights.Search: step(f.make_search),
        rights.ExemptionApplied: step(f.make_exemption),
        rights.Disclosure: step(f.make_disclosure),
        rights.Review: step(f.make_review),
    }


def incident_record_factories():
    import datetime

    from django.utils import timezone

    from dpassure.incidents import models as incidents
    from dpassure.incidents import services
    from tests import factories as f

    def incident_for(org):
        return f.make_incident(org, what_happened=f"Lost folder {org.slug.capitalize()}Secret")

    def reported(org):
        incident = incident_for(org)
        at = timezone.make_aware(datetime.datetime(2026, 11, 3, 9, 0))
        return services.incident_update(
            incident,
            actor=None,
            aware_at=incident.discovered_at,
            reported_to_ico_at=at,
            ico_reference="ICO/123",
            report_to_ico=True,
            ico_decision_reasons="Risk to witness",
        )

    def ico_update(org):
        return services.ico_update_create(
            organisation=org,
            actor=None,
            incident=reported(org),
            sent_at=timezone.make_aware(datetime.datetime(2026, 11, 5, 9, 0)),
            summary="More",
        )

    def involved(org):
        return services.involved_person_create(
            organisation=org,
            actor=None,
            incident=incident_for(org),
            person=f.PersonFactory(organisation=org),
            involvement="caused",
        )

    return {
        incidents.Incident: incident_for,
        incidents.IcoUpdate: ico_update,
        incidents.InvolvedPerson: involved,
    }


def incidents_factories():
    """Spot checks, their checklists and actions (an action is raised by a failed check)."""
    from dpassure.incidents import models as incidents
    from tests import factories as f

    return {
        incidents.SpotCheckTemplate: lambda org: f.SpotCheckTemplateFactory(organisation=org),
        incidents.SpotCheck: lambda org: f.SpotCheckFactory(organisation=org),
        incidents.Action: f.make_spot_check_action,
    }


def register_factories():
    """Factories of registers added by other apps (imports etc.) hook in here."""
    try:
        from tests.organisations.test_import_services import make_people_import
    except ImportError:
        return {}
    from dpassure.organisations.models import PeopleImport

    return {PeopleImport: make_people_import}


def training_factories():
    """Courses and training records (imports and reminders register their own below)."""
    from dpassure.training import models as training
    from tests import factories as f

    return {
        training.Course: lambda org: f.CourseFactory(organisation=org, title=f"{org.slug} course"),
        training.TrainingRecord: lambda org: f.TrainingRecordFactory(
            organisation=org, certificate_reference=f"{org.slug.upper()}-CERT"
        ),
    }


def all_factories():
    return {
        **training_factories(),
        **FACTORIES,
        **rights_factories(),
        **incident_record_factories(),
        **incidents_factories(),
        **register_factories(),
    }


def url_patterns():
    """(qualified name, parameter names, view) for every named URL pattern."""
    found = []

    def walk(patterns, namespace, params):
        for entry in patterns:
            own = _params(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, ns, params | own)
            elif isinstance(entry, URLPattern) and entry.name:
                found.append((f"{namespace}{entry.name}", params | own, entry.callback))

    walk(get_resolver().url_patterns, "", set())
    return [f for f in found if "format" not in f[1]]


def _params(pattern) -> set[str]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return set(converters)
    regex = getattr(pattern, "_regex", None) or str(pattern)
    return set(re.compile(regex).groupindex) if "(?P<" in regex else set()


def model_for(callback, param: str):
    if param.endswith("_pk"):
        name = param.removesuffix("_pk")
        return next(m for m in all_factories() if m._meta.model_name == name)
    view_class = getattr(callback, "view_class", None)
    if view_class is not None and getattr(view_class, "model", None) is not None:
        return view_class.model
    viewset = getattr(callback, "cls", None)
    if viewset is not None and getattr(viewset, "serializer_class", None) is not None:
        return viewset.serializer_class.Meta.model
    raise AssertionError(f"{callback} takes {param} but declares no model")


def build_world(org):
    return {model: make(org) for model, make in all_factories().items()}


def kwargs_for(params, callback, org, world):
    kwargs = {}
    for param in params:
        if param == "org_slug" or param == "slug":
            kwargs[param] = org.slug
        elif param == "pk" or param.endswith("_pk"):
            kwargs[param] = world[model_for(callback, param)].pk
        else:
            raise AssertionError(f"Unknown URL parameter {param}: teach test_tenancy about it")
    return kwargs


PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "password_reset_confirm",
    "accessibility",
    "cookies",
    "api-schema",
    "api-docs",
    # Each policing body's public page for requests is public by design.
    "rights:public-request",
    "rights:public-request-sent",
}


@pytest.fixture
def two_worlds(org, other_org):
    user = member(org, Role.ADMIN, username="alice")
    member(other_org, Role.ADMIN, username="bob")
    return user, build_world(org), build_world(other_org)


def _client_for(name, user):
    client = (
        APIClient()
        if ":" not in name and name not in PUBLIC | {"home", "switch-organisation"}
        else None
    )
    if client is None:
        from django.test import Client

        client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_every_url_renders_for_a_member_and_is_404_for_another_organisation(
    two_worlds, org, other_org
):
    user, mine, theirs = two_worlds
    checked = 0
    for name, params, callback in url_patterns():
        if name in PUBLIC or not params or name in {"logout"}:
            continue
        client = _client_for(name, user)
        own_url = reverse(name, kwargs=kwargs_for(params, callback, org, mine))
        actions = getattr(callback, "actions", None)
        if actions is not None and "get" not in actions:
            # An API action that only takes POST: reachable (a 400 for an empty body).
            response = client.post(own_url, {}, format="json")
            assert response.status_code == 400, f"POST {own_url} gave {response.status_code}"
        else:
            response = client.get(own_url)
            if response.status_code == 302:
                # A step that has moved on (an import already checked) leads to the next
                # page, which must be the organisation's own and render.
                location = response["Location"]
                assert location.startswith(f"/o/{org.slug}/"), f"{own_url} sent to {location}"
                response = client.get(location)
            assert response.status_code == 200, f"{own_url} gave {response.status_code}"
        # B's organisation in the URL.
        foreign_org_url = reverse(name, kwargs=kwargs_for(params, callback, other_org, theirs))
        for method in ("get", "post"):
            response = getattr(client, method)(foreign_org_url)
            expected = (404, 405) if method == "post" else (404,)
            assert response.status_code in expected, (
                f"{method} {foreign_org_url}: {response.status_code}"
            )
        # A's organisation with B's row ids.
        if any(p == "pk" or p.endswith("_pk") for p in params):
            crossed = {
                p: (org.slug if p in ("org_slug", "slug") else theirs[model_for(callback, p)].pk)
                for p in params
            }
            crossed_url = reverse(name, kwargs=crossed)
            methods = ["get", "post"] + (["patch", "delete"] if ":" not in name else [])
            for method in methods:
                response = getattr(client, method)(crossed_url)
                # 405: the view does not take this method, so it never looked the row up.
                assert response.status_code in (404, 405), (
                    f"{method} {crossed_url}: {response.status_code}"
                )
        checked += 1
    assert checked >= 30


def _lists(name, params):
    return params == {"org_slug"} and name not in PUBLIC


@pytest.mark.django_db
def test_lists_searches_and_exports_never_show_another_organisations_rows(
    two_worlds, org, other_org
):
    user, mine, theirs = two_worlds
    secrets = [
        "SecretMercia",
        "MERCIA-777",
        "mercia Dept",
        "mercia break",
        "mercia-colleague",
        "MerciaSecret",
    ]
    for name, params, _callback in url_patterns():
        if not _lists(name, params):
            continue
        client = _client_for(name, user)
        url = reverse(name, kwargs={"org_slug": org.slug})
        for query in ("", "?q=Secret", "?q=mercia", "?export=csv", "?export=xlsx", "?archived=on"):
            response = client.get(url + query)
            assert response.status_code == 200, f"{url}{query}: {response.status_code}"
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if query == "?export=xlsx" and body[:2] == b"PK":
                body = _xlsx_text(body).encode()
            for secret in secrets:
                assert secret.encode() not in body, f"{url}{query} shows {secret}"


def _xlsx_text(content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    )


@pytest.mark.django_db
def test_organisations_api_lists_only_my_organisations(two_worlds, other_org):
    user, _, _ = two_worlds
    client = APIClient()
    client.force_authenticate(user)
    slugs = [o["slug"] for o in client.get("/api/v1/organisations/").json()["results"]]
    assert slugs == ["wessex"]
    assert client.get(f"/api/v1/organisations/{other_org.slug}/").status_code == 404


@pytest.mark.django_db
def test_scope_rows_only_returns_the_scope_organisation(two_worlds, org):
    user, mine, theirs = two_worlds
    scope = scope_for(user, org.slug)
    assert isinstance(scope, Scope)
    for rows in (scope.rows(Person), scope.rows(Person.objects.all())):
        assert mine[Person] in rows
        assert theirs[Person] not in rows
        assert {p.organisation_id for p in rows} == {org.pk}


@pytest.mark.django_db
def test_archived_membership_loses_access(org, make_member, client):
    user = make_member(org, Role.EDITOR, username="leaver")
    client.force_login(user)
    assert client.get(f"/o/{org.slug}/people/").status_code == 200
    Membership.objects.filter(user=user).update(archived_at="2026-01-01T00:00:00Z")
    assert client.get(f"/o/{org.slug}/people/").status_code == 404


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(org, client):
    response = client.get(f"/o/{org.slug}/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")
    assert APIClient().get(f"/api/v1/o/{org.slug}/people/").status_code in (401, 403)


# --- Training reminders (issue 5, reporting) -------------------------------------------------
# Appended rather than edited into all_factories(): the tests call all_factories() at run time,
# so wrapping it here adds the reminder runs to every world.


def training_report_factories():
    from dpassure.training.models import ReminderRun
    from tests.factories import ReminderRunFactory

    return {ReminderRun: lambda org: ReminderRunFactory(organisation=org)}


_all_factories_before_training_reports = all_factories


def all_factories():  # noqa: F811
    return {**_all_factories_before_training_reports(), **training_report_factories()}


# --- Undertakings (issue 7) ------------------------------------------------------------------
# Appended the same way: each world's organisation is the assessor of an undertaking given by
# a force of its own, so every undertakings page and endpoint is covered.


def undertakings_factories():
    from dpassure.undertakings import models as u
    from tests import factories as f

    def undertaking(org):
        return f.make_undertaking(org, title=f"Undertaking {org.slug.capitalize()}Secret")

    def requirement(org):
        return f.make_requirement(undertaking(org))

    def follow_up(org):
        return f.make_follow_up(undertaking(org))

    def verdict(org):
        made = requirement(org)
        return f.make_verdict(f.make_follow_up(made.undertaking), made)

    def issued(org):
        made = requirement(org)
        return f.make_issued_report(f.make_follow_up(made.undertaking))

    return {
        u.Undertaking: undertaking,
        u.Requirement: requirement,
        u.ActionPlanStep: lambda org: f.make_action_plan_step(requirement(org)),
        u.FollowUp: follow_up,
        u.EvidenceItem: lambda org: f.make_evidence_item(follow_up(org)),
        u.RequirementVerdict: verdict,
        u.SubsequentBreach: lambda org: f.make_subsequent_breach(follow_up(org)),
        u.LiveSnapshot: lambda org: f.make_snapshot(undertaking(org)),
        u.IssuedReport: issued,
    }


_all_factories_before_undertakings = all_factories


def all_factories():  # noqa: F811
    return {**_all_factories_before_undertakings(), **undertakings_factories()}


# --- Training imports (issue 5, imports) -----------------------------------------------------
# Appended the same way: each world has a checked import of a completion export.


def training_import_factories():
    from dpassure.training.models import TrainingImport
    from tests.training.test_import_services import make_training_import

    return {TrainingImport: make_training_import}


_all_factories_before_training_imports = all_factories


def all_factories():  # noqa: F811
    return {**_all_factories_before_training_imports(), **training_import_factories()}


# --- Assurance: projects, engagements, surveys (issue 6, 6a) ---------------------------------
# Each world's organisation is the assessor of an engagement with an organisation of its own.
# A named contact's survey link is public by design: the token is the key.

PUBLIC |= {"assurance:survey-by-link"}


def assurance_factories():
    from dpassure.assurance import models as a
    from tests import factories as f
    from tests.conftest import member

    def engagement(org):
        return f.make_engagement(org, title=f"Engagement {org.slug.capitalize()}Secret")

    def survey(org):
        return f.make_survey(engagement(org))

    def answer(org):
        user = member(org, Role.STAFF, username=f"{org.slug}-answerer")
        return f.make_answer(survey(org), user=user)

    def project(org):
        return f.make_project(org, title=f"Project {org.slug.capitalize()}Secret")

    return {
        a.SectorProject: project,
        a.ProjectInvitation: lambda org: f.make_invitation(project(org)),
        a.Engagement: engagement,
        a.EvidenceRequest: lambda org: f.make_evidence_request(engagement(org)),
        a.Survey: survey,
        a.SurveyLink: lambda org: f.make_survey_link(survey(org))[0],
        a.SurveyAnswer: answer,
    }


_all_factories_before_assurance = all_factories


def all_factories():  # noqa: F811
    return {**_all_factories_before_assurance(), **assurance_factories()}


# --- Assurance: evidence, interviews, findings, reports, follow-up (issue 6, 6b) -------------
# Each world's organisation is the assessor of engagements of an OPCC of its own.


def assurance_findings_factories():
    import datetime

    from django.utils import timezone

    from dpassure.assurance import evidence_services as es
    from dpassure.assurance import models as a
    from tests import factories as f

    def engagement(org):
        return f.make_assessed_engagement(org, title=f"Engagement {org.slug.capitalize()}Secret")

    def interview(org):
        return es.interview_create(
            organisation=org,
            actor=None,
            engagement=engagement(org),
            interviewee_role=f"SIRO {org.slug.capitalize()}Secret",
            held_at=timezone.make_aware(datetime.datetime(2026, 10, 12, 10, 0)),
            mode="on_site",
        )

    def note(org):
        made = interview(org)
        return es.interview_note_create(
            organisation=org,
            actor=None,
            interview=made,
            control=made.engagement.framework.controls.first(),
            note="Seen",
        )

    def live(org):
        made = engagement(org)
        return es.live_evidence_take(
            organisation=org,
            actor=None,
            engagement=made,
            control=made.framework.controls.first(),
            metric=es.REQUESTS,
            on=datetime.date(2026, 11, 1),
        )

    def rating(org):
        from dpassure.assurance.findings_services import scope_rating_create

        made = engagement(org)
        return scope_rating_create(
            organisation=org,
            actor=None,
            engagement=made,
            scope_area=made.scope_areas.first(),
            rating="limited",
            opinion="Considerable scope",
        )

    factories = {
        a.Engagement: engagement,
        a.EngagementEvidence: lambda org: f.make_assurance_evidence(engagement(org)),
        a.LiveEvidence: live,
        a.Interview: interview,
        a.InterviewNote: note,
        a.Finding: lambda org: f.make_finding(engagement(org)),
        a.Recommendation: lambda org: f.make_recommendation(engagement=engagement(org)),
        a.ScopeRating: rating,
        a.EngagementReport: lambda org: f.make_engagement_report(assessor=org),
        a.FollowUpGrade: lambda org: f.make_grade(assessor=org),
    }
    return factories


_all_factories_before_assurance_findings = all_factories


def all_factories():  # noqa: F811
    # 6a's engagement factory, if registered, wins: it is the same model.
    return {**assurance_findings_factories(), **_all_factories_before_assurance_findings()}


# --- Assurance: management responses (issue 6, 6c API) --------------------------------------
# A response is the organisation assessed's, on a recommendation of an engagement of each
# world's organisation; the assessor reads it.


def assurance_response_factories():
    from dpassure.assurance import models as a
    from tests import factories as f

    def response(org):
        engagement = f.make_assessed_engagement(org, stage="management_response")
        return f.make_management_response(f.make_recommendation(engagement=engagement))

    return {a.ManagementResponse: response}


_all_factories_before_assurance_responses = all_factories


def all_factories():  # noqa: F811
    return {**_all_factories_before_assurance_responses(), **assurance_response_factories()}
