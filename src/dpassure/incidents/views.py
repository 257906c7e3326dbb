"""Pages for incidents: the one-minute report, triage, breach assessment with the 72-hour
clock, the ICO report, closure, updates to the ICO and the people involved."""

from __future__ import annotations

from dpassure.core import clock
from dpassure.core.registers.columns import Column, Row
from dpassure.core.registers.views import (
    ChildCreateView,
    ChildPage,
    RegisterArchiveView,
    RegisterCreateView,
    RegisterDetailView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)
from dpassure.core.roles import Role
from dpassure.incidents import filters, forms, services
from dpassure.incidents.models import Action, IcoUpdate, Incident, InvolvedPerson
from dpassure.incidents.spotcheck_forms import ActionForm
from dpassure.rules import breach


def countdown(incident: Incident) -> str:
    """The 72-hour clock as a list shows it: time left, overdue, or how it ended."""
    if incident.reported_to_ico_at:
        late = breach.reported_late(incident.clock_starts_at, incident.reported_to_ico_at)
        return "Reported late" if late else "Reported in time"
    if incident.report_due_at is None or incident.report_to_ico is False or incident.closed_at:
        return ""
    left = incident.report_due_at - clock.now()
    hours = int(left.total_seconds() // 3600)
    if hours < 0:
        return f"{-hours} hours overdue"
    return f"{hours} hours left"


def countdown_colour(incident: Incident) -> str:
    text = countdown(incident)
    if "overdue" in text or text == "Reported late":
        return "red"
    if "left" in text:
        return "yellow" if int(text.split()[0]) < 24 else "blue"
    return "green" if text else ""


class IncidentList(RegisterListView):
    model = Incident
    filterset_class = filters.IncidentFilter
    select_related = ("department",)
    columns = [
        Column("reference", "Reference", sort="reference"),
        Column("discovered_at", "Discovered", sort="discovered_at"),
        Column(lambda i: "Near miss" if i.is_near_miss else "Incident", "Kind"),
        Column("cause", "Cause"),
        Column("department", "Department"),
        Column("risk", "Risk"),
        Column("status", "Status", sort="status"),
        Column(countdown, "72-hour clock", sort="report_due_at", tag=countdown_colour),
    ]
    default_sort = ("-discovered_at", "-id")
    create_label = "Report an incident or near miss"


DETAIL_ROWS = [
    Row("is_near_miss", "Near miss"),
    Row("what_happened", "What happened"),
    Row("occurred_at", "When it happened"),
    Row("discovered_at", "When it was discovered"),
    Row("information_involved", "Information involved"),
    Row("people_affected_estimate", "People who might be affected"),
    Row("reported_by", "Reported by"),
    Row("status", "Status"),
    Row("aware_at", "Organisation became aware"),
    Row("is_personal_data_breach", "Personal data breach"),
    Row("security_property", "What was lost"),
    Row("cause", "Cause"),
    Row("department", "Department"),
    Row("containment", "Containment"),
    Row("regime", "Regime"),
    Row("data_subject_categories", "People affected"),
    Row("data_subjects_count", "Approximate number of people"),
    Row("records_count", "Approximate number of records"),
    Row("special_category", "Special category or criminal offence data"),
    Row("likelihood", "Likelihood"),
    Row("severity", "Severity"),
    Row("risk", "Risk (from the matrix)"),
    Row("dpo_advice", "DPO's advice"),
    Row("report_to_ico", "Report to the ICO"),
    Row("ico_decision_reasons", "Reasons"),
    Row("tell_individuals", "Tell the people affected"),
    Row("individuals_exception", "Why not"),
    Row("individuals_decision_reasons", "Reasons"),
    Row("individuals_told_at", "People told"),
    Row("reported_to_ico_at", "Reported to the ICO"),
    Row("ico_reference", "ICO reference"),
    Row("delay_reason", "Reasons for the delay"),
    Row("likely_consequences", "Likely consequences"),
    Row("measures_taken", "Measures taken or proposed"),
    Row("contact_point", "Contact point"),
    Row("root_cause", "Root cause"),
    Row("lessons_learned", "Lessons learned"),
    Row("closed_at", "Closed"),
]


class IncidentDetail(RegisterDetailView):
    model = Incident
    rows_ = DETAIL_ROWS
    select_related = ("department", "reported_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = self.object
        context["countdown"] = countdown(incident)
        context["countdown_colour"] = countdown_colour(incident)
        context["deadline"] = incident.report_due_at
        live = {"archived_at__isnull": True}
        context["ico_updates"] = incident.ico_updates.filter(**live)
        context["people_involved"] = incident.people_involved.filter(**live).select_related(
            "person"
        )
        context["actions"] = incident.actions.filter(**live)
        return context


class IncidentReport(RegisterCreateView):
    """Anyone in the organisation (staff and up) reports an incident or near miss."""

    model = Incident
    required_role = Role.STAFF
    edit_role = Role.STAFF
    form_class = forms.IncidentReportForm
    create_service = services.incident_report

    def success_message(self, saved) -> str:
        return (
            f"Thank you. Your report's reference is {saved.reference}. The information "
            "governance team will look at it straight away and may contact you."
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Report an information security incident or near miss"
        return context


class IncidentStage(RegisterUpdateView):
    model = Incident
    update_service = services.incident_update
    stage = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"{self.stage}: {self.object}"
        return context


class IncidentTriage(IncidentStage):
    form_class = forms.IncidentTriageForm
    stage = "Triage"


class IncidentAssessment(IncidentStage):
    required_role = Role.DPO
    edit_role = Role.DPO
    form_class = forms.IncidentAssessmentForm
    stage = "Breach assessment and decisions"


class IncidentIcoReport(IncidentStage):
    form_class = forms.IncidentIcoReportForm
    stage = "Report to the ICO"


class IncidentClose(IncidentStage):
    form_class = forms.IncidentCloseForm
    stage = "Close"


class IncidentArchive(RegisterArchiveView):
    model = Incident
    archive_service = services.incident_archive


class IncidentHistory(RegisterHistoryView):
    model = Incident


class StepCreate(ChildCreateView):
    parent_model = Incident
    parent_field = "incident"


class StepPage(ChildPage):
    parent_field = "incident"


class IcoUpdateCreate(StepCreate):
    model = IcoUpdate
    form_class = forms.IcoUpdateForm
    create_service = services.ico_update_create
    title = "Send more information to the ICO"


class IcoUpdateDetail(StepPage, RegisterDetailView):
    model = IcoUpdate
    rows_ = [Row("sent_at", "Sent"), Row("summary", "What was sent")]


class IcoUpdateUpdate(StepPage, RegisterUpdateView):
    model = IcoUpdate
    form_class = forms.IcoUpdateForm
    update_service = services.ico_update_update


class IcoUpdateArchive(StepPage, RegisterArchiveView):
    model = IcoUpdate
    archive_service = services.ico_update_archive


class IcoUpdateHistory(StepPage, RegisterHistoryView):
    model = IcoUpdate


class InvolvedPersonCreate(StepCreate):
    model = InvolvedPerson
    form_class = forms.InvolvedPersonForm
    create_service = services.involved_person_create
    title = "Add a person involved"

    def fields_of(self, form):
        return {
            "incident": self.parent,
            "person": form.instance.person,
            "involvement": form.cleaned_data["involvement"],
        }


class InvolvedPersonDetail(StepPage, RegisterDetailView):
    model = InvolvedPerson
    select_related = ("incident", "person")
    rows_ = [
        Row("person", "Person"),
        Row("person.employee_number", "Employee number"),
        Row("involvement", "Involvement"),
    ]


class InvolvedPersonUpdate(StepPage, RegisterUpdateView):
    model = InvolvedPerson
    form_class = forms.InvolvedPersonForm
    update_service = services.involved_person_update

    def fields_of(self, form):
        return {"person": form.instance.person, "involvement": form.cleaned_data["involvement"]}


class InvolvedPersonArchive(StepPage, RegisterArchiveView):
    model = InvolvedPerson
    archive_service = services.involved_person_archive


class InvolvedPersonHistory(StepPage, RegisterHistoryView):
    model = InvolvedPerson


class IncidentActionCreate(StepCreate):
    """An action with an owner and a due date, following an incident."""

    model = Action
    form_class = ActionForm
    create_service = services.action_create
    title = "Add an action"
