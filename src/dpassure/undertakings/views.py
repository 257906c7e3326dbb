"""Pages for undertakings, their requirements and the organisation's action plan, and the
dashboards. Follow-up pages are in :mod:`.followup_views`."""

from __future__ import annotations

from django.urls import reverse

from dpassure.core import clock
from dpassure.core.registers.columns import Column, Row
from dpassure.core.registers.views import (
    OrganisationView,
    RegisterArchiveView,
    RegisterCreateView,
    RegisterDetailView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)
from dpassure.organisations.choices import OrganisationKind
from dpassure.undertakings import filters, forms, selectors, services
from dpassure.undertakings.choices import STATUS_COLOURS
from dpassure.undertakings.models import ActionPlanStep, Requirement, Undertaking
from dpassure.undertakings.pages import BothSides, Child, ChildCreate, Page


class UndertakingList(BothSides, RegisterListView):
    model = Undertaking
    filterset_class = filters.UndertakingFilter
    select_related = ("organisation", "subject")
    columns = [
        Column("title", "Undertaking", sort="title"),
        Column("subject", "Given by"),
        Column("organisation", "Followed up by"),
        Column("legislation", "Legislation"),
        Column("signed_on", "Signed", sort="signed_on"),
        Column("status", "Status", sort="status", tag=lambda u: STATUS_COLOURS[u.status]),
    ]
    export_columns = [
        *columns,
        Column("references", "References"),
        Column("signatory", "Signatory"),
        Column("closed_on", "Closed"),
    ]
    default_sort = ("-signed_on", "-id")
    create_label = "Record an undertaking"


UNDERTAKING_ROWS = [
    Row("subject", "Given by"),
    Row("organisation", "Followed up by"),
    Row("references", "References"),
    Row("legislation", "Legislation"),
    Row("signed_on", "Signed"),
    Row("signatory", "Signatory"),
    Row("background", "Background"),
    Row("status", "Status"),
    Row("closed_on", "Closed"),
]


class UndertakingDetail(BothSides, RegisterDetailView):
    model = Undertaking
    select_related = ("organisation", "subject")
    rows_ = UNDERTAKING_ROWS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        undertaking, live = self.object, {"archived_at__isnull": True}
        if context["is_assessor"]:
            context["summary"].append(("Internal notes", undertaking.internal_notes))
            context["follow_ups"] = undertaking.follow_ups.filter(**live)
        context["requirements"] = undertaking.requirements.filter(**live).order_by("number")
        context["reports"] = (
            undertaking.reports.filter(**live).defer("pdf", "docx").order_by("-issued_at")
        )
        context["status_colour"] = STATUS_COLOURS[undertaking.status]
        return context


class UndertakingCreate(Page, RegisterCreateView):
    model = Undertaking
    form_class = forms.UndertakingForm
    create_service = services.undertaking_create

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Record an undertaking"
        return context


class UndertakingUpdate(Page, RegisterUpdateView):
    model = Undertaking
    form_class = forms.UndertakingForm
    update_service = services.undertaking_update


class UndertakingArchive(Page, RegisterArchiveView):
    model = Undertaking
    archive_service = services.undertaking_archive


class UndertakingHistory(Page, RegisterHistoryView):
    model = Undertaking


# --- Requirements ----------------------------------------------------------------------------


class RequirementCreate(ChildCreate):
    model = Requirement
    parent_model = Undertaking
    parent_field = "undertaking"
    form_class = forms.RequirementForm
    create_service = services.requirement_create
    title = "Add a requirement"

    def get_form(self, instance):
        form = super().get_form(instance)
        if not form.is_bound:
            numbers = self.parent.requirements.filter(archived_at__isnull=True)
            form.initial["number"] = numbers.count() + 1
        return form


REQUIREMENT_ROWS = [
    Row("text", "What the organisation undertook to do"),
    Row("kind", "Kind"),
    Row("deadline_text", "Deadline"),
    Row("due_on", "Due"),
]


class RequirementDetail(Child, BothSides, RegisterDetailView):
    model = Requirement
    parent_field = "undertaking"
    select_related = ("undertaking", "undertaking__subject")
    rows_ = REQUIREMENT_ROWS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        requirement = self.object
        context["steps"] = requirement.action_steps.filter(archived_at__isnull=True)
        context["can_add_step"] = self.scope.can("editor") and requirement.undertaking.signed_on
        context["undertaking"] = requirement.undertaking
        return context


class RequirementUpdate(Child, RegisterUpdateView):
    model = Requirement
    parent_field = "undertaking"
    form_class = forms.RequirementForm
    update_service = services.requirement_update


class RequirementArchive(Child, RegisterArchiveView):
    model = Requirement
    parent_field = "undertaking"
    archive_service = services.requirement_archive


class RequirementHistory(Child, RegisterHistoryView):
    model = Requirement
    parent_field = "undertaking"


# --- The organisation's action plan ----------------------------------------------------------


class ActionPlanStepCreate(ChildCreate):
    """The organisation's own editors, or the assessor's, record a step against a requirement."""

    model = ActionPlanStep
    parent_model = Requirement
    parent_field = "requirement"
    parent_visible_to_subject = True
    form_class = forms.ActionPlanStepForm
    create_service = services.action_plan_step_create
    title = "Record a step taken"


STEP_ROWS = [
    Row("requirement", "Requirement"),
    Row("steps_taken", "Steps taken"),
    Row("evidence_supplied", "Evidence supplied"),
    Row("supplied_on", "Date"),
    Row("entered_by", "Entered by"),
]


class StepPage(Child, BothSides):
    model = ActionPlanStep
    parent_field = "requirement"
    select_related = ("requirement",)
    subject_may_edit = True


class ActionPlanStepDetail(StepPage, RegisterDetailView):
    rows_ = STEP_ROWS


class ActionPlanStepUpdate(StepPage, RegisterUpdateView):
    form_class = forms.ActionPlanStepForm
    update_service = services.action_plan_step_update


class ActionPlanStepArchive(StepPage, RegisterArchiveView):
    archive_service = services.action_plan_step_archive


class ActionPlanStepHistory(StepPage, RegisterHistoryView):
    pass


# --- Dashboards ------------------------------------------------------------------------------


class Dashboard(OrganisationView):
    """For an assessor, its undertakings at a glance; for an organisation that gave an
    undertaking, what it still owes and by when. An organisation may be both."""

    template_name = "undertakings/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = clock.today()
        slug = {"org_slug": self.scope.organisation.slug}
        board = selectors.assessor_board(self.scope, today=today)
        owed = selectors.owed_by_us(self.scope, today=today)
        assessor = self.scope.organisation.kind == OrganisationKind.ASSESSOR_BODY
        context.update(
            board=board,
            owed=owed,
            # Each side shows where it applies: a force is not shown an empty assessor's board.
            follows_up=assessor or any(count for _, _, count in board.by_status),
            gives=not assessor or bool(owed),
            list_url=reverse("undertakings:undertaking-list", kwargs=slug),
            today=today,
        )
        return context
