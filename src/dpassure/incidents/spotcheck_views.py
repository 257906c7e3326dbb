"""Pages for information security spot checks, their checklists, and the actions they raise."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponseRedirect

from dpassure.core import clock
from dpassure.core.registers.columns import Column, Row
from dpassure.core.registers.views import (
    RegisterArchiveView,
    RegisterCreateView,
    RegisterDetailView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
    RegisterView,
)
from dpassure.core.roles import Role
from dpassure.incidents import services
from dpassure.incidents import spotcheck_filters as filters
from dpassure.incidents import spotcheck_forms as forms
from dpassure.incidents.models import Action, SpotCheck, SpotCheckTemplate
from dpassure.incidents.services import checklist_names
from dpassure.rules.spot_checks import STANDARD_CHECKLISTS, missing_checklists

STATUS_COLOURS = {"overdue": "red", "due": "blue", "done": "green"}


def _status(row) -> str:
    """Overdue, due or done — of a spot check or an action (same fields, same rule)."""
    if row.done_on:
        return "done"
    return "overdue" if row.due_on < clock.today() else "due"


def _status_label(row) -> str:
    label = {"overdue": "Overdue", "due": "Due", "done": "Done"}[_status(row)]
    if isinstance(row, Action) and label == "Due":
        return "Open"
    return label


def _status_colour(row) -> str:
    return STATUS_COLOURS[_status(row)]


# --- Checklists -------------------------------------------------------------------------


class SpotCheckTemplateList(RegisterListView):
    model = SpotCheckTemplate
    filterset_class = filters.SpotCheckTemplateFilter
    columns = [
        Column("name", "Checklist", sort="name"),
        Column(lambda template: len(template.item_list), "Items"),
    ]
    export_columns = [Column("name", "Checklist"), Column("items", "Items")]


class SpotCheckTemplateDetail(RegisterDetailView):
    model = SpotCheckTemplate
    rows_ = [Row("name", "Name")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["checks"] = (
            self.object.checks.filter(archived_at__isnull=True)
            .select_related("department")
            .order_by("-due_on", "-id")[:10]
        )
        return context


class SpotCheckTemplateCreate(RegisterCreateView):
    model = SpotCheckTemplate
    form_class = forms.SpotCheckTemplateForm
    create_service = services.spot_check_template_create

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Add a checklist"
        return context


class SpotCheckTemplateUpdate(RegisterUpdateView):
    model = SpotCheckTemplate
    form_class = forms.SpotCheckTemplateForm
    update_service = services.spot_check_template_update


class SpotCheckTemplateArchive(RegisterArchiveView):
    model = SpotCheckTemplate
    archive_service = services.spot_check_template_archive


class SpotCheckTemplateHistory(RegisterHistoryView):
    model = SpotCheckTemplate


class SpotCheckTemplateStandard(RegisterView):
    """Preview the standard checklists and add the ones the organisation does not have yet."""

    model = SpotCheckTemplate
    required_role = Role.EDITOR
    template_suffix = "standard"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        missing = missing_checklists(checklist_names(self.scope.organisation))
        context["checklists"] = [
            (name, items, name not in missing) for name, items in STANDARD_CHECKLISTS.items()
        ]
        context["missing_count"] = len(missing)
        context["title"] = "Use the standard checklists"
        return context

    def post(self, request, *args, **kwargs):
        count = services.spot_check_templates_adopt_standard(
            organisation=self.scope.organisation, actor=request.user
        )
        if count:
            messages.success(request, f"{count} standard checklist{'s' if count > 1 else ''} added")
        else:
            messages.success(request, "You already have all the standard checklists")
        return HttpResponseRedirect(self.url("list"))


# --- Spot checks ------------------------------------------------------------------------


class SpotCheckList(RegisterListView):
    model = SpotCheck
    filterset_class = filters.SpotCheckFilter
    select_related = ("template", "department")
    has_create = False  # the page offers "Schedule a spot check" instead of "Add"
    columns = [
        Column("template", "Checklist", sort="template__name"),
        Column("department", "Department", sort="department__name"),
        Column("location", "Location", sort="location"),
        Column("due_on", "Due", sort="due_on"),
        Column("done_on", "Done", sort="done_on"),
        Column(lambda check: check.failure_count if check.done_on else None, "Failures"),
        Column(_status_label, "Status", tag=_status_colour),
    ]
    export_columns = [
        Column("template", "Checklist"),
        Column("department", "Department"),
        Column("location", "Location"),
        Column("due_on", "Due"),
        Column("done_on", "Done"),
        Column("done_by", "Done by"),
        Column(lambda check: check.failure_count if check.done_on else None, "Failures"),
        Column(_status_label, "Status"),
        Column("notes", "Notes"),
    ]
    #: Overdue first, then those still due, soonest first; done checks last.
    default_sort = ("status_rank", "due_on", "id")

    def get_queryset(self):
        live_failures = Q(results__passed=False, results__archived_at__isnull=True)
        queryset = (
            super().get_queryset().annotate(failure_count=Count("results", filter=live_failures))
        )
        return filters.with_status_rank(queryset, today=clock.today())


SPOT_CHECK_ROWS = [
    Row("template", "Checklist"),
    Row("department", "Department"),
    Row("location", "Location"),
    Row("due_on", "Due"),
    Row("done_on", "Done on"),
    Row("done_by", "Done by"),
    Row("notes", "Notes"),
]


class SpotCheckDetail(RegisterDetailView):
    model = SpotCheck
    select_related = ("template", "department")
    rows_ = SPOT_CHECK_ROWS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        check = self.object
        results = list(check.results.filter(archived_at__isnull=True))
        context.update(
            status=_status(check),
            status_label=_status_label(check),
            status_colour=_status_colour(check),
            results=results,
            failure_count=sum(1 for result in results if not result.passed),
            items=check.template.item_list,
            actions=[
                (action, _status_label(action), _status_colour(action))
                for action in check.actions.filter(archived_at__isnull=True)
            ],
            record_url=self.url("record", check.pk),
        )
        return context


class SpotCheckCreate(RegisterCreateView):
    model = SpotCheck
    form_class = forms.SpotCheckForm
    create_service = services.spot_check_schedule

    def get_form(self, instance):
        form = super().get_form(instance)
        if self.request.method == "GET" and self.request.GET.get("template", "").isdigit():
            form.initial["template"] = int(self.request.GET["template"])
        return form

    def success_message(self, saved) -> str:
        return f"Spot check “{saved}” scheduled"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Schedule a spot check"
        return context


class SpotCheckUpdate(RegisterUpdateView):
    model = SpotCheck
    select_related = ("template",)
    form_class = forms.SpotCheckForm
    update_service = services.spot_check_update


class SpotCheckArchive(RegisterArchiveView):
    model = SpotCheck
    select_related = ("template",)
    archive_service = services.spot_check_archive


class SpotCheckHistory(RegisterHistoryView):
    model = SpotCheck
    select_related = ("template",)


class SpotCheckRecordResults(RegisterUpdateView):
    """A pass or fail for every checklist item; each failure raises an action."""

    model = SpotCheck
    select_related = ("template", "department")
    form_class = forms.SpotCheckResultsForm
    template_suffix = "record"

    def get_form(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        initial = {"done_on": clock.today(), "done_by": self.request.user.get_full_name()}
        return self.form_class(
            data, items=instance.template.item_list, initial=initial, scope=self.scope
        )

    def already_recorded(self):
        if self.object.done_on is None and self.object.archived_at is None:
            return None
        return HttpResponseRedirect(self.url("detail", self.object.pk))

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        if redirect := self.already_recorded():
            return redirect
        return self.render_to_response(self.get_context_data(form=self.get_form(instance)))

    def post(self, request, *args, **kwargs):
        self.get_instance()
        return self.already_recorded() or super().post(request, *args, **kwargs)

    def save(self, form):
        with transaction.atomic():
            # Lock the check so two people recording at once cannot both save results.
            fresh = self.scope.rows(SpotCheck).select_for_update().get(pk=self.object.pk)
            return services.spot_check_record_results(
                fresh, actor=self.request.user, **form.service_arguments()
            )

    def success_message(self, saved) -> str:
        raised = saved.actions.filter(archived_at__isnull=True).count()
        if not raised:
            return "Results recorded: every item passed"
        return f"Results recorded: {raised} action{'s' if raised > 1 else ''} raised"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Record the results of the spot check"
        context["object"] = self.object
        return context


# --- Actions ----------------------------------------------------------------------------


def _raised_from(action: Action):
    return action.spot_check or action.incident


class ActionList(RegisterListView):
    model = Action
    filterset_class = filters.ActionFilter
    select_related = ("spot_check__template", "incident")
    has_create = False
    columns = [
        Column("description", "Action"),
        Column("owner", "Owner", sort="owner"),
        Column("due_on", "Due", sort="due_on"),
        Column("done_on", "Done", sort="done_on"),
        Column(_raised_from, "Raised by"),
        Column(_status_label, "Status", tag=_status_colour),
    ]
    export_columns = [
        Column("description", "Action"),
        Column("owner", "Owner"),
        Column("due_on", "Due"),
        Column("done_on", "Done"),
        Column(_raised_from, "Raised by"),
        Column(_status_label, "Status"),
    ]
    #: Overdue first, then open actions by due date; done actions last.
    default_sort = ("status_rank", "due_on", "id")

    def get_queryset(self):
        return filters.with_status_rank(super().get_queryset(), today=clock.today())


class ActionDetail(RegisterDetailView):
    model = Action
    select_related = ("spot_check__template", "incident")
    rows_ = [
        Row("description", "What needs to be done"),
        Row("owner", "Owner"),
        Row("due_on", "Due"),
        Row("done_on", "Done on"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.object
        context.update(
            raised_from=_raised_from(action),
            status_label=_status_label(action),
            status_colour=_status_colour(action),
            done_url=self.url("done", action.pk),
        )
        return context


class ActionUpdate(RegisterUpdateView):
    model = Action
    form_class = forms.ActionForm
    update_service = services.action_update


class ActionDone(RegisterUpdateView):
    """Mark an action as done, on a date."""

    model = Action
    form_class = forms.ActionDoneForm
    update_service = services.action_update

    def success_message(self, saved) -> str:
        return f"“{saved}” marked as done"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Mark the action as done"
        return context


class ActionArchive(RegisterArchiveView):
    model = Action
    archive_service = services.action_archive


class ActionHistory(RegisterHistoryView):
    model = Action
