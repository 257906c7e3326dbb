"""Filters of the spot check, checklist and action registers (list pages, exports)."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from dpassure.core import clock
from dpassure.core.registers.filters import RegisterFilterSet
from dpassure.incidents.models import Action, SpotCheck, SpotCheckTemplate
from dpassure.organisations.models import Department

STATUS_CHOICES = [("due", "Due (not done yet)"), ("overdue", "Overdue"), ("done", "Done")]
ACTION_STATUS_CHOICES = [("open", "Open"), ("overdue", "Overdue"), ("done", "Done")]


def status_q(status: str, *, today: datetime.date) -> Q:
    """Rows in a status, for spot checks and actions alike (both have due_on and done_on).

    "due" and "open" both mean not done yet, overdue or not; "overdue" means due before today
    and not done.
    """
    if status == "done":
        return Q(done_on__isnull=False)
    if status == "overdue":
        return Q(done_on__isnull=True, due_on__lt=today)
    return Q(done_on__isnull=True)


def with_status_rank(queryset: QuerySet, *, today: datetime.date) -> QuerySet:
    """Annotate ``status_rank``: 0 overdue, 1 due, 2 done — so lists can put overdue first."""
    return queryset.annotate(
        status_rank=Case(
            When(status_q("overdue", today=today), then=Value(0)),
            When(status_q("due", today=today), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


class SpotCheckTemplateFilter(RegisterFilterSet):
    search_fields = ("name", "items")

    class Meta:
        model = SpotCheckTemplate
        fields = ["q", "archived"]


class SpotCheckFilter(RegisterFilterSet):
    search_fields = ("template__name", "location", "done_by", "notes")
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="in_status", label="Status", empty_label="Any status"
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), empty_label="Any department"
    )
    template = django_filters.ModelChoiceFilter(
        queryset=SpotCheckTemplate.objects.all(), label="Checklist", empty_label="Any checklist"
    )

    class Meta:
        model = SpotCheck
        fields = ["q", "status", "department", "template", "archived"]

    def in_status(self, queryset, name, value):
        return queryset.filter(status_q(value, today=clock.today()))


class ActionFilter(RegisterFilterSet):
    search_fields = ("description", "owner")
    status = django_filters.ChoiceFilter(
        choices=ACTION_STATUS_CHOICES,
        method="in_status",
        label="Status",
        empty_label="Any status",
    )
    owner = django_filters.CharFilter(lookup_expr="icontains", label="Owner")

    class Meta:
        model = Action
        fields = ["q", "status", "owner", "archived"]

    def in_status(self, queryset, name, value):
        return queryset.filter(status_q(value, today=clock.today()))
