"""Assurance pages over the shared two-sided register pages (:mod:`core.registers.two_sided`):
rows the organisation assessed may read come through :func:`.selectors.visible`."""

from __future__ import annotations

from dpassure.assurance import selectors
from dpassure.core.registers import two_sided
from dpassure.core.registers.two_sided import Child, ChildCreate, Page, detail_url

__all__ = ["BothSides", "Child", "ChildCreate", "Page", "detail_url"]


class BothSides(two_sided.BothSides):
    visible = staticmethod(selectors.visible)
