"""Declarations of what a register shows: columns in lists and exports, rows in summaries."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model
from django.utils import timezone


def read(obj: Model, path: str):
    """Follow a dotted attribute path, using ``get_<field>_display`` for choice fields."""
    value = obj
    for part in path.split("."):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) else getattr(value, part)
    return value() if callable(value) else value


def as_text(value, *, short: bool = False) -> str:
    """Display text; ``short`` abbreviates months for table cells ("1 Dec 2026")."""
    month = "%b" if short else "%B"
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime(f"%-d {month} %Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime(f"%-d {month} %Y")
    return str(value)


@dataclass(frozen=True)
class Column:
    """A list or export column: a dotted attribute path, or a function of the row."""

    path: str | Callable[[Model], object]
    label: str
    sort: str | None = None
    #: For status columns: a function of the row giving a GOV.UK tag colour ("red", "green" …).
    tag: Callable[[Model], str] | None = None

    def value(self, obj: Model):
        return self.path(obj) if callable(self.path) else read(obj, self.path)

    def text(self, obj: Model) -> str:
        return as_text(self.value(obj))

    def cell(self, obj: Model) -> dict:
        """What a list page shows: short text, and a tag colour for status columns."""
        return {
            "text": as_text(self.value(obj), short=True),
            "tag": self.tag(obj) if self.tag else None,
        }


@dataclass(frozen=True)
class Row:
    """One row of a detail page's summary list."""

    path: str
    label: str

    def text(self, obj: Model) -> str:
        return as_text(read(obj, self.path))
