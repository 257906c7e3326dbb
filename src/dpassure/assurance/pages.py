"""What every assurance page shares: which rows the scope may reach and where "back" goes.

Pages open to both sides read through ``visible`` (:func:`.selectors.visible` by default);
pages only the assessor may open keep the toolkit's ``Scope.rows``. Links are built with the
viewer's own organisation in the URL, so the organisation assessed stays on its own pages.
"""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse

from dpassure.assurance import selectors
from dpassure.core.registers.views import ChildCreateView


def detail_url(scope, row) -> str:
    meta = row._meta
    return reverse(
        f"{meta.app_label}:{meta.model_name}-detail",
        kwargs={"org_slug": scope.organisation.slug, "pk": row.pk},
    )


class Page:
    """Mixed into the toolkit's views: no link to an action the register does not have."""

    subject_may_edit = False

    def url(self, action: str, pk=None) -> str:
        try:
            return super().url(action, pk)
        except NoReverseMatch:
            return self.list_url() if action == "list" and isinstance(self, Child) else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = getattr(self, "object", None)
        assessor = obj is None or selectors.is_assessor(self.scope, obj)
        context["is_assessor"] = assessor
        if obj is not None and not assessor:
            context["can_edit"] = context["can_edit"] and self.subject_may_edit
        return context


class BothSides(Page):
    """Rows the organisation assessed may also read."""

    @staticmethod
    def visible(scope, model):
        return selectors.visible(scope, model)

    def get_queryset(self):
        return self.visible(self.scope, self.model).select_related(*self.select_related)


class Child(Page):
    """A row shown as part of its parent (an invitation of a project …)."""

    parent_field = ""

    def list_url(self) -> str:
        return detail_url(self.scope, getattr(self.object, self.parent_field))


class ChildCreate(Page, ChildCreateView):
    """Add a row to a parent the scope keeps; owned, like the parent, by the assessor and about
    the parent's subject (when it has one)."""

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
