"""The FilterSet every register builds on: search, archived rows, scoped choices.

The same FilterSet serves the list page, its CSV/XLSX export and the API.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q

from dpassure.core.forms import GovukForm


class FilterForm(GovukForm, forms.Form):
    mark_optional = False  # every filter is optional; saying so on each is noise


class RegisterFilterSet(django_filters.FilterSet):
    """Base of every register's filters. ``scope`` narrows related choices to the organisation;
    only schema generation builds one without a scope."""

    q = django_filters.CharFilter(method="search", label="Search")
    archived = django_filters.BooleanFilter(
        method="include_archived",
        widget=forms.CheckboxInput,
        label="Include archived records",
    )
    search_fields: tuple[str, ...] = ()

    def __init__(self, data=None, queryset=None, *, scope=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.scope = scope
        scoped = django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
        for filter_ in self.filters.values():
            if scope is not None and isinstance(filter_, scoped):
                filter_.queryset = scope.rows(filter_.queryset).filter(archived_at__isnull=True)

    def get_form_class(self):
        fields = {name: filter_.field for name, filter_ in self.filters.items()}
        return type(f"{type(self).__name__}Form", (FilterForm,), fields)

    def search(self, queryset, name, value):
        terms = value.split()
        for term in terms[:5]:
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{field}__icontains": term}) for field in self.search_fields))
            )
        return queryset

    def include_archived(self, queryset, name, value):
        return queryset
