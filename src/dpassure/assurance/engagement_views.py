"""Pages for frameworks, sector projects, their invitations, engagements and evidence requests.
Survey pages are in :mod:`.survey_views`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect

from dpassure.assurance import engagement_filters as filters
from dpassure.assurance import engagement_forms as forms
from dpassure.assurance import engagement_services as services
from dpassure.assurance import selectors
from dpassure.assurance.findings_selectors import engagement_panel
from dpassure.assurance.models import (
    Engagement,
    EvidenceRequest,
    Framework,
    ProjectInvitation,
    SectorProject,
    Survey,
)
from dpassure.assurance.pages import BothSides, Child, ChildCreate, Page, detail_url
from dpassure.core import clock
from dpassure.core.registers.columns import Column, Row
from dpassure.core.registers.two_sided import is_assessor
from dpassure.core.registers.views import (
    OrganisationView,
    RegisterArchiveView,
    RegisterCreateView,
    RegisterDetailView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
    _add_errors,
)
from dpassure.core.roles import Role
from dpassure.rules import assurance as rules


class Home(OrganisationView):
    """For an assessor, its projects and engagements; for an organisation assessed, its
    engagements, open surveys and evidence requests. An organisation may be both."""

    template_name = "assurance/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            board=selectors.assessor_board(self.scope), ours=selectors.about_us(self.scope)
        )
        return context


class FrameworkList(OrganisationView):
    """The frameworks loaded, and one framework's areas, controls and mappings (``?framework=``)."""

    template_name = "assurance/framework_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["frameworks"] = Framework.objects.order_by("title", "-version")
        chosen = self.request.GET.get("framework", "")
        if chosen.isdigit():
            framework = Framework.objects.filter(pk=chosen).first()
            if framework is None:
                raise Http404("No such framework.")
            context["framework"] = framework
            context["areas"] = [
                (area, area.controls.prefetch_related("mappings__framework").order_by("position"))
                for area in framework.scope_areas.order_by("position")
            ]
        return context


# --- Sector projects -------------------------------------------------------------------------


class SectorProjectList(Page, RegisterListView):
    model = SectorProject
    filterset_class = filters.SectorProjectFilter
    select_related = ("framework",)
    columns = [
        Column("title", "Project", sort="title"),
        Column("framework", "Framework"),
        Column("starts_on", "Starts", sort="starts_on"),
        Column("survey_closes_on", "Surveys due back"),
        Column("completed_on", "Completed"),
    ]
    default_sort = ("-starts_on", "-id")
    create_label = "Start a sector project"


PROJECT_ROWS = [
    Row("framework", "Framework"),
    Row("description", "Description"),
    Row("starts_on", "Project starts"),
    Row("invitations_sent_on", "Invitations sent"),
    Row("survey_closes_on", "Surveys due back"),
    Row("fieldwork_from", "Visits and teleconferences from"),
    Row("fieldwork_to", "Visits and teleconferences to"),
    Row("report_due_on", "Overview report due"),
    Row("completed_on", "Completed"),
]


class SectorProjectDetail(Page, RegisterDetailView):
    model = SectorProject
    select_related = ("framework",)
    rows_ = PROJECT_ROWS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        context["areas"] = project.scope_areas.order_by("position")
        invitations = project.invitations.filter(archived_at__isnull=True).select_related("subject")
        context["invitations"] = invitations
        context["responses"] = {
            label: sum(1 for i in invitations if i.response == value)
            for value, label in ProjectInvitation._meta.get_field("response").choices
        }
        context["engagements"] = project.engagements.filter(
            archived_at__isnull=True
        ).select_related("subject")
        return context


class SectorProjectCreate(Page, RegisterCreateView):
    model = SectorProject
    form_class = forms.SectorProjectForm
    create_service = services.sectorproject_create


class SectorProjectUpdate(Page, RegisterUpdateView):
    model = SectorProject
    form_class = forms.SectorProjectForm
    update_service = services.sectorproject_update


class SectorProjectArchive(Page, RegisterArchiveView):
    model = SectorProject
    archive_service = services.sectorproject_archive


class SectorProjectHistory(Page, RegisterHistoryView):
    model = SectorProject


# --- Invitations -----------------------------------------------------------------------------


class ProjectInvitationCreate(ChildCreate):
    model = ProjectInvitation
    parent_model = SectorProject
    parent_field = "project"
    form_class = forms.ProjectInvitationForm
    create_service = services.projectinvitation_create
    title = "Invite an organisation"

    def get_form(self, instance):
        form = super().get_form(instance)
        if not form.is_bound:
            form.initial.setdefault("invited_on", self.parent.invitations_sent_on or clock.today())
        return form


INVITATION_ROWS = [
    Row("project", "Sector project"),
    Row("subject", "Organisation invited"),
    Row("invited_on", "Invited"),
    Row("contact_name", "Contact"),
    Row("contact_email", "Contact's email"),
    Row("response", "Response"),
    Row("responded_on", "Responded"),
    Row("preferred_kind", "Engagement preferred"),
    Row("notes", "Notes"),
]


class InvitationPage(Child, BothSides):
    model = ProjectInvitation
    parent_field = "project"
    select_related = ("project", "subject")

    def list_url(self) -> str:
        if is_assessor(self.scope, self.object):
            return super().list_url()
        return self.url("home")


class ProjectInvitationDetail(InvitationPage, RegisterDetailView):
    rows_ = INVITATION_ROWS


class ProjectInvitationUpdate(InvitationPage, RegisterUpdateView):
    form_class = forms.ProjectInvitationForm
    update_service = services.projectinvitation_update

    def get_queryset(self):
        return self.scope.rows(self.model).select_related(*self.select_related)


class ProjectInvitationArchive(InvitationPage, RegisterArchiveView):
    archive_service = services.projectinvitation_archive

    def get_queryset(self):
        return self.scope.rows(self.model).select_related(*self.select_related)


class ProjectInvitationHistory(InvitationPage, RegisterHistoryView):
    pass


# --- Engagements -----------------------------------------------------------------------------


class EngagementList(BothSides, RegisterListView):
    model = Engagement
    filterset_class = filters.EngagementFilter
    select_related = ("organisation", "subject", "project")
    columns = [
        Column("title", "Engagement", sort="title"),
        Column("subject", "Organisation assessed"),
        Column("organisation", "Assessor"),
        Column("kind", "Kind", sort="kind"),
        Column("stage", "Stage", sort="stage"),
    ]
    default_sort = ("-created_at", "-id")
    create_label = "Start an engagement"


ENGAGEMENT_ROWS = [
    Row("subject", "Organisation assessed"),
    Row("organisation", "Assessor"),
    Row("project", "Sector project"),
    Row("framework", "Framework"),
    Row("kind", "Kind"),
    Row("stage", "Stage"),
    Row("subject_contact_name", "Organisation's contact"),
    Row("follows_up", "Follows up"),
]


class EngagementDetail(BothSides, RegisterDetailView):
    model = Engagement
    select_related = ("organisation", "subject", "project", "framework", "follows_up")
    rows_ = ENGAGEMENT_ROWS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        engagement = self.object
        if context["is_assessor"]:
            assessors = ", ".join(
                u.get_full_name() or u.username for u in engagement.assessors.all()
            )
            context["summary"].append(("Assessors", assessors))
            context["summary"].append(("Internal notes", engagement.internal_notes))
        live = {"archived_at__isnull": True}
        stages = {s.stage: s for s in engagement.stages.filter(**live)}
        labels = dict(Engagement._meta.get_field("stage").choices)
        context["stages"] = [
            {"label": labels[s], "row": stages.get(s.value), "current": s == engagement.stage}
            for s in rules.stages_for(engagement.kind)
        ]
        context["next_stage"] = rules.next_stage(engagement.kind, engagement.stage)
        context["areas"] = engagement.scope_areas.order_by("position")
        survey = selectors.visible(self.scope, Survey).filter(engagement=engagement, **live).first()
        context["survey"] = survey
        context["requests"] = selectors.visible(self.scope, EvidenceRequest).filter(
            engagement=engagement, **live
        )
        context["can_run"] = context["is_assessor"] and self.scope.can(Role.EDITOR)
        context["engagement"] = engagement
        context["findings_panel"] = engagement_panel(self.scope, engagement)
        return context


class EngagementCreate(Page, RegisterCreateView):
    model = Engagement
    form_class = forms.EngagementForm
    create_service = services.engagement_create


class EngagementUpdate(Page, RegisterUpdateView):
    model = Engagement
    form_class = forms.EngagementForm
    update_service = services.engagement_update


class EngagementArchive(Page, RegisterArchiveView):
    model = Engagement
    archive_service = services.engagement_archive


class EngagementHistory(Page, RegisterHistoryView):
    model = Engagement


class EngagementAdvance(Page, RegisterDetailView):
    """Move the engagement on to its next stage, dated."""

    model = Engagement
    required_role = Role.EDITOR
    template_name = "assurance/engagement_advance.html"

    def get_object(self):
        try:
            return self.scope.rows(Engagement).get(pk=self.kwargs["engagement_pk"])
        except (Engagement.DoesNotExist, ValueError):
            raise Http404("No such engagement.") from None

    def get_template_names(self):
        return [self.template_name]

    def form(self):
        data = self.request.POST if self.request.method == "POST" else None
        form = forms.EngagementAdvanceForm(data, engagement=self.object, scope=self.scope)
        if data is None:
            form.initial["started_on"] = clock.today()
        return form

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(object=self.object, form=self.form()))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.form()
        if form.is_valid():
            try:
                services.engagement_advance(self.object, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"“{self.object}” moved on")
                return HttpResponseRedirect(detail_url(self.scope, self.object))
        context = self.get_context_data(object=self.object, form=form)
        return self.render_to_response(context, status=400)


# --- Evidence requests -----------------------------------------------------------------------


class EvidenceRequestCreate(ChildCreate):
    model = EvidenceRequest
    parent_model = Engagement
    parent_field = "engagement"
    form_class = forms.EvidenceRequestForm
    create_service = None
    title = "Ask for evidence"

    def get_form(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        form = self.form_class(data, instance=instance, scope=self.scope, engagement=self.parent)
        if data is None:
            form.initial["requested_on"] = clock.today()
        return form

    def save(self, form):
        return services.evidencerequest_create(
            engagement=self.parent, actor=self.request.user, **form.cleaned_data
        )


class RequestPage(Child, BothSides):
    model = EvidenceRequest
    parent_field = "engagement"
    select_related = ("engagement",)


class EvidenceRequestDetail(RequestPage, RegisterDetailView):
    rows_ = [
        Row("engagement", "Engagement"),
        Row("title", "Evidence asked for"),
        Row("detail", "Detail"),
        Row("requested_on", "Asked for"),
        Row("due_on", "Due"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"].append(
            ("Controls", ", ".join(c.identifier for c in self.object.controls.all()))
        )
        context["can_send"] = not context["is_assessor"] and self.scope.can(Role.EDITOR)
        return context


class EvidenceRequestUpdate(RequestPage, RegisterUpdateView):
    form_class = forms.EvidenceRequestForm
    update_service = services.evidencerequest_update

    def get_queryset(self):
        return self.scope.rows(self.model).select_related(*self.select_related)


class EvidenceRequestArchive(RequestPage, RegisterArchiveView):
    archive_service = services.evidencerequest_archive

    def get_queryset(self):
        return self.scope.rows(self.model).select_related(*self.select_related)


class EvidenceRequestHistory(RequestPage, RegisterHistoryView):
    pass
