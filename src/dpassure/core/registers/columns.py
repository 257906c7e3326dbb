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


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%-d %B %Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%-d %B %Y")
    return str(value)


@dataclass(frozen=True)
class Column:
    """A list or export column: a dotted attribute path, or a function of the row."""

    path: str | Callable[[Model], object]
    label: str
    sort: str | None = None
    link: bool = False

    def value(self, obj: Model):
        return self.path(obj) if callable(self.path) else read(obj, self.path)

    def text(self, obj: Model) -> str:
        return as_text(self.value(obj))


@dataclass(frozen=True)
class Row:
    """One row of a detail page's summary list."""

    path: str
    label: str

    def text(self, obj: Model) -> str:
        return as_text(read(obj, self.path))
