import django_filters

from dpassure.core import clock
from dpassure.core.registers.filters import RegisterFilterSet
from dpassure.rights.choices import Channel, Regime, Right
from dpassure.rights.models import (
    Clarification,
    Disclosure,
    ExemptionApplied,
    Review,
    RightsRequest,
    Search,
)
from dpassure.rights.selectors import requests_in_queue

QUEUES = [
    ("open", "Open"),
    ("due_this_week", "Due in the next 7 days"),
    ("overdue", "Overdue"),
    ("stopped", "Clock stopped"),
    ("closed_late", "Closed late"),
    ("closed", "Closed"),
]


class RightsRequestFilter(RegisterFilterSet):
    search_fields = ("reference", "requester_name", "data_subject_name", "requester_email")
    queue = django_filters.ChoiceFilter(
        label="Show", choices=QUEUES, method="in_queue", empty_label="All requests"
    )
    right = django_filters.ChoiceFilter(
        label="Right", choices=Right.choices, method="with_right", empty_label="Any right"
    )
    channel = django_filters.ChoiceFilter(choices=Channel.choices, empty_label="Any channel")
    regime = django_filters.ChoiceFilter(choices=Regime.choices, empty_label="Either regime")

    class Meta:
        model = RightsRequest
        fields = ["q", "queue", "right", "channel", "regime", "archived"]

    def in_queue(self, queryset, name, value):
        return requests_in_queue(queryset, value, today=clock.today())

    def with_right(self, queryset, name, value):
        # Codes are space-separated and none is part of another, so this is exact.
        return queryset.filter(rights__contains=value)


class StepFilter(RegisterFilterSet):
    search_fields = ("request__reference",)

    class Meta:
        fields = ["q", "archived"]


class ClarificationFilter(StepFilter):
    class Meta(StepFilter.Meta):
        model = Clarification


class SearchFilter(StepFilter):
    class Meta(StepFilter.Meta):
        model = Search


class ExemptionFilter(StepFilter):
    class Meta(StepFilter.Meta):
        model = ExemptionApplied


class DisclosureFilter(StepFilter):
    class Meta(StepFilter.Meta):
        model = Disclosure


class ReviewFilter(StepFilter):
    class Meta(StepFilter.Meta):
        model = Review
