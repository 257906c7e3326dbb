"""Pages for the organisation overview, departments, people, service breaks and members."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from dpassure.core.registers.columns import Column, Row
from dpassure.core.registers.views import (
    ChildCreateView,
    OrganisationView,
    RegisterArchiveView,
    RegisterCreateView,
    RegisterDetailView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)
from dpassure.core.roles import Role
from dpassure.organisations import filters, forms, services
from dpassure.organisations.models import Department, Membership, Person, ServiceBreak
from dpassure.training.views import person_training_context


class Home(OrganisationView):
    template_name = "organisations/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = datetime.date.today()
        people = self.scope.rows(Person).filter(archived_at__isnull=True)
        context["figures"] = people.aggregate(
            people=Count("pk", filter=~Q(leaving_date__lt=today)),
            leavers=Count("pk", filter=Q(leaving_date__lt=today)),
            starters=Count("pk", filter=Q(start_date__gt=today - datetime.timedelta(days=90))),
        )
        context["departments"] = (
            self.scope.rows(Department).filter(archived_at__isnull=True).count()
        )
        return context


# --- Departments ------------------------------------------------------------------------


class DepartmentList(RegisterListView):
    model = Department
    filterset_class = filters.DepartmentFilter
    select_related = ("parent",)
    columns = [
        Column("name", "Name", sort="name"),
        Column("code", "Code", sort="code"),
        Column("parent", "Part of"),
    ]


class DepartmentDetail(RegisterDetailView):
    model = Department
    select_related = ("parent",)
    rows_ = [Row("name", "Name"), Row("code", "Code"), Row("parent", "Part of")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        department = self.object
        context["children"] = department.children.filter(archived_at__isnull=True)
        context["people_count"] = department.people.filter(archived_at__isnull=True).count()
        return context


class DepartmentCreate(RegisterCreateView):
    model = Department
    form_class = forms.DepartmentForm
    create_service = services.department_create


class DepartmentUpdate(RegisterUpdateView):
    model = Department
    form_class = forms.DepartmentForm
    update_service = services.department_update


class DepartmentArchive(RegisterArchiveView):
    model = Department
    archive_service = services.department_archive


class DepartmentHistory(RegisterHistoryView):
    model = Department


# --- People -----------------------------------------------------------------------------

PERSON_COLUMNS = [
    Column("full_name", "Name", sort="last_name"),
    Column("employee_number", "Employee number", sort="employee_number"),
    Column("department", "Department"),
    Column("job_title", "Job title or rank"),
    Column("start_date", "Start date", sort="start_date"),
    Column("leaving_date", "Leaving date", sort="leaving_date"),
]


class PersonList(RegisterListView):
    model = Person
    filterset_class = filters.PersonFilter
    select_related = ("department",)
    columns = PERSON_COLUMNS
    export_columns = [
        Column("employee_number", "Employee number"),
        Column("first_name", "First name"),
        Column("last_name", "Last name"),
        Column("email", "Email"),
        Column("department", "Department"),
        Column("job_title", "Job title or rank"),
        Column("start_date", "Start date"),
        Column("leaving_date", "Leaving date"),
    ]


class PersonDetail(RegisterDetailView):
    model = Person
    select_related = ("department",)
    rows_ = [
        Row("employee_number", "Employee number"),
        Row("first_name", "First name"),
        Row("last_name", "Last name"),
        Row("email", "Email"),
        Row("department", "Department"),
        Row("job_title", "Job title or rank"),
        Row("start_date", "Start date"),
        Row("leaving_date", "Leaving date"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["service_breaks"] = self.object.service_breaks.filter(archived_at__isnull=True)
        context.update(person_training_context(self.object))
        return context


class PersonCreate(RegisterCreateView):
    model = Person
    form_class = forms.PersonForm
    create_service = services.person_create


class PersonUpdate(RegisterUpdateView):
    model = Person
    form_class = forms.PersonForm
    update_service = services.person_update


class PersonArchive(RegisterArchiveView):
    model = Person
    archive_service = services.person_archive


class PersonHistory(RegisterHistoryView):
    model = Person


# --- Service breaks (added from a person's page) ----------------------------------------


class ServiceBreakList(RegisterListView):
    model = ServiceBreak
    filterset_class = filters.ServiceBreakFilter
    select_related = ("person",)
    has_create = False
    columns = [
        Column("person", "Person"),
        Column("start_date", "From", sort="start_date"),
        Column("end_date", "To", sort="end_date"),
        Column("reason", "Reason"),
    ]


class ServiceBreakDetail(RegisterDetailView):
    model = ServiceBreak
    select_related = ("person",)
    rows_ = [
        Row("person", "Person"),
        Row("start_date", "From"),
        Row("end_date", "To"),
        Row("reason", "Reason"),
        Row("returned_in_different_role", "Re-joined in a different role"),
    ]


class ServiceBreakCreate(ChildCreateView):
    """A break in service, recorded against the person in the URL."""

    model = ServiceBreak
    form_class = forms.ServiceBreakForm
    create_service = services.service_break_create
    parent_model = Person
    parent_field = "person"
    title = "Record a break in service"


class ServiceBreakUpdate(RegisterUpdateView):
    model = ServiceBreak
    form_class = forms.ServiceBreakForm
    update_service = services.service_break_update


class ServiceBreakArchive(RegisterArchiveView):
    model = ServiceBreak
    archive_service = services.service_break_archive


class ServiceBreakHistory(RegisterHistoryView):
    model = ServiceBreak


# --- Members ----------------------------------------------------------------------------


class MembershipList(RegisterListView):
    model = Membership
    required_role = Role.ADMIN
    edit_role = Role.ADMIN
    filterset_class = filters.MembershipFilter
    select_related = ("user",)
    columns = [
        Column("user.username", "User"),
        Column("user.get_full_name", "Name"),
        Column("role", "Role", sort="role"),
    ]


class MembershipDetail(RegisterDetailView):
    model = Membership
    required_role = Role.ADMIN
    edit_role = Role.ADMIN
    select_related = ("user",)
    rows_ = [
        Row("user.username", "User"),
        Row("user.get_full_name", "Name"),
        Row("user.email", "Email"),
        Row("role", "Role"),
    ]


class MembershipCreate(RegisterCreateView):
    model = Membership
    required_role = Role.ADMIN
    edit_role = Role.ADMIN
    form_class = forms.MembershipInviteForm
    create_service = services.membership_invite

    def get_form(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, scope=self.scope)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Add a member"
        return context


class MembershipUpdate(RegisterUpdateView):
    model = Membership
    required_role = Role.ADMIN
    edit_role = Role.ADMIN
    form_class = forms.MembershipForm
    update_service = services.membership_update


class MembershipArchive(RegisterArchiveView):
    model = Membership
    required_role = Role.ADMIN
    edit_role = Role.ADMIN
    archive_service = services.membership_archive


class MembershipHistory(RegisterHistoryView):
    model = Membership
    required_role = Role.ADMIN
    edit_role = Role.ADMIN
