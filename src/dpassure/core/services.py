"""Writes shared by every register: validate, save in a transaction, record who did it.

Domain services (``person_create``, ``department_archive`` …) call these so that every entry
point — page, API, import, command — validates the same way and leaves the same audit trail.
django-simple-history writes the historical row inside the same transaction as the change.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model
from django.utils import timezone


def _attribute(instance: Model, actor, change_reason: str | None) -> None:
    instance._history_user = actor
    if change_reason:
        instance._change_reason = change_reason


def register_create(
    model: type[Model], *, organisation, actor, change_reason=None, **fields
) -> Model:
    instance = model(organisation=organisation, **fields)
    instance.full_clean()
    _attribute(instance, actor, change_reason)
    with transaction.atomic():
        instance.save()
    return instance


def register_update(instance: Model, *, actor, change_reason=None, **fields) -> Model:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    _attribute(instance, actor, change_reason)
    with transaction.atomic():
        instance.save()
    return instance


def register_archive(instance: Model, *, actor, change_reason=None) -> Model:
    if instance.archived_at is not None:
        return instance
    instance.archived_at = timezone.now()
    instance.archived_by = actor
    _attribute(instance, actor, change_reason or "Archived")
    with transaction.atomic():
        instance.save(update_fields=["archived_at", "archived_by", "updated_at"])
    return instance
