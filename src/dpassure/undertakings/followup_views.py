"""Pages of a follow-up (the assessor's only, until its report is issued): the evidence
reviewed, the verdicts, breaches since the undertaking, live snapshots, issuing the report; and
the issued reports, which the organisation followed up also reads and downloads."""

from __future__ import annotations

import enum

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect

from dpassure.core import clock
from dpassure.core.audit import Change, Entry, _who
from dpassure.core.documents import DOCX_MIMETYPE, PDF_MIMETYPE, download_response
from dpassure.core.registers.columns import Row, as_text
from dpassure.core.registers.views import (
    OrganisationView,
    RegisterArchiveView,
    RegisterDetailView,
    RegisterHistoryView,
    RegisterUpdateView,
)
from dpassure.core.roles import Role
from dpassure.undertakings import followup_services as fs
from dpassure.undertakings import forms, report, services
from dpassure.undertakings.choices import VERDICT_COLOURS
from dpassure.undertakings.models import (
    EvidenceItem,
    FollowUp,
    IssuedReport,
    LiveSnapshot,
    RequirementVerdict,
    SubsequentBreach,
    Undertaking,
)
from dpassure.undertakings.pages import BothSides, Child, ChildCreate, detail_url

LIVE = {"archived_at__isnull": True}


class FollowUpCreate(ChildCreate):
    model = FollowUp
    parent_model = Undertaking
    parent_field = "undertaking"
    form_class = forms.FollowUpForm
    create_service = services.follow_up_create
    title = "Record a follow-up assessment"


class FollowUpPage(Child):
    model = FollowUp
    parent_field = "undertaking"
    select_related = ("undertaking",)


class FollowUpDetail(FollowUpPage, RegisterDetailView):
    rows_ = [
        Row("assessed_on", "Date of the assessment"),
        Row("method", "Method"),
        Row("summary", "Summary"),
        Row("conclusion", "Conclusion"),
        Row("referred_to_enforcement", "Referred to enforcement"),
        Row("referred_on", "Date referred"),
        Row("referral_note", "Referral note"),
        Row("internal_notes", "Internal notes"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        follow_up = self.object
        verdicts = {
            v.requirement_id: v
            for v in follow_up.verdicts.filter(**LIVE).select_related("requirement")
        }
        context.update(
            evidence=follow_up.evidence.filter(**LIVE),
            snapshots=follow_up.snapshots.filter(**LIVE),
            breaches=follow_up.subsequent_breaches.filter(**LIVE).select_related("incident"),
            reports=follow_up.reports.filter(**LIVE).defer("pdf", "docx"),
            judged=[
                (
                    r,
                    verdicts.get(r.pk),
                    VERDICT_COLOURS.get(getattr(verdicts.get(r.pk), "verdict", None), ""),
                )
                for r in services.action_requirements(follow_up.undertaking)
            ],
            undertaking=follow_up.undertaking,
        )
        return context


class FollowUpUpdate(FollowUpPage, RegisterUpdateView):
    form_class = forms.FollowUpForm
    update_service = services.follow_up_update


class FollowUpArchive(FollowUpPage, RegisterArchiveView):
    archive_service = services.follow_up_archive


class FollowUpHistory(FollowUpPage, RegisterHistoryView):
    pass


# --- Evidence reviewed -----------------------------------------------------------------------


class FollowUpChildCreate(ChildCreate):
    parent_model = FollowUp
    parent_field = "follow_up"


class EvidenceItemCreate(FollowUpChildCreate):
    model = EvidenceItem
    form_class = forms.EvidenceItemForm
    create_service = fs.evidence_item_create
    title = "Add evidence reviewed"


class EvidencePage(Child):
    model = EvidenceItem
    parent_field = "follow_up"
    select_related = ("follow_up",)


class EvidenceItemDetail(EvidencePage, RegisterDetailView):
    rows_ = [
        Row("title", "Title"),
        Row("received_on", "Date received"),
        Row("file_name", "File"),
        Row("content_type", "Type"),
        Row("size", "Size (bytes)"),
        Row("sha256", "SHA-256"),
    ]


class EvidenceItemUpdate(EvidencePage, RegisterUpdateView):
    form_class = forms.EvidenceItemForm
    update_service = fs.evidence_item_update


class EvidenceItemArchive(EvidencePage, RegisterArchiveView):
    archive_service = fs.evidence_item_archive


class EvidenceItemHistory(EvidencePage, RegisterHistoryView):
    pass


class EvidenceDownload(EvidencePage, RegisterDetailView):
    """The uploaded file, only ever as an attachment with the type found in its content."""

    def get(self, request, *args, **kwargs):
        item = self.get_object()
        if not item.file:
            raise Http404("No file was uploaded for this evidence.")
        with item.file.open("rb") as handle:
            content = handle.read()
        return download_response(content, content_type=item.content_type, filename=item.file_name)


# --- Verdicts --------------------------------------------------------------------------------


class VerdictCreate(FollowUpChildCreate):
    model = RequirementVerdict
    form_class = forms.VerdictForm
    create_service = services.verdict_create
    title = "Give a verdict on a requirement"

    def get_form(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        judged = self.parent.verdicts.filter(**LIVE).values_list("requirement_id", flat=True)
        open_ = services.action_requirements(self.parent.undertaking).exclude(pk__in=judged)
        form = self.form_class(data, instance=instance, scope=self.scope, requirements=open_)
        wanted = self.request.GET.get("requirement")
        if data is None and wanted and wanted.isdigit():
            form.initial["requirement"] = int(wanted)
        return form


class VerdictPage(Child):
    model = RequirementVerdict
    parent_field = "follow_up"
    select_related = ("follow_up", "requirement")


class VerdictDetail(VerdictPage, RegisterDetailView):
    rows_ = [
        Row("requirement", "Requirement"),
        Row("requirement.text", "What the organisation undertook to do"),
        Row("verdict", "Verdict"),
        Row("findings", "Findings"),
    ]


class VerdictUpdate(VerdictPage, RegisterUpdateView):
    form_class = forms.VerdictForm
    update_service = services.verdict_update


class VerdictArchive(VerdictPage, RegisterArchiveView):
    archive_service = services.verdict_archive


class VerdictHistory(VerdictPage, RegisterHistoryView):
    pass


# --- Breaches since the undertaking ----------------------------------------------------------


class BreachForms:
    def get_form(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        follow_up = getattr(self, "parent", None) or instance.follow_up
        return self.form_class(
            data,
            instance=instance,
            scope=self.scope,
            incidents=fs.reportable_incidents(follow_up),
        )


class SubsequentBreachCreate(BreachForms, FollowUpChildCreate):
    model = SubsequentBreach
    form_class = forms.SubsequentBreachForm
    create_service = fs.subsequent_breach_create
    title = "Record a breach since the undertaking"


class BreachPage(Child):
    model = SubsequentBreach
    parent_field = "follow_up"
    select_related = ("follow_up", "incident")


class SubsequentBreachDetail(BreachPage, RegisterDetailView):
    rows_ = [
        Row("incident", "From the incident register"),
        Row("description", "Description"),
        Row("occurred_on", "Date reported"),
    ]


class SubsequentBreachUpdate(BreachForms, BreachPage, RegisterUpdateView):
    form_class = forms.SubsequentBreachForm
    update_service = fs.subsequent_breach_update


class SubsequentBreachArchive(BreachPage, RegisterArchiveView):
    archive_service = fs.subsequent_breach_archive


class SubsequentBreachHistory(BreachPage, RegisterHistoryView):
    pass


# --- Live snapshots --------------------------------------------------------------------------


class SnapshotPage(Child):
    model = LiveSnapshot
    parent_field = "undertaking"
    select_related = ("undertaking", "follow_up", "requirement", "taken_by")

    def list_url(self) -> str:
        snapshot = self.object
        return detail_url(self.scope, snapshot.follow_up or snapshot.undertaking)


class LiveSnapshotDetail(SnapshotPage, RegisterDetailView):
    rows_ = [
        Row("taken_at", "Taken"),
        Row("taken_by", "Taken by"),
        Row("source", "Source"),
        Row("requirement", "Evidence for"),
    ]


class LiveSnapshotArchive(SnapshotPage, RegisterArchiveView):
    archive_service = services.snapshot_archive


class LiveSnapshotHistory(SnapshotPage, RegisterHistoryView):
    pass


class TrainingSnapshotTake(FollowUpChildCreate):
    """Attach the organisation's live training report (completion by department) as evidence."""

    model = LiveSnapshot
    form_class = forms.TrainingSnapshotForm
    title = "Attach the organisation's training report"

    def courses(self):
        from dpassure.training.models import Course

        return Course.objects.filter(organisation=self.parent.subject, archived_at__isnull=True)

    def get_form(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        form = self.form_class(data, scope=self.scope, courses=self.courses())
        if data is None:
            form.initial["on"] = self.parent.assessed_on
        return form

    def save(self, form):
        course = self.courses().get(pk=form.cleaned_data["course"])
        return services.training_snapshot_take(
            undertaking_or_followup=self.parent,
            course=course,
            on=form.cleaned_data["on"],
            actor=self.request.user,
        )


# --- Issuing and issued reports --------------------------------------------------------------


class FollowUpIssue(OrganisationView):
    """Preview the report built from the records and issue it (version n+1)."""

    model = FollowUp
    required_role = Role.EDITOR
    template_name = "undertakings/followup_issue.html"

    def get_object(self) -> FollowUp:
        try:
            return (
                self.scope.rows(FollowUp)
                .select_related("undertaking", "undertaking__subject", "organisation")
                .get(pk=self.kwargs["followup_pk"], **LIVE)
            )
        except (FollowUp.DoesNotExist, ValueError):
            raise Http404("No such follow-up.") from None

    def get(self, request, *args, **kwargs):
        follow_up = self.get_object()
        form = forms.IssueForm(initial={"issued_on": clock.today()}, scope=self.scope)
        return self.render_to_response(self.context(follow_up, form))

    def post(self, request, *args, **kwargs):
        follow_up = self.get_object()
        form = forms.IssueForm(request.POST, scope=self.scope)
        if form.is_valid():
            try:
                issued = fs.follow_up_issue(
                    follow_up, actor=request.user, issued_on=form.cleaned_data["issued_on"]
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, f"{issued} — the organisation can now read it")
                return HttpResponseRedirect(detail_url(self.scope, issued))
        return self.render_to_response(self.context(follow_up, form), status=400)

    def context(self, follow_up, form):
        issued_on = clock.today()
        return self.get_context_data(
            object=follow_up,
            form=form,
            preview=report.follow_up_report(follow_up, issued_on=issued_on),
            problems=fs.issue_problems(follow_up),
            detail_url=detail_url(self.scope, follow_up),
        )


class IssuedReportPage(Child, BothSides):
    model = IssuedReport
    parent_field = "undertaking"
    select_related = ("undertaking", "follow_up", "issued_by")

    def get_queryset(self):
        return super().get_queryset().defer("pdf", "docx")


class IssuedReportDetail(IssuedReportPage, RegisterDetailView):
    rows_ = [
        Row("version", "Version"),
        Row("issued_on", "Date issued"),
        Row("issued_by", "Issued by"),
        Row("sha256", "SHA-256 of the PDF"),
        Row("docx_sha256", "SHA-256 of the Word document"),
    ]


class IssuedReportHistory(Child, RegisterDetailView):
    """The audit trail of an issued report (the assessor's): the one version it ever has, as
    it was created. The files themselves are not in the trail; their hashes are."""

    model = IssuedReport
    parent_field = "undertaking"
    template_suffix = "history"

    def get_queryset(self):
        return self.scope.rows(IssuedReport).defer("pdf", "docx")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report_ = self.object
        shown = [f for f in IssuedReport._meta.fields if f.name not in HIDDEN_IN_TRAIL]
        context["entries"] = [
            Entry(
                when=version.history_date,
                who=_who(version.history_user),
                action="Issued",
                reason=version.history_change_reason or "",
                changes=[
                    Change(str(f.verbose_name).capitalize(), "", as_text(getattr(report_, f.name)))
                    for f in shown
                ],
            )
            for version in report_.history.select_related("history_user").order_by("history_date")
        ]
        return context


HIDDEN_IN_TRAIL = {"id", "pdf", "docx", "created_at", "updated_at", "organisation", "subject"}


class DocumentFormat(enum.StrEnum):
    PDF = "pdf"
    DOCX = "docx"


class IssuedReportDownload(Child, BothSides, RegisterDetailView):
    """The file exactly as issued (``?format=pdf``, the default, or ``?format=docx``)."""

    model = IssuedReport
    parent_field = "undertaking"

    def get(self, request, *args, **kwargs):
        try:
            fmt = DocumentFormat(request.GET.get("format", "pdf"))
        except ValueError:
            raise Http404("Choose the format of the report: pdf or docx.") from None
        issued = self.get_object()
        content, content_type = (
            (issued.pdf, PDF_MIMETYPE)
            if fmt is DocumentFormat.PDF
            else (issued.docx, DOCX_MIMETYPE)
        )
        return download_response(
            bytes(content), content_type=content_type, filename=f"{issued.filename_stem}.{fmt}"
        )
