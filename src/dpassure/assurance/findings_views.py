"""Pages for evidence, live evidence, interviews, findings, recommendations, management
responses, ratings and the overall opinion — short declarations over the register toolkit.

The assessor's pages read ``Scope.rows``; pages the organisation assessed may also open read
:func:`.findings_selectors.visible`. Interviews, their notes and live evidence never have a
page the organisation can open.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect

from dpassure.assurance import evidence_services as es
from dpassure.assurance import findings_forms as forms
from dpassure.assurance import findings_selectors as selectors
from dpassure.assurance import findings_services as fs
from dpassure.assurance.models import (
    Engagement,
    EngagementEvidence,
    Finding,
    Interview,
    InterviewNote,
    LiveEvidence,
    ManagementResponse,
    Recommendation,
    ScopeRating,
)
from dpassure.assurance.pages import Child, ChildCreate, detail_url
from dpassure.core.documents import download_response
from dpassure.core.registers.columns import Row
from dpassure.core.registers.views import (
    RegisterArchiveView,
    RegisterDetailView,
    RegisterHistoryView,
    RegisterUpdateView,
)
from dpassure.core.roles import Role

LIVE = {"archived_at__isnull": True}


class BothSides:
    """Rows the organisation assessed may also read (once meant for it)."""

    def get_queryset(self):
        return selectors.visible(self.scope, self.model).select_related(*self.select_related)


def pages(base, *, detail_rows, form=None, update=None, archive=None, both_sides=False):
    """Detail, change, archive and history pages of one kind of row."""
    mixins = (BothSides, base) if both_sides else (base,)
    made = {"detail": type("Detail", (*mixins, RegisterDetailView), {"rows_": detail_rows})}
    if update:
        made["update"] = type(
            "Update", (base, RegisterUpdateView), {"form_class": form, "update_service": update}
        )
    if archive:
        made["archive"] = type("Archive", (base, RegisterArchiveView), {"archive_service": archive})
    made["history"] = type("History", (*mixins, RegisterHistoryView), {})
    return made


class EngagementChild(Child):
    parent_field = "engagement"
    select_related = ("engagement",)


class EngagementChildCreate(ChildCreate):
    parent_model = Engagement
    parent_field = "engagement"


# --- Uploaded evidence -----------------------------------------------------------------------


class EvidencePage(EngagementChild):
    model = EngagementEvidence


class EvidenceCreate(EngagementChildCreate):
    model = EngagementEvidence
    form_class = forms.EvidenceForm
    create_service = es.evidence_create
    title = "Add an evidence document"


EVIDENCE = pages(
    EvidencePage,
    detail_rows=[
        Row("title", "Title"),
        Row("document_date", "Date of the document"),
        Row("file_name", "File"),
        Row("content_type", "Type (found in its content)"),
        Row("size", "Size (bytes)"),
        Row("sha256", "SHA-256"),
        Row("uploaded_by", "Uploaded by"),
    ],
    form=forms.EvidenceForm,
    update=es.evidence_update,
    archive=es.evidence_archive,
    both_sides=True,
)


class EvidenceDownload(BothSides, EvidencePage, RegisterDetailView):
    """The file, only ever as an attachment with the type found in its content."""

    def get(self, request, *args, **kwargs):
        item = self.get_object()
        with item.file.open("rb") as handle:
            content = handle.read()
        return download_response(content, content_type=item.content_type, filename=item.file_name)


# --- Live evidence ---------------------------------------------------------------------------


class LiveEvidencePage(EngagementChild):
    model = LiveEvidence
    select_related = ("engagement", "control", "taken_by")


class LiveEvidenceTake(EngagementChildCreate):
    model = LiveEvidence
    form_class = forms.LiveEvidenceForm
    title = "Take live evidence from the organisation's registers"

    def get_form(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, instance=instance, scope=self.scope)

    def save(self, form):
        data = form.cleaned_data
        return es.live_evidence_take(
            organisation=self.scope.organisation,
            actor=self.request.user,
            engagement=self.parent,
            control=data["control"],
            metric=data["metric"],
            on=data["on"],
            course=data.get("course"),
        )


LIVE_EVIDENCE = pages(
    LiveEvidencePage,
    detail_rows=[
        Row("control", "Evidence for"),
        Row("taken_at", "Taken"),
        Row("taken_by", "Taken by"),
        Row("source", "Source"),
    ],
    archive=es.live_evidence_archive,
)


# --- Interviews and notes --------------------------------------------------------------------


class InterviewPage(EngagementChild):
    model = Interview


class InterviewCreate(EngagementChildCreate):
    model = Interview
    form_class = forms.InterviewForm
    create_service = es.interview_create
    title = "Record an interview"


INTERVIEW = pages(
    InterviewPage,
    detail_rows=[
        Row("interviewee_role", "Role of the person interviewed"),
        Row("held_at", "When"),
        Row("mode", "On site or remote"),
        Row("summary", "Summary"),
    ],
    form=forms.InterviewForm,
    update=es.interview_update,
    archive=es.interview_archive,
)


class NotePage(Child):
    model = InterviewNote
    parent_field = "interview"
    select_related = ("interview", "control")


class NoteCreate(ChildCreate):
    model = InterviewNote
    parent_model = Interview
    parent_field = "interview"
    form_class = forms.InterviewNoteForm
    create_service = es.interview_note_create
    title = "Add a note against a control"


NOTE = pages(
    NotePage,
    detail_rows=[Row("control", "Control"), Row("note", "Note")],
    form=forms.InterviewNoteForm,
    update=es.interview_note_update,
    archive=es.interview_note_archive,
)


# --- Findings and recommendations ------------------------------------------------------------


class FindingPage(EngagementChild):
    model = Finding
    select_related = ("engagement", "control", "control__scope_area")


class FindingCreate(EngagementChildCreate):
    model = Finding
    form_class = forms.FindingForm
    create_service = fs.finding_create
    title = "Record a finding"


FINDING = pages(
    FindingPage,
    detail_rows=[
        Row("control", "Control"),
        Row("control.scope_area", "Scope area"),
        Row("kind", "Kind"),
        Row("text", "Finding"),
        Row("evidence_references", "Other evidence"),
    ],
    form=forms.FindingForm,
    update=fs.finding_update,
    archive=fs.finding_archive,
    both_sides=True,
)


class RecommendationPage(Child):
    model = Recommendation
    parent_field = "finding"
    select_related = ("finding", "engagement")


class RecommendationCreate(ChildCreate):
    model = Recommendation
    parent_model = Finding
    parent_field = "finding"
    form_class = forms.RecommendationForm
    create_service = fs.recommendation_create
    title = "Make a recommendation"

    def get_instance(self):
        instance = super().get_instance()
        instance.engagement = self.parent.engagement
        return instance


RECOMMENDATION = pages(
    RecommendationPage,
    detail_rows=[
        Row("number", "Number"),
        Row("priority", "Priority"),
        Row("text", "Recommendation"),
        Row("owner", "Owner at the organisation"),
        Row("target_date", "Target date"),
    ],
    form=forms.RecommendationForm,
    update=fs.recommendation_update,
    archive=fs.recommendation_archive,
    both_sides=True,
)


class RecommendationRespond(BothSides, RecommendationPage, RegisterUpdateView):
    """The organisation assessed gives (or changes) its management response here, while the
    draft is with it. The assessor sees the page read-only."""

    required_role = Role.VIEWER
    template_suffix = "respond"
    form_class = forms.ManagementResponseForm

    def response(self):
        return ManagementResponse.objects.filter(recommendation=self.object).first()

    def get_form(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, instance=self.response(), scope=self.scope)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        engagement = self.object.engagement
        context.update(
            title=f"Management response to {self.object}",
            may_respond=self._may_respond(),
            engagement=engagement,
            response=self.response(),
            cancel_url=detail_url(self.scope, self.object),
        )
        return context

    def _may_respond(self) -> bool:
        return (
            self.object.subject_id == self.scope.organisation.pk
            and self.scope.can(Role.EDITOR)
            and self.object.engagement.stage == fs.SHARED_FROM
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.subject_id != self.scope.organisation.pk:
            raise PermissionDenied("Only the organisation assessed gives a management response.")
        self.scope.require(Role.EDITOR)
        return super().post(request, *args, **kwargs)

    def save(self, form):
        data = {name: form.cleaned_data[name] for name in form.fields}
        existing = self.response()
        if existing is None:
            fs.management_response_create(
                organisation=self.scope.organisation,
                actor=self.request.user,
                recommendation=self.object,
                **data,
            )
        else:
            fs.management_response_update(
                existing, actor=self.request.user, organisation=self.scope.organisation, **data
            )
        return self.object

    def success_message(self, saved) -> str:
        return f"Management response to {saved} saved"


# --- Ratings and the overall opinion ---------------------------------------------------------


class RatingPage(EngagementChild):
    model = ScopeRating
    select_related = ("engagement", "scope_area")


class RatingCreate(EngagementChildCreate):
    model = ScopeRating
    form_class = forms.ScopeRatingForm
    create_service = fs.scope_rating_create
    title = "Rate a scope area"


RATING = pages(
    RatingPage,
    detail_rows=[
        Row("scope_area", "Scope area"),
        Row("rating", "Assurance rating"),
        Row("opinion", "Opinion"),
    ],
    form=forms.ScopeRatingForm,
    update=fs.scope_rating_update,
    archive=fs.scope_rating_archive,
    both_sides=True,
)


class OpinionSet(EngagementChildCreate):
    """The overall assurance rating and opinion of an engagement."""

    model = Engagement
    form_class = forms.OpinionForm
    title = "Overall assurance rating and opinion"
    template_suffix = "opinion"

    def get_instance(self):
        try:
            self.parent = self.scope.rows(Engagement).get(pk=self.kwargs["engagement_pk"], **LIVE)
        except (Engagement.DoesNotExist, ValueError):
            raise Http404("No such engagement.") from None
        return self.parent

    def get_form(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        initial = {
            "overall_rating": instance.overall_rating,
            "overall_opinion": instance.overall_opinion,
        }
        return self.form_class(data, initial=initial, scope=self.scope)

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.get_form(instance)
        if form.is_valid():
            try:
                fs.engagement_opinion_set(instance, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Overall opinion saved")
                return HttpResponseRedirect(detail_url(self.scope, instance))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panel"] = selectors.engagement_panel(self.scope, self.parent)
        return context
