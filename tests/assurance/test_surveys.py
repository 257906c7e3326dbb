"""Surveys: generated from controls, answered in the app or through a named contact's link,
scored per scope area; links expire, are withdrawn, and are refused with their own page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dpassure.assurance import survey_services as ss
from dpassure.assurance.models import SurveyAnswer, SurveyLink
from dpassure.core.audit import history_entries
from dpassure.core.roles import Role
from tests.conftest import member
from tests.factories import (
    OrganisationFactory,
    make_assessor,
    make_engagement,
    make_survey,
    make_survey_link,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessor():
    return make_assessor(slug="northern")


@pytest.fixture
def opcc():
    return OrganisationFactory(name="Wessex OPCC", slug="opcc", kind="local_policing_body")


@pytest.fixture
def engagement(assessor, opcc):
    return make_engagement(assessor, subject=opcc)


@pytest.fixture
def survey(engagement):
    return make_survey(engagement)


@pytest.fixture
def staff(opcc):
    return member(opcc, Role.STAFF, username="opcc-staff")


def test_a_survey_has_one_question_per_control_in_order(survey):
    questions = list(survey.questions.order_by("number").select_related("control"))
    assert [q.control.identifier for q in questions] == ["G-1", "G-2", "S-1", "S-2", "R-1", "R-2"]
    assert [q.number for q in questions] == [1, 2, 3, 4, 5, 6]
    assert questions[-1].kind == "free_text" and not questions[-1].required
    assert "A ROPA is kept." in questions[0].text


def test_only_one_survey_per_engagement(engagement, survey):
    with pytest.raises(ValidationError, match="already has a survey"):
        ss.survey_generate(engagement=engagement, actor=None)


def test_a_survey_uses_the_agreed_areas_when_there_are_some(assessor, opcc):
    engagement = make_engagement(assessor, subject=opcc)
    security = engagement.framework.scope_areas.get(key="security")
    engagement.scope_areas.set([security])
    survey = make_survey(engagement)
    assert set(survey.questions.values_list("scope_area__key", flat=True)) == {"security"}


def _answer_all(survey, by, choices):
    for question in survey.questions.filter(kind="yes_partly_no").order_by("number"):
        ss.survey_answer(question, by=by, choice=choices[question.control.identifier])


def test_submitting_scores_each_area_and_proposes_the_scope(survey, staff):
    by = ss.Answerer(user=staff)
    with pytest.raises(ValidationError, match="questions 1, 2, 3, 4, 5"):
        ss.survey_submit(survey, by=by)
    _answer_all(
        survey, by, {"G-1": "no", "G-2": "partly", "S-1": "yes", "S-2": "yes", "R-1": "partly"}
    )
    survey = ss.survey_submit(survey, by=by)
    scores = {row["area"]: (row["score"], row["band"]) for row in survey.risk_scores}
    assert scores == {"governance": (75, "high"), "security": (0, "low"), "requests": (50, "high")}
    assert survey.proposed_scope == ["governance", "requests"]
    assert survey.status == "submitted" and survey.submitted_by == staff
    with pytest.raises(ValidationError, match="can no longer change"):
        ss.survey_answer(survey.questions.get(number=1), by=by, choice="yes")


def test_answers_are_saved_with_who_answered_and_audited(survey, staff):
    question = survey.questions.get(number=1)
    ss.survey_answer(question, by=ss.Answerer(user=staff), choice="partly", text="In progress")
    ss.survey_answer(question, by=ss.Answerer(user=staff), choice="yes")
    answer = SurveyAnswer.objects.get(question=question)
    assert (answer.choice, answer.answered_by, answer.answered_via) == ("yes", staff, "member")
    assert answer.answered_by_name == staff.get_full_name()
    assert (answer.organisation_id, answer.subject_id) == (
        survey.organisation_id,
        survey.subject_id,
    )
    assert [e.action for e in history_entries(answer)] == ["Changed", "Created"]


def test_an_answer_must_fit_the_question(survey, staff):
    by = ss.Answerer(user=staff)
    with pytest.raises(ValidationError, match="Choose yes, partly, no or not applicable"):
        ss.survey_answer(survey.questions.get(number=1), by=by, choice="maybe")
    with pytest.raises(ValidationError, match="Enter your answer"):
        ss.survey_answer(survey.questions.get(number=6), by=by, text="  ")
    assert not SurveyAnswer.objects.exists()


def test_a_survey_is_answered_through_the_organisations_own_pages(client, survey, staff):
    client.force_login(staff)
    url = reverse("assurance:survey-answer", kwargs={"org_slug": "opcc", "survey_pk": survey.pk})
    assert client.get(url).status_code == 200
    data = {
        "q1": "yes",
        "q2": "no",
        "q3": "yes",
        "q4": "partly",
        "q5": "yes",
        "q6_text": "All fine",
        "submit": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.status == "submitted" and survey.proposed_scope
    assert SurveyAnswer.objects.filter(answered_by=staff).count() == 6


def test_a_viewer_of_the_organisation_cannot_answer(client, survey, opcc):
    client.force_login(member(opcc, Role.VIEWER, username="opcc-viewer"))
    url = reverse("assurance:survey-answer", kwargs={"org_slug": "opcc", "survey_pk": survey.pk})
    assert client.post(url, {"q1": "yes"}).status_code == 403
    assert not SurveyAnswer.objects.exists()


# --- Links for named contacts ----------------------------------------------------------------


def _link_url(token):
    return reverse("assurance:survey-by-link", kwargs={"token": token})


def test_only_the_hash_of_the_token_is_stored(survey):
    link, token = make_survey_link(survey)
    assert token not in str(SurveyLink.objects.filter(pk=link.pk).values().get())
    assert link.token_sha256 == ss.token_digest(token)
    assert len(token) >= 40


def test_a_named_contact_answers_through_the_link(client, survey):
    link, token = make_survey_link(survey, contact_name="Jo Contact")
    response = client.get(_link_url(token))
    assert response.status_code == 200 and b"For Jo Contact" in response.content
    assert response["Cache-Control"] == "no-store"
    response = client.post(_link_url(token), {"q1": "partly", "q1_text": "Half done"})
    assert response.status_code == 302
    answer = SurveyAnswer.objects.get()
    assert (answer.answered_via, answer.answered_through, answer.answered_by_name) == (
        "link",
        link,
        "Jo Contact",
    )
    assert answer.answered_by is None
    link.refresh_from_db()
    assert link.last_used_at is not None


def test_an_expired_link_is_refused_with_its_own_page(client, survey):
    link, token = make_survey_link(survey)
    SurveyLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    for method in ("get", "post"):
        response = getattr(client, method)(_link_url(token), {"q1": "yes"})
        assert response.status_code == 410
        assert b"This survey link has expired" in response.content
    assert not SurveyAnswer.objects.exists()


def test_a_revoked_link_is_refused_even_when_reused(client, survey, assessor):
    editor = member(assessor, Role.EDITOR, username="helen")
    link, token = make_survey_link(survey)
    assert client.post(_link_url(token), {"q1": "yes"}).status_code == 302
    client.force_login(editor)
    revoke = reverse(
        "assurance:surveylink-revoke", kwargs={"org_slug": "northern", "surveylink_pk": link.pk}
    )
    assert client.post(revoke).status_code == 302
    client.logout()
    for method in ("get", "post"):
        response = getattr(client, method)(_link_url(token), {"q1": "no"})
        assert response.status_code == 410
        assert b"This survey link has been withdrawn" in response.content
    assert SurveyAnswer.objects.get().choice == "yes"  # the answer given before stays
    link.refresh_from_db()
    assert link.revoked_by == editor
    assert history_entries(link)[0].who == editor.get_full_name()


def test_an_unknown_token_is_not_found(client, survey):
    response = client.get(_link_url("not-a-real-token"))
    assert response.status_code == 404 and b"does not work" in response.content


def test_a_link_cannot_be_used_after_the_survey_is_submitted(client, survey, staff):
    _link, token = make_survey_link(survey)
    by = ss.Answerer(user=staff)
    _answer_all(survey, by, {"G-1": "yes", "G-2": "yes", "S-1": "yes", "S-2": "yes", "R-1": "yes"})
    ss.survey_submit(survey, by=by)
    response = client.get(_link_url(token))
    assert response.status_code == 410 and b"already been submitted" in response.content


def test_links_need_an_open_survey_and_a_sensible_lifetime(engagement):
    draft = make_survey(engagement, open_=False)
    with pytest.raises(ValidationError, match="while the survey is open"):
        make_survey_link(draft)
    opened = ss.survey_open(draft, actor=None)
    with pytest.raises(ValidationError, match="from 1 to 90 days"):
        make_survey_link(opened, days=365)


def test_the_link_page_shows_the_token_once(client, survey, assessor):
    client.force_login(member(assessor, Role.EDITOR, username="helen"))
    url = reverse(
        "assurance:surveylink-create", kwargs={"org_slug": "northern", "survey_pk": survey.pk}
    )
    response = client.post(url, {"contact_name": "Sam", "days": "7"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    link = SurveyLink.objects.get()
    address = response.content.decode().split('<code id="survey-link">')[1].split("</code>")[0]
    token = address.rstrip("/").rsplit("/", 1)[1]
    assert ss.token_digest(token) == link.token_sha256
    detail = client.get(
        reverse("assurance:surveylink-detail", kwargs={"org_slug": "northern", "pk": link.pk})
    )
    assert token.encode() not in detail.content


def test_the_api_makes_a_link_and_gives_the_token_once(survey, assessor):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(member(assessor, Role.EDITOR, username="helen"))
    made = api.post(
        "/api/v1/o/northern/assurance/survey-links/",
        {"survey": survey.pk, "contact_name": "Sam"},
        format="json",
    )
    assert made.status_code == 201, made.content
    token = made.json()["token"]
    assert ss.token_digest(token) == SurveyLink.objects.get().token_sha256
    again = api.get(f"/api/v1/o/northern/assurance/survey-links/{made.json()['id']}/").json()
    assert again.get("token") in (None, "")
    assert (
        api.delete(f"/api/v1/o/northern/assurance/survey-links/{made.json()['id']}/").status_code
        == 204
    )
    assert SurveyLink.objects.get().revoked_at is not None
