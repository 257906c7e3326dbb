"""What every undertakings page shares: which rows the scope may reach and where "back" goes.

Pages open to both sides read through :func:`.selectors.visible`; pages only the assessor may
open keep the toolkit's ``Scope.rows``. Links are built with the viewer's own organisation in
the URL, so the organisation an undertaking is about stays on its own pages.
"""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse

from dpassure.core.registers.views import ChildCreateView
from dpassure.undertakings import selectors


def detail_url(scope, row) -> str:
    meta = row._meta
    return reverse(
        f"{meta.app_label}:{meta.model_name}-detail",
        kwargs={"org_slug": scope.organisation.slug, "pk": row.pk},
    )


class Page:
    """Mixed into the toolkit's views: no link to an action the register does not have."""

    def url(self, action: str, pk=None) -> str:
        try:
            return super().url(action, pk)
        except NoReverseMatch:
            # A child row has no list of its own: "back" (and after archiving) is its parent.
            return self.list_url() if action == "list" and isinstance(self, Child) else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = getattr(self, "object", None)
        assessor = obj is None or selectors.is_assessor(self.scope, obj)
        context["is_assessor"] = assessor
        if obj is not None and not assessor:
            context["can_edit"] = context["can_edit"] and self.subject_may_edit
        return context

    subject_may_edit = False


class BothSides(Page):
    """Rows the organisation an undertaking is about may also read."""

    def get_queryset(self):
        return selectors.visible(self.scope, self.model).select_related(*self.select_related)


class Child(Page):
    """A row shown as part of its parent (a requirement of an undertaking …)."""

    parent_field = ""

    def list_url(self) -> str:
        return detail_url(self.scope, getattr(self.object, self.parent_field))


class ChildCreate(Page, ChildCreateView):
    """Add a row to a parent the scope may reach; owned, like the parent, by the assessor."""

    parent_visible_to_subject = False

    def get_instance(self):
        kwarg = f"{self.parent_model._meta.model_name}_pk"
        rows = (
            selectors.visible(self.scope, self.parent_model)
            if self.parent_visible_to_subject
            else self.scope.rows(self.parent_model)
        )
        try:
            self.parent = rows.get(pk=self.kwargs[kwarg], archived_at__isnull=True)
        except (self.parent_model.DoesNotExist, ValueError):
            raise Http404(f"No such {self.parent_model._meta.verbose_name}.") from None
        return self.model(
            organisation=self.parent.organisation,
            subject=self.parent.subject,
            **{self.parent_field: self.parent},
        )

    def list_url(self) -> str:
        return detail_url(self.scope, self.parent)

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302:
            return HttpResponseRedirect(detail_url(self.scope, self.parent))
        return response
