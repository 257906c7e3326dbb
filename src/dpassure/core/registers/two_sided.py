"""Register pages for rows an assessor keeps about another organisation (its ``subject``):
undertakings, engagements and everything under them.

The assessor's members reach the rows through ``Scope.rows``; the subject's members, on their
own organisation's pages, through the app's ``visible(scope, model)`` (``Scope.rows_about``
with what that side may see). Links carry the viewer's own organisation, so the organisation
assessed stays on its own pages.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse

from dpassure.core.registers.views import ChildCreateView


def detail_url(scope, row) -> str:
    """A row's page in the viewer's own organisation."""
    meta = row._meta
    return reverse(
        f"{meta.app_label}:{meta.model_name}-detail",
        kwargs={"org_slug": scope.organisation.slug, "pk": row.pk},
    )


def visible(scope, model, shown: dict) -> QuerySet:
    """The rows of ``model`` this scope may read: its own, and — for the models in ``shown`` —
    the rows about it that match ``shown[model]`` (a Q, or a function returning one)."""
    own = scope.rows(model)
    if model not in shown:
        return own
    condition = shown[model]
    return own | scope.rows_about(model).filter(condition() if callable(condition) else condition)


def is_assessor(scope, row) -> bool:
    """True when the scope's organisation keeps this row (rather than being its subject)."""
    return row.organisation_id == scope.organisation.pk


class Page:
    """Mixed into the toolkit's views: no link to an action the register does not have, and
    the subject's members edit only where ``subject_may_edit`` says so."""

    subject_may_edit = False

    def url(self, action: str, pk=None) -> str:
        try:
            return super().url(action, pk)
        except NoReverseMatch:
            # A child row has no list of its own: "back" (and after archiving) is its parent.
            return self.list_url() if action == "list" and isinstance(self, Child) else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = getattr(self, "object", None)
        assessor = obj is None or is_assessor(self.scope, obj)
        context["is_assessor"] = assessor
        if obj is not None and not assessor:
            context["can_edit"] = context["can_edit"] and self.subject_may_edit
        return context


class BothSides(Page):
    """Rows the subject may also read: subclasses set ``visible`` to their app's selector."""

    visible = None  # a function (scope, model) -> QuerySet

    def get_queryset(self):
        return type(self).visible(self.scope, self.model).select_related(*self.select_related)


class Child(Page):
    """A row shown as part of its parent (a requirement of an undertaking …)."""

    parent_field = ""

    def list_url(self) -> str:
        return detail_url(self.scope, getattr(self.object, self.parent_field))


class ChildCreate(Page, ChildCreateView):
    """Add a row to a parent the scope may reach (``parent_rows``); owned, like the parent, by
    the assessor and about the parent's subject when it has one."""

    def parent_rows(self):
        return self.scope.rows(self.parent_model)

    def get_instance(self):
        kwarg = f"{self.parent_model._meta.model_name}_pk"
        try:
            self.parent = self.parent_rows().get(pk=self.kwargs[kwarg], archived_at__isnull=True)
        except (self.parent_model.DoesNotExist, ValueError):
            raise Http404(f"No such {self.parent_model._meta.verbose_name}.") from None
        about = {"subject": self.parent.subject} if hasattr(self.parent, "subject_id") else {}
        return self.model(
            organisation=self.parent.organisation, **about, **{self.parent_field: self.parent}
        )

    def list_url(self) -> str:
        return detail_url(self.scope, self.parent)

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302:
            return HttpResponseRedirect(detail_url(self.scope, self.parent))
        return response
