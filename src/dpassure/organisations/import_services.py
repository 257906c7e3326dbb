"""Every write of an import of people from an HR extract: upload, check, start, commit.

The page, the ``import-people`` command and the background task all go through these.
An import is all or nothing: if any row has a problem, no person is created or changed.
"""

from __future__ import annotations

from functools import partial
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from dpassure.core.services import register_create, register_update
from dpassure.organisations import importing
from dpassure.organisations.models import (
    Department,
    ImportMapping,
    ImportStatus,
    PeopleImport,
    Person,
)

SOURCE_HR = "hr"
BATCH_SIZE = 500


def people_import_upload(*, organisation, actor, uploaded_file) -> PeopleImport:
    """Store an uploaded extract after making sure it can be read.

    The mapping starts from the one last confirmed for HR files, then from the column headers.
    """
    filename = PurePath(uploaded_file.name or "").name
    problem = importing.file_problem(
        filename, uploaded_file.size, max_bytes=settings.DPASSURE_MAX_UPLOAD_BYTES
    )
    if problem:
        raise ValidationError(problem, code="file")
    uploaded_file.seek(0)
    content = uploaded_file.read()
    table = importing.read_table(filename, content)
    saved = ImportMapping.objects.filter(organisation=organisation, source=SOURCE_HR).first()
    return register_create(
        PeopleImport,
        organisation=organisation,
        actor=actor,
        change_reason="Uploaded",
        uploaded_by=actor,
        filename=filename[:255],
        content=content,
        headers=[header for header in table.headers if header],
        mapping=importing.guess_mapping(table.headers, saved.mapping if saved else None),
        total_rows=len(table.rows),
    )


def mapped_targets(mapping: importing.Mapping) -> list[importing.Target]:
    return [target for target in importing.TARGETS if mapping.get(target.name)]


def people_import_check(people_import: PeopleImport, *, actor, mapping: dict) -> PeopleImport:
    """Check every row with this mapping, store what it found, and remember the mapping.

    Raises ``ValidationError`` (by field name) when the mapping itself cannot be used.
    """
    if people_import.status in (ImportStatus.IMPORTING, ImportStatus.DONE):
        raise ValidationError("This file has already been imported.", code="imported")
    mapping = {target.name: (mapping.get(target.name) or "") for target in importing.TARGETS}
    table = importing.read_table(people_import.filename, bytes(people_import.content))
    problems = importing.mapping_problems(mapping, table.headers)
    if problems:
        raise ValidationError(problems)
    report = _check(people_import, table, mapping)
    with transaction.atomic():
        _remember_mapping(people_import.organisation, actor=actor, mapping=mapping)
        return register_update(
            people_import,
            actor=actor,
            change_reason="Checked",
            mapping=mapping,
            status=ImportStatus.CHECKED,
            total_rows=len(table.rows),
            processed_rows=0,
            errors=importing.errors_as_dicts(report.errors),
            preview=importing.preview_rows(table, mapping),
            **_counts(report),
        )


def people_import_start(people_import: PeopleImport, *, actor) -> PeopleImport:
    """Queue a checked, clean import to run in the background. Starting twice is harmless."""
    from dpassure.organisations.tasks import people_import_run

    with transaction.atomic():
        locked = PeopleImport.objects.select_for_update().get(pk=people_import.pk)
        if locked.status in (ImportStatus.IMPORTING, ImportStatus.DONE):
            return locked
        _require_clean(locked)
        locked = register_update(
            locked,
            actor=actor,
            change_reason="Import started",
            status=ImportStatus.IMPORTING,
            processed_rows=0,
            failure_message="",
        )
        transaction.on_commit(
            partial(people_import_run.enqueue, locked.pk, getattr(actor, "pk", None))
        )
    return locked


def people_import_commit(people_import: PeopleImport, *, actor) -> PeopleImport:
    """Create and update every person in the file, or nobody.

    The rows are checked again against the directory as it is now (it may have changed since
    the check). The progress counter moves every 500 rows while they are checked, in its own
    small writes, so the progress page can see it; the people are then written in one
    transaction, with the import marked done in that same transaction. Running this again for
    a done import does nothing.
    """
    if people_import.status == ImportStatus.DONE:
        return people_import
    _require_clean(people_import)
    mapping = people_import.mapping
    table = importing.read_table(people_import.filename, bytes(people_import.content))

    def progress(done: int) -> None:
        PeopleImport.objects.filter(pk=people_import.pk).update(processed_rows=done)

    report = _check(people_import, table, mapping, on_progress=progress)
    if report.errors:
        return register_update(
            people_import,
            actor=actor,
            change_reason="Import refused",
            status=ImportStatus.FAILED,
            processed_rows=0,
            errors=importing.errors_as_dicts(report.errors),
            failure_message=_refusal(report),
            finished_at=timezone.now(),
            **_counts(report),
        )
    progress(len(table.rows))
    organisation = people_import.organisation
    creates, updates = [], []
    for planned in report.planned:
        if planned.action == importing.Action.CREATE:
            creates.append(importing.apply(planned, organisation=organisation))
        elif planned.action == importing.Action.UPDATE:
            updates.append(importing.apply(planned, organisation=organisation))
    now = timezone.now()
    reason = f"Imported from {people_import.filename}"[:100]
    fields = [
        name for name in importing.PERSON_FIELDS if mapping.get(name) and name != "line_manager"
    ]
    with transaction.atomic():
        locked = PeopleImport.objects.select_for_update().get(pk=people_import.pk)
        if locked.status == ImportStatus.DONE:
            return locked
        for person in updates:
            person.updated_at = now
        bulk_create_with_history(
            creates,
            Person,
            batch_size=BATCH_SIZE,
            default_user=actor,
            default_change_reason=reason,
            default_date=now,
        )
        if updates:
            bulk_update_with_history(
                updates,
                Person,
                [*fields, "updated_at"],
                batch_size=BATCH_SIZE,
                default_user=actor,
                default_change_reason=reason,
                default_date=now,
            )
        if mapping.get("line_manager"):
            _set_line_managers(report, organisation, actor=actor, reason=reason, now=now)
        return register_update(
            locked,
            actor=actor,
            change_reason="Imported",
            status=ImportStatus.DONE,
            processed_rows=len(table.rows),
            errors=[],
            failure_message="",
            finished_at=now,
            content=b"",
            preview=[],
            **_counts(report),
        )


def _set_line_managers(report, organisation, *, actor, reason, now) -> None:
    """Point each imported person at their manager, once everyone in the file has an id.

    The check made sure every manager is in the file or the directory. Only people whose
    manager changes are written, so a re-run adds no history.
    """
    wanted = {
        planned.values["employee_number"]: planned.values.get("line_manager") or ""
        for planned in report.planned
    }
    people = Person.objects.filter(organisation=organisation)
    ids = dict(people.values_list("employee_number", "pk"))
    changed = []
    for person in people.iterator(chunk_size=2000):
        if person.employee_number not in wanted:
            continue
        manager_id = ids.get(wanted[person.employee_number])
        if person.line_manager_id != manager_id:
            person.line_manager_id = manager_id
            person.updated_at = now
            changed.append(person)
    if changed:
        bulk_update_with_history(
            changed,
            Person,
            ["line_manager", "updated_at"],
            batch_size=BATCH_SIZE,
            default_user=actor,
            default_change_reason=reason,
            default_date=now,
        )


def people_import_fail(people_import: PeopleImport, *, actor, message: str) -> PeopleImport:
    """Record that an import stopped before it finished (its transaction wrote nothing)."""
    people_import.refresh_from_db()
    if people_import.status == ImportStatus.DONE:
        return people_import
    return register_update(
        people_import,
        actor=actor,
        change_reason="Import failed",
        status=ImportStatus.FAILED,
        failure_message=message,
        finished_at=timezone.now(),
    )


def _check(people_import, table, mapping, on_progress=None) -> importing.Report:
    organisation = people_import.organisation
    departments = Department.objects.filter(organisation=organisation, archived_at__isnull=True)
    people = Person.objects.filter(organisation=organisation).select_related(
        "department", "line_manager"
    )
    return importing.check_rows(
        table,
        mapping,
        organisation=organisation,
        departments=departments,
        people=people.iterator(chunk_size=2000),
        on_progress=on_progress,
        progress_every=BATCH_SIZE,
    )


def _counts(report: importing.Report) -> dict:
    return {
        "created_count": report.count(importing.Action.CREATE),
        "updated_count": report.count(importing.Action.UPDATE),
        "unchanged_count": report.count(importing.Action.UNCHANGED),
    }


def _refusal(report: importing.Report) -> str:
    rows = report.error_rows
    return (
        f"Nothing was imported: {rows} {'row has' if rows == 1 else 'rows have'} problems "
        "(the people directory changed after the file was checked)."
    )


def _require_clean(people_import: PeopleImport) -> None:
    if people_import.status == ImportStatus.UPLOADED:
        raise ValidationError("Check the file before importing it.", code="unchecked")
    if people_import.errors:
        raise ValidationError(
            "Nothing can be imported until every row is correct. Upload a corrected file.",
            code="errors",
        )


def _remember_mapping(organisation, *, actor, mapping) -> ImportMapping:
    saved = ImportMapping.objects.filter(organisation=organisation, source=SOURCE_HR).first()
    if saved is None:
        return register_create(
            ImportMapping, organisation=organisation, actor=actor, source=SOURCE_HR, mapping=mapping
        )
    if saved.mapping == mapping:
        return saved
    return register_update(saved, actor=actor, mapping=mapping)
