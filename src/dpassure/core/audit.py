"""Reading the audit trail. Writing it is django-simple-history's job, inside each change's
transaction; nothing in DP Assure updates or deletes a historical row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import CharField, Model, QuerySet, Value
from simple_history.models import registered_models

from dpassure.core.registers.columns import as_text

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
HIDDEN_FIELDS = {"updated_at", "created_at"}


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    when: object
    who: str
    action: str
    reason: str
    changes: list[Change]


def audited_models() -> list[type[Model]]:
    """Every model whose changes the trail records (simple-history's own tables of
    many-to-many changes are read through the record that owns them)."""
    registered = set(registered_models.values())
    return [
        model
        for model in apps.get_models()
        if model in registered and model.__module__.startswith("dpassure.")
    ]


def organisation_models() -> list[type[Model]]:
    """The audited models an organisation's audit log reads: the organisation itself and its
    rows. Shared reference data (control frameworks) has a history but no organisation."""
    return [
        model
        for model in audited_models()
        if model._meta.label_lower == "organisations.organisation"
        or any(field.name == "organisation" for field in model._meta.fields)
    ]


def _field_label(model, name: str) -> str:
    field = model._meta.get_field(name)
    return str(field.verbose_name).capitalize()


def _display(model, name: str, value, related: dict) -> str:
    field = model._meta.get_field(name)
    if field.is_relation and value is not None:
        return related.get((field.related_model, value), f"#{value}")
    if field.choices and value is not None:
        return str(dict(field.flatchoices).get(value, value))
    return as_text(value)


def history_entries(obj: Model) -> list[Entry]:
    """Every version of ``obj``, newest first, with the fields each one changed."""
    model = type(obj)
    records = list(
        obj.history.select_related("history_user").order_by("history_date", "history_id")
    )
    names = [
        f.name
        for f in model._meta.fields
        if f.name not in HIDDEN_FIELDS and f.name != "id" and f.name != "organisation"
    ]
    attnames = {name: model._meta.get_field(name).attname for name in names}
    related = _related_labels(model, names, attnames, records)
    entries, previous = [], None
    for record in records:
        changes = []
        for name in names:
            after = getattr(record, attnames[name])
            before = getattr(previous, attnames[name]) if previous is not None else None
            if previous is None and after in (None, ""):
                continue
            if previous is not None and before == after:
                continue
            changes.append(
                Change(
                    field=_field_label(model, name),
                    before=_display(model, name, before, related) if previous else "",
                    after=_display(model, name, after, related),
                )
            )
        action = ACTIONS[record.history_type]
        if record.history_change_reason == "Archived":
            action = "Archived"
        entries.append(
            Entry(
                when=record.history_date,
                who=_who(record.history_user),
                action=action,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries


def _related_labels(model, names, attnames, records) -> dict:
    """Labels of every related row the versions mention, one query per related model."""
    wanted: dict = {}
    for name in names:
        field = model._meta.get_field(name)
        if field.is_relation:
            ids = {getattr(r, attnames[name]) for r in records} - {None}
            if ids:
                wanted.setdefault(field.related_model, set()).update(ids)
    labels = {}
    for related_model, ids in wanted.items():
        for row in related_model._default_manager.filter(pk__in=ids):
            labels[(related_model, row.pk)] = str(row)
    return labels


def _who(user) -> str:
    if user is None:
        return "System"
    return user.get_full_name() or user.username


def audit_log(
    *, organisation, user_id=None, since=None, until=None, record_type: str | None = None
) -> QuerySet:
    """One organisation's audit trail across every register, newest first.

    Rows are dicts: history_id, history_date, history_type, history_user_id,
    history_change_reason, id (the record) and record_type (``app_label.model_name``).
    """
    parts = []
    for model in organisation_models():
        label = model._meta.label_lower
        if record_type and label != record_type:
            continue
        history = model.history.model.objects.all()
        if model._meta.label_lower == "organisations.organisation":
            history = history.filter(id=organisation.pk)
        else:
            history = history.filter(organisation_id=organisation.pk)
        if user_id:
            history = history.filter(history_user_id=user_id)
        if since:
            history = history.filter(history_date__date__gte=since)
        if until:
            history = history.filter(history_date__date__lte=until)
        parts.append(
            history.order_by()
            .annotate(record_type=Value(label, output_field=CharField()))
            .values(
                "history_id",
                "history_date",
                "history_type",
                "history_user_id",
                "history_change_reason",
                "id",
                "record_type",
            )
        )
    if not parts:
        return organisation_models()[0].history.model.objects.none().values("history_id")
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


def record_type_choices() -> list[tuple[str, str]]:
    return [
        (model._meta.label_lower, str(model._meta.verbose_name).capitalize())
        for model in organisation_models()
    ]


def user_names(ids) -> dict:
    users = get_user_model().objects.filter(pk__in=set(ids) - {None})
    return {user.pk: _who(user) for user in users}


def record_names(rows) -> dict:
    """Current names of the records a page of the audit log mentions, one query per type."""
    by_type: dict[str, set] = {}
    for row in rows:
        by_type.setdefault(row["record_type"], set()).add(row["id"])
    names = {}
    for label, ids in by_type.items():
        model = apps.get_model(label)
        for obj in model._default_manager.filter(pk__in=ids):
            names[(label, obj.pk)] = str(obj)
    return names
