"""Survey pages: making the survey from the framework, opening it, answering it (a signed-in
member of either side, or a named contact through a link with no account), the risk it shows,
and the links themselves. The link pages are the only assurance pages open without signing in.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from dpassure.assurance import engagement_forms as forms
from dpassure.assurance import selectors
from dpassure.assurance import survey_services as services
from dpassure.assurance.choices import SurveyStatus
from dpassure.assurance.models import Engagement, Survey, SurveyLink
from dpassure.assurance.pages import BothSides, Child, Page, detail_url
from dpassure.core.registers.columns import Row
from dpassure.core.registers.views import (
    OrganisationView,
    RegisterDetailView,
    RegisterHistoryView,
    _add_errors,
)
from dpassure.core.roles import Role
from dpassure.rules import assurance as rules


def _get(rows, pk, model):
    try:
        return rows.get(pk=pk, archived_at__isnull=True)
    except (model.DoesNotExist, ValueError):
        raise Http404(f"No such {model._meta.verbose_name}.") from None


class SurveyCreate(OrganisationView):
    """Make the engagement's survey: one question per control of its scope areas."""

    required_role = Role.EDITOR
    template_name = "assurance/survey_create.html"

    def engagement(self):
        return _get(self.scope.rows(Engagement), self.kwargs["engagement_pk"], Engagement)

    def get(self, request, *args, **kwargs):
        engagement = self.engagement()
        areas = services.survey_areas(engagement)
        existing = Survey.objects.filter(engagement=engagement).first()
        context = self.get_context_data(engagement=engagement, areas=areas, existing=existing)
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        engagement = self.engagement()
        try:
            survey = services.survey_generate(engagement=engagement, actor=request.user)
        except ValidationError as error:
            context = self.get_context_data(
                engagement=engagement,
                areas=services.survey_areas(engagement),
                existing=Survey.objects.filter(engagement=engagement).first(),
                problems=error.messages,
            )
            return self.render_to_response(context, status=400)
        messages.success(request, f"Survey made with {survey.questions.count()} questions")
        return HttpResponseRedirect(detail_url(self.scope, survey))


class SurveyPage(Child, BothSides):
    model = Survey
    parent_field = "engagement"
    select_related = ("engagement", "engagement__framework", "engagement__subject")


class SurveyDetail(SurveyPage, RegisterDetailView):
    rows_ = [
        Row("engagement", "Engagement"),
        Row("status", "Status"),
        Row("due_on", "Answers due"),
        Row("submitted_at", "Submitted"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = self.object
        context["sheet"] = selectors.survey_sheet(survey)
        context["risks"] = selectors.risk_rows(survey) if survey.risk_scores else []
        assessor = context["is_assessor"]
        context["can_run"] = assessor and self.scope.can(Role.EDITOR)
        context["can_answer"] = survey.status == SurveyStatus.OPEN and self.scope.can(Role.STAFF)
        if assessor:
            context["links"] = survey.links.filter(archived_at__isnull=True)
        slug = self.scope.organisation.slug
        context["answer_url"] = reverse(
            "assurance:survey-answer", kwargs={"org_slug": slug, "survey_pk": survey.pk}
        )
        context["open_url"] = reverse(
            "assurance:survey-open", kwargs={"org_slug": slug, "survey_pk": survey.pk}
        )
        context["link_url"] = reverse(
            "assurance:surveylink-create", kwargs={"org_slug": slug, "survey_pk": survey.pk}
        )
        context["can_edit"] = False  # questions come from the framework, not a form
        return context


class SurveyHistory(SurveyPage, RegisterHistoryView):
    pass


class SurveyOpen(OrganisationView):
    required_role = Role.EDITOR
    template_name = "assurance/survey_open.html"

    def survey(self):
        return _get(self.scope.rows(Survey), self.kwargs["survey_pk"], Survey)

    def get(self, request, *args, **kwargs):
        survey = self.survey()
        form = forms.SurveyOpenForm(scope=self.scope)
        return self.render_to_response(self.get_context_data(survey=survey, form=form))

    def post(self, request, *args, **kwargs):
        survey = self.survey()
        form = forms.SurveyOpenForm(request.POST, scope=self.scope)
        if form.is_valid():
            try:
                services.survey_open(survey, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "The survey is open for answers")
                return HttpResponseRedirect(detail_url(self.scope, survey))
        return self.render_to_response(self.get_context_data(survey=survey, form=form), status=400)


def _save_answers(form, survey, by: services.Answerer, *, submit: bool) -> list[str]:
    """Save every answer given; submit when asked. Problems, one per question, for the page."""
    problems = []
    for question, choice, text, file in form.answers():
        try:
            services.survey_answer(question, by=by, choice=choice, text=text, file=file)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, f"Question {question.number}: {message}")
                problems.append(message)
    if submit and not problems:
        try:
            services.survey_submit(survey, by=by)
        except ValidationError as error:
            _add_errors(form, error)
            problems.extend(error.messages)
    return problems


class SurveyAnswerPage(OrganisationView):
    """Answer the survey as a signed-in member: staff of the organisation assessed (or the
    assessor entering answers it was given)."""

    required_role = Role.STAFF
    template_name = "assurance/survey_answer.html"

    def survey(self):
        rows = selectors.visible(self.scope, Survey).select_related("engagement")
        return _get(rows, self.kwargs["survey_pk"], Survey)

    def render_form(self, survey, form, status=200):
        context = self.get_context_data(
            survey=survey, form=form, back_url=detail_url(self.scope, survey)
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        survey = self.survey()
        form = forms.SurveyAnswerForm(scope=self.scope, sheet=selectors.survey_sheet(survey))
        return self.render_form(survey, form)

    def post(self, request, *args, **kwargs):
        survey = self.survey()
        sheet = selectors.survey_sheet(survey)
        form = forms.SurveyAnswerForm(request.POST, request.FILES, scope=self.scope, sheet=sheet)
        if form.is_valid():
            submit = "submit" in request.POST
            problems = _save_answers(
                form, survey, services.Answerer(user=request.user), submit=submit
            )
            if not problems:
                messages.success(request, "Survey submitted" if submit else "Answers saved")
                return HttpResponseRedirect(detail_url(self.scope, survey))
        return self.render_form(survey, form, status=400)


# --- Links for named contacts ----------------------------------------------------------------


class SurveyLinkCreate(OrganisationView):
    required_role = Role.EDITOR
    template_name = "assurance/surveylink_form.html"

    def survey(self):
        return _get(self.scope.rows(Survey), self.kwargs["survey_pk"], Survey)

    def get(self, request, *args, **kwargs):
        survey = self.survey()
        form = forms.SurveyLinkForm(scope=self.scope)
        return self.render_to_response(self.get_context_data(survey=survey, form=form))

    def post(self, request, *args, **kwargs):
        survey = self.survey()
        form = forms.SurveyLinkForm(request.POST, scope=self.scope)
        if form.is_valid():
            try:
                link, token = services.surveylink_create(
                    survey=survey, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                # The token is shown on this page only: it is not stored, so not shown again.
                address = request.build_absolute_uri(
                    reverse("assurance:survey-by-link", kwargs={"token": token})
                )
                context = self.get_context_data(survey=survey, link=link, address=address)
                response = render(request, "assurance/surveylink_created.html", context)
                response["Cache-Control"] = "no-store"
                return response
        context = self.get_context_data(survey=survey, form=form)
        return self.render_to_response(context, status=400)


class SurveyLinkPage(Child, Page):
    model = SurveyLink
    parent_field = "survey"
    select_related = ("survey",)


class SurveyLinkDetail(SurveyLinkPage, RegisterDetailView):
    rows_ = [
        Row("survey", "Survey"),
        Row("contact_name", "Contact"),
        Row("contact_role", "Role"),
        Row("contact_email", "Email"),
        Row("expires_at", "Expires"),
        Row("revoked_at", "Revoked"),
        Row("last_used_at", "Last used"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = False
        context["revoke_url"] = reverse(
            "assurance:surveylink-revoke",
            kwargs={"org_slug": self.scope.organisation.slug, "surveylink_pk": self.object.pk},
        )
        return context


class SurveyLinkHistory(SurveyLinkPage, RegisterHistoryView):
    pass


class SurveyLinkRevoke(OrganisationView):
    required_role = Role.EDITOR
    template_name = "assurance/surveylink_revoke.html"

    def link(self):
        return _get(self.scope.rows(SurveyLink), self.kwargs["surveylink_pk"], SurveyLink)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(link=self.link()))

    def post(self, request, *args, **kwargs):
        link = self.link()
        services.surveylink_revoke(link, actor=request.user)
        messages.success(request, f"The link for {link.contact_name} no longer works")
        return HttpResponseRedirect(detail_url(self.scope, link.survey))


REFUSALS = {
    None: (
        "This survey link does not work",
        "The link is not one we recognise. Check you copied all of it, or ask the person who "
        "sent it for a new one.",
    ),
    rules.LinkState.EXPIRED: (
        "This survey link has expired",
        "The link was only valid for a set time and that time has passed. Ask the person who "
        "sent it for a new link.",
    ),
    rules.LinkState.REVOKED: (
        "This survey link has been withdrawn",
        "The assessor has withdrawn this link, so it can no longer be used to see or change "
        "answers. Ask the person who sent it if you still need to answer.",
    ),
    rules.LinkState.SUBMITTED: (
        "This survey has already been submitted",
        "The answers have been sent to the assessor and can no longer be changed.",
    ),
}


class SurveyByLink(View):
    """The survey for a named contact with no account. A link that is unknown, expired,
    withdrawn or already used to submit is refused with its own page (410 Gone, or 404)."""

    def refuse(self, request, refused: services.LinkRefused):
        title, body = REFUSALS[refused.state]
        status = 404 if refused.state is None else 410
        response = render(
            request,
            "assurance/survey_link_refused.html",
            {"title": title, "body": body},
            status=status,
        )
        response["Cache-Control"] = "no-store"
        return response

    def page(self, request, link, form, status=200):
        response = render(
            request,
            "assurance/survey_by_link.html",
            {"link": link, "survey": link.survey, "form": form},
            status=status,
        )
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    def get(self, request, token):
        try:
            link = services.surveylink_resolve(token)
        except services.LinkRefused as refused:
            return self.refuse(request, refused)
        form = forms.SurveyAnswerForm(sheet=selectors.survey_sheet(link.survey))
        return self.page(request, link, form)

    def post(self, request, token):
        try:
            link = services.surveylink_resolve(token)
        except services.LinkRefused as refused:
            return self.refuse(request, refused)
        survey = link.survey
        sheet = selectors.survey_sheet(survey)
        form = forms.SurveyAnswerForm(request.POST, request.FILES, sheet=sheet)
        if form.is_valid():
            submit = "submit" in request.POST
            if not _save_answers(form, survey, services.Answerer(link=link), submit=submit):
                if submit:
                    return render(request, "assurance/survey_link_thanks.html", {"survey": survey})
                messages.success(request, "Answers saved. You can come back to this page.")
                return HttpResponseRedirect(request.path)
        return self.page(request, link, form, status=400)
