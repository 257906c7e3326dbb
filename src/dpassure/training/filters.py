"""Filters of the course and training record registers (list pages, exports, API)."""

import django_filters

from dpassure.core.registers.filters import RegisterFilterSet
from dpassure.organisations.models import Department
from dpassure.training.choices import CourseKind, Provider, RecordSource
from dpassure.training.models import Course, TrainingRecord


class CourseFilter(RegisterFilterSet):
    search_fields = ("code", "title")
    kind = django_filters.ChoiceFilter(choices=CourseKind.choices, empty_label="Any kind")
    provider = django_filters.ChoiceFilter(choices=Provider.choices, empty_label="Any provider")

    class Meta:
        model = Course
        fields = ["q", "kind", "provider", "archived"]


class TrainingRecordFilter(RegisterFilterSet):
    search_fields = ("person__employee_number", "person__last_name", "certificate_reference")
    course = django_filters.ModelChoiceFilter(
        queryset=Course.objects.all(), empty_label="Any course"
    )
    person__department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label="Department", empty_label="Any department"
    )
    result = django_filters.ChoiceFilter(
        label="Result",
        choices=[("passed", "Passed"), ("failed", "Failed")],
        method="with_result",
        empty_label="Any result",
    )
    source = django_filters.ChoiceFilter(choices=RecordSource.choices, empty_label="Any source")
    completed_from = django_filters.DateFilter(
        field_name="completed_on", lookup_expr="gte", label="Completed on or after"
    )
    completed_to = django_filters.DateFilter(
        field_name="completed_on", lookup_expr="lte", label="Completed on or before"
    )

    class Meta:
        model = TrainingRecord
        fields = ["q", "course", "person__department", "result", "source", "archived"]

    def with_result(self, queryset, name, value):
        return queryset.filter(passed=value == "passed")
