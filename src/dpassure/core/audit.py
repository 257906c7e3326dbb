"""Reading the audit trail. Writing it is django-simple-history's job, inside each change's
transaction; nothing in DP Assure updates or deletes a historical row.

Many-to-many links a model names in ``HistoricalRecords(m2m_fields=[...])`` are part of each
version too. simple-history records a version for each step of a change (the row saved, then
each field's links removed and added), so :func:`history_entries` shows a version that only
changed links, by the same person moments after the version before it, as part of that change.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import CharField, Model, QuerySet, Value
from simple_history.models import registered_models

from dpassure.core.registers.columns import as_text

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
HIDDEN_FIELDS = {"updated_at", "created_at"}
#: How soon after a version a links-only version by the same person is part of the same change.
SAME_CHANGE_WITHIN = datetime.timedelta(seconds=5)


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
    links = _m2m_links(model, records)
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
        link_changes = _m2m_changes(model, links, record, previous)
        if not changes and link_changes and _same_change(previous, record):
            _merge(entries[-1], link_changes)
            previous = record
            continue
        changes += link_changes
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


def _m2m_links(model, records) -> dict:
    """For each many-to-many field the trail records: the labels of the rows each version
    linked, as ``{field: {history_id: [label, ...]}}``, one query per field and related model."""
    history_model = model.history.model
    links = {}
    for field in getattr(history_model, "_history_m2m_fields", ()):
        m2m_model = getattr(history_model, field.name).model
        target = f"{field.m2m_reverse_field_name()}_id"
        pairs = list(
            m2m_model._default_manager.filter(
                history_id__in=[r.history_id for r in records]
            ).values_list("history_id", target)
        )
        ids = {pk for _, pk in pairs} - {None}
        label = _who if field.related_model is get_user_model() else str
        names = {
            row.pk: label(row) for row in field.related_model._default_manager.filter(pk__in=ids)
        }
        linked: dict = {}
        for history_id, pk in pairs:
            linked.setdefault(history_id, []).append(names.get(pk, f"#{pk}"))
        links[field] = {key: sorted(labels) for key, labels in linked.items()}
    return links


def _m2m_changes(model, links, record, previous) -> list[Change]:
    changes = []
    for field, linked in links.items():
        after = ", ".join(linked.get(record.history_id, []))
        before = ", ".join(linked.get(previous.history_id, [])) if previous is not None else ""
        if before != after:
            changes.append(
                Change(field=_field_label(model, field.name), before=before, after=after)
            )
    return changes


def _same_change(previous, record) -> bool:
    return (
        previous is not None
        and record.history_type == "~"
        and record.history_user_id == previous.history_user_id
        and record.history_date - previous.history_date <= SAME_CHANGE_WITHIN
    )


def _merge(entry: Entry, link_changes: list[Change]) -> None:
    """Fold a links-only version into the entry of the change it was a step of."""
    for change in link_changes:
        earlier = next((c for c in entry.changes if c.field == change.field), None)
        if earlier is None:
            entry.changes.append(change)
        else:
            earlier.after = change.after
    entry.changes = [c for c in entry.changes if c.before != c.after]


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
