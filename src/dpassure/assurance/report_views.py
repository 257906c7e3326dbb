"""Pages of the report (the draft, issuing, issued versions and their files), follow-up grades
and the tracked actions list."""

from __future__ import annotations

import enum

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect

from dpassure.assurance import findings_forms as forms
from dpassure.assurance import findings_selectors as selectors
from dpassure.assurance import followup_services as fus
from dpassure.assurance import report, report_render, report_services
from dpassure.assurance.findings_views import (
    BothSides,
    EngagementChild,
    EngagementChildCreate,
    pages,
)
from dpassure.assurance.models import Engagement, EngagementReport, FollowUpGrade
from dpassure.assurance.pages import detail_url
from dpassure.core import clock
from dpassure.core.audit import Change, Entry, _who
from dpassure.core.documents import DOCX_MIMETYPE, PDF_MIMETYPE, download_response
from dpassure.core.registers.columns import Row, as_text
from dpassure.core.registers.two_sided import is_assessor
from dpassure.core.registers.views import OrganisationView, RegisterDetailView
from dpassure.core.roles import Role

LIVE = {"archived_at__isnull": True}


class DocumentFormat(enum.StrEnum):
    PDF = "pdf"
    DOCX = "docx"


def _format(request) -> DocumentFormat:
    try:
        return DocumentFormat(request.GET.get("format", "pdf"))
    except ValueError:
        raise Http404("Choose the format of the report: pdf or docx.") from None


class DraftEngagement(OrganisationView):
    """An engagement's draft: the assessor's at any stage, the organisation's once shared."""

    model = Engagement

    def get_object(self) -> Engagement:
        rows = self.scope.rows(Engagement) | self.scope.rows_about(Engagement).filter(
            stage__in=selectors.SHARED
        )
        try:
            return rows.select_related("organisation", "subject").get(
                pk=self.kwargs["engagement_pk"], **LIVE
            )
        except (Engagement.DoesNotExist, ValueError):
            raise Http404("No such engagement.") from None


class ReportDraft(DraftEngagement):
    """Preview the report built from the records; the assessor issues it from here."""

    template_name = "assurance/report_draft.html"

    def get(self, request, *args, **kwargs):
        engagement = self.get_object()
        form = forms.IssueForm(initial={"issued_on": clock.today()}, scope=self.scope)
        return self.render_to_response(self.context(engagement, form))

    def post(self, request, *args, **kwargs):
        engagement = self.get_object()
        if not is_assessor(self.scope, engagement):
            raise Http404("No such engagement.")
        self.scope.require(Role.EDITOR)
        form = forms.IssueForm(request.POST, scope=self.scope)
        if form.is_valid():
            try:
                issued = report_services.report_issue(
                    engagement, actor=request.user, issued_on=form.cleaned_data["issued_on"]
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, f"{issued} issued — the organisation can now read it")
                return HttpResponseRedirect(detail_url(self.scope, issued))
        return self.render_to_response(self.context(engagement, form), status=400)

    def context(self, engagement, form):
        assessor = is_assessor(self.scope, engagement)
        return self.get_context_data(
            engagement=engagement,
            form=form,
            is_assessor=assessor,
            can_issue=assessor and self.scope.can(Role.EDITOR),
            preview=report.engagement_report(engagement),
            problems=report_services.issue_problems(engagement) if assessor else [],
            detail_url=detail_url(self.scope, engagement),
        )


class DraftDownload(DraftEngagement):
    """The draft as it stands now, marked as a draft on every page."""

    def get(self, request, *args, **kwargs):
        fmt = _format(request)
        engagement = self.get_object()
        content = report.engagement_report(engagement)
        data, kind = (
            (report_render.render_pdf(content), PDF_MIMETYPE)
            if fmt is DocumentFormat.PDF
            else (report_render.render_docx(content), DOCX_MIMETYPE)
        )
        return download_response(
            data, content_type=kind, filename=f"assurance-report-draft-{engagement.pk}.{fmt}"
        )


class ReportPage(BothSides, EngagementChild):
    model = EngagementReport
    select_related = ("engagement", "issued_by")

    def get_queryset(self):
        return super().get_queryset().defer("pdf", "docx")


REPORT = pages(
    ReportPage,
    detail_rows=[
        Row("version", "Version"),
        Row("status", "Status"),
        Row("issued_on", "Date issued"),
        Row("issued_by", "Issued by"),
        Row("sha256", "SHA-256 of the PDF"),
        Row("docx_sha256", "SHA-256 of the Word document"),
    ],
)
HIDDEN_IN_TRAIL = {"id", "pdf", "docx", "content", "created_at", "updated_at", "organisation"}


class ReportHistory(EngagementChild, RegisterDetailView):
    """The audit trail of an issued report (the assessor's): it is created once and never
    changed. The files are not in the trail; their hashes are."""

    model = EngagementReport
    template_suffix = "history"

    def get_queryset(self):
        return self.scope.rows(EngagementReport).defer("pdf", "docx")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = [f for f in EngagementReport._meta.fields if f.name not in HIDDEN_IN_TRAIL]
        context["entries"] = [
            Entry(
                when=version.history_date,
                who=_who(version.history_user),
                action="Issued",
                reason=version.history_change_reason or "",
                changes=[
                    Change(
                        str(f.verbose_name).capitalize(), "", as_text(getattr(self.object, f.name))
                    )
                    for f in shown
                ],
            )
            for version in self.object.history.select_related("history_user").order_by(
                "history_date"
            )
        ]
        return context


REPORT["history"] = ReportHistory


class ReportDownload(ReportPage, RegisterDetailView):
    """The file exactly as issued (``?format=pdf``, the default, or ``?format=docx``)."""

    def get(self, request, *args, **kwargs):
        fmt = _format(request)
        issued = self.get_object()
        row = EngagementReport.objects.only(fmt).get(pk=issued.pk)
        kind = PDF_MIMETYPE if fmt is DocumentFormat.PDF else DOCX_MIMETYPE
        stem = f"assurance-report-{issued.issued_on:%Y-%m-%d}-v{issued.version}"
        return download_response(
            bytes(getattr(row, fmt)), content_type=kind, filename=f"{stem}.{fmt}"
        )


# --- Follow-up grades ------------------------------------------------------------------------


class GradePage(EngagementChild):
    model = FollowUpGrade
    select_related = ("engagement", "recommendation")


class GradeCreate(EngagementChildCreate):
    model = FollowUpGrade
    form_class = forms.FollowUpGradeForm
    create_service = fus.grade_create
    title = "Grade a recommendation"


GRADE = pages(
    GradePage,
    detail_rows=[
        Row("recommendation", "Recommendation"),
        Row("recommendation.text", "What was recommended"),
        Row("recommendation.priority", "Priority"),
        Row("status", "Grade"),
        Row("evidence", "Evidence seen"),
        Row("graded_on", "Date graded"),
    ],
    form=forms.FollowUpGradeForm,
    update=fus.grade_update,
    archive=fus.grade_archive,
    both_sides=True,
)


class TrackedActions(OrganisationView):
    """Recommendations of issued reports as tracked actions, with progress by priority."""

    template_name = "assurance/tracked_actions.html"

    def get(self, request, *args, **kwargs):
        actions = selectors.tracked_actions(self.scope)
        return self.render_to_response(
            self.get_context_data(actions=actions, progress=selectors.tracked_progress(actions))
        )
