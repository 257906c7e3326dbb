import datetime

import django_filters

from dpassure.core.registers.filters import RegisterFilterSet
from dpassure.core.roles import Role
from dpassure.organisations.models import Department, Membership, Person, ServiceBreak


class DepartmentFilter(RegisterFilterSet):
    search_fields = ("name", "code")
    parent = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label="Part of")

    class Meta:
        model = Department
        fields = ["q", "parent", "archived"]


class PersonFilter(RegisterFilterSet):
    search_fields = ("employee_number", "first_name", "last_name", "email")
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all())
    current = django_filters.ChoiceFilter(
        label="In post",
        choices=[("yes", "Still in post"), ("no", "Left")],
        method="in_post",
        empty_label="Everyone",
    )

    class Meta:
        model = Person
        fields = ["q", "department", "current", "archived"]

    def in_post(self, queryset, name, value):
        today = datetime.date.today()
        if value == "yes":
            return queryset.exclude(leaving_date__lt=today)
        return queryset.filter(leaving_date__lt=today)


class ServiceBreakFilter(RegisterFilterSet):
    search_fields = ("reason", "person__last_name", "person__employee_number")

    class Meta:
        model = ServiceBreak
        fields = ["q", "archived"]


class MembershipFilter(RegisterFilterSet):
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")
    role = django_filters.ChoiceFilter(choices=Role.choices, empty_label="Any role")

    class Meta:
        model = Membership
        fields = ["q", "role", "archived"]
