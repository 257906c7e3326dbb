"""Undertakings pages over the shared two-sided register pages (:mod:`core.registers.two_sided`):
rows the organisation an undertaking is about may read come through :func:`.selectors.visible`."""

from __future__ import annotations

from dpassure.core.registers import two_sided
from dpassure.core.registers.two_sided import Child, Page, detail_url
from dpassure.undertakings import selectors

__all__ = ["BothSides", "Child", "ChildCreate", "Page", "detail_url"]


class BothSides(two_sided.BothSides):
    visible = staticmethod(selectors.visible)


class ChildCreate(two_sided.ChildCreate):
    """``parent_visible_to_subject``: the subject's own editors may add rows to the parent
    (their action plan against a requirement)."""

    parent_visible_to_subject = False

    def parent_rows(self):
        if self.parent_visible_to_subject:
            return selectors.visible(self.scope, self.parent_model)
        return super().parent_rows()
