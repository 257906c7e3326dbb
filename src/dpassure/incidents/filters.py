import datetime

import django_filters
from django.db.models import F
from django.utils import timezone

from dpassure.core.registers.filters import RegisterFilterSet
from dpassure.incidents.choices import Cause, IncidentStatus, RiskChoice
from dpassure.incidents.models import IcoUpdate, Incident, InvolvedPerson
from dpassure.organisations.models import Department
from dpassure.rules.calendars import add_calendar_months

YES_NO = [("yes", "Yes"), ("no", "No")]


class IncidentFilter(RegisterFilterSet):
    search_fields = ("reference", "what_happened", "ico_reference")
    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices, empty_label="Any status")
    cause = django_filters.ChoiceFilter(choices=Cause.choices, empty_label="Any cause")
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all())
    risk = django_filters.ChoiceFilter(choices=RiskChoice.choices, empty_label="Any risk")
    near_miss = django_filters.ChoiceFilter(
        label="Near misses", choices=YES_NO, method="filter_near_miss", empty_label="Both"
    )
    breach = django_filters.ChoiceFilter(
        label="Personal data breaches", choices=YES_NO, method="filter_breach", empty_label="Both"
    )
    reported_late = django_filters.ChoiceFilter(
        label="Reported to the ICO after 72 hours",
        choices=YES_NO,
        method="filter_reported_late",
        empty_label="Either",
    )
    month = django_filters.CharFilter(
        label="Month discovered (YYYY-MM)", method="filter_month", max_length=7
    )

    class Meta:
        model = Incident
        fields = [
            "q",
            "status",
            "cause",
            "department",
            "risk",
            "near_miss",
            "breach",
            "reported_late",
            "month",
            "archived",
        ]

    def filter_near_miss(self, queryset, name, value):
        return queryset.filter(is_near_miss=value == "yes")

    def filter_breach(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(is_personal_data_breach=True)
        return queryset.exclude(is_personal_data_breach=True)

    def filter_reported_late(self, queryset, name, value):
        reported = queryset.filter(reported_to_ico_at__isnull=False)
        if value == "yes":
            return reported.filter(reported_to_ico_at__gt=F("report_due_at"))
        return reported.filter(reported_to_ico_at__lte=F("report_due_at"))

    def filter_month(self, queryset, name, value):
        """A range from local midnight on the 1st, so the list index serves it."""
        try:
            first = datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            return queryset.none()
        start, end = (
            timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
            for day in (first, add_calendar_months(first, 1))
        )
        return queryset.filter(discovered_at__gte=start, discovered_at__lt=end)


class IcoUpdateFilter(RegisterFilterSet):
    search_fields = ("summary", "incident__reference")

    class Meta:
        model = IcoUpdate
        fields = ["q", "archived"]


class InvolvedPersonFilter(RegisterFilterSet):
    search_fields = ("person__employee_number", "person__last_name", "incident__reference")

    class Meta:
        model = InvolvedPerson
        fields = ["q", "archived"]
