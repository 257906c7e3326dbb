"""Filters and forms of the training reports.

The drill-down's FilterSet assesses everyone first (course and date), then narrows to one
department and one figure, so its rows are exactly the people a figure of the completion table
counts; the same FilterSet serves the page and its CSV/XLSX export.
"""

from __future__ import annotations

import django_filters
from django import forms

from dpassure.core.forms import DateField, GovukForm
from dpassure.core.registers.filters import RegisterFilterSet
from dpassure.organisations.models import Department
from dpassure.training import report_selectors as reports
from dpassure.training.models import Course
from dpassure.training.selectors import policy_for


def department_choices(scope) -> list[tuple[str, str]]:
    """Every department of the organisation (archived ones still hold people), and none."""
    departments = scope.rows(Department).order_by("name").values_list("pk", "name", "archived_at")
    choices = [
        (str(pk), f"{name} (archived)" if archived else name) for pk, name, archived in departments
    ]
    return [*choices, (reports.NO_DEPARTMENT_KEY, "No department")]


class TrainingPeopleFilter(RegisterFilterSet):
    """People required to take a course, assessed on a day, by department and figure."""

    search_fields = ("employee_number", "first_name", "last_name", "email")
    course = django_filters.ModelChoiceFilter(
        queryset=Course.objects.all(),
        method="assessed_elsewhere",
        required=True,
        empty_label=None,
        label="Course",
    )
    as_of = django_filters.DateFilter(method="assessed_elsewhere", label="On", required=True)
    department = django_filters.ChoiceFilter(
        method="assessed_elsewhere", empty_label="All departments"
    )
    status = django_filters.ChoiceFilter(
        label="Figure",
        choices=reports.Figure.CHOICES,
        method="with_figure",
        empty_label="Everyone who must take it",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Archived people are never counted, so there is nothing to include.
        self.filters.pop("archived", None)
        if self.scope is not None:
            self.filters["department"].extra["choices"] = department_choices(self.scope)
            self.filters["course"].queryset = reports.reportable_courses(self.scope.rows(Course))
            self.policy = policy_for(self.scope.organisation)

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        self.course, self.on = data["course"], data["as_of"]
        return super().filter_queryset(self.assess(queryset))

    def assess(self, queryset):
        return reports.people_behind(
            queryset,
            course=self.course,
            on=self.on,
            policy=self.policy,
            department=self.form.cleaned_data.get("department") or "",
        )

    def assessed_elsewhere(self, queryset, name, value):
        return queryset

    def with_figure(self, queryset, name, value):
        return queryset.filter(reports.FIGURE_FILTERS[value])


class NewStarterFilter(TrainingPeopleFilter):
    """People who started recently and have no in-date pass of an induction course."""

    course = django_filters.ModelChoiceFilter(
        queryset=Course.objects.all(),
        method="assessed_elsewhere",
        required=True,
        empty_label=None,
        label="Induction course",
    )
    days = django_filters.NumberFilter(
        method="assessed_elsewhere",
        label="Started in the last (days)",
        required=True,
        min_value=1,
        max_value=3650,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("status", None)
        if self.scope is not None:
            self.filters["course"].queryset = reports.induction_courses(self.scope.rows(Course))

    def assess(self, queryset):
        data = self.form.cleaned_data
        return reports.new_starters_without_induction(
            queryset,
            course=self.course,
            on=self.on,
            days=int(data["days"]),
            policy=self.policy,
            department=data.get("department") or "",
        )


class GatingForm(GovukForm, forms.Form):
    mark_optional = False
    course = forms.ModelChoiceField(
        queryset=Course.objects.all(), required=False, label="Course", empty_label="All"
    )
    as_of = DateField(label="On")

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, scope=scope, **kwargs)
        self.fields["course"].queryset = reports.reportable_courses(scope.rows(Course)).filter(
            gates_access=True
        )
        self.fields["course"].empty_label = "All courses that gate access"


class CompletionForm(GovukForm, forms.Form):
    mark_optional = False
    course = forms.ModelChoiceField(queryset=Course.objects.all(), empty_label=None)
    as_of = DateField(label="On")

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, scope=scope, **kwargs)
        self.fields["course"].queryset = reports.reportable_courses(scope.rows(Course))


class ScoresForm(GovukForm, forms.Form):
    mark_optional = False
    start = DateField(label="Results from")
    end = DateField(label="Results to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "Results to must be the same as or after results from")
        return cleaned
