"""Every write of a completion import: upload, check, start, commit.

The page, ``dpassure import-training`` and the background task all go through these. The
import row is the audit of its records: it is created and changed through
``register_create`` / ``register_update`` (with history), and the records it brings in are
bulk inserted with ``source=imported`` and ``training_import`` set, without a history row each.
Nothing is half-imported: the records are written in one transaction with the import's
"done", and a re-run of the same file finds every row already imported.
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from functools import partial
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone

from dpassure.core.services import register_create, register_update
from dpassure.organisations import importing as people_importing
from dpassure.organisations.models import ImportMapping, ImportStatus, Person
from dpassure.training import importing
from dpassure.training.import_services.writers import lock_organisation_imports, progress, writer
from dpassure.training.importing.report import PROBLEMS_CSV_HEADER
from dpassure.training.models import Course, TrainingImport, TrainingRecord

SOURCE_LMS = "lms"
PROGRESS_EVERY = 20_000
NO_ACCOUNT_EXAMPLES = 200
DEFAULT_MAX_BYTES = 512 * 1024 * 1024  # a million-row export is ~60 MB


def max_upload_bytes() -> int:
    return getattr(settings, "DPASSURE_MAX_TRAINING_UPLOAD_BYTES", DEFAULT_MAX_BYTES)


def training_import_upload(
    *, organisation, actor, uploaded_file, source: str = SOURCE_LMS
) -> TrainingImport:
    """Store an uploaded export after making sure it can be read, reading it as a stream.

    Its SHA-256 and encoding are worked out chunk by chunk; its header row is read and the
    mapping starts from the one last confirmed for this source, then from the headers.
    """
    filename = PurePath(uploaded_file.name or "").name
    problem = people_importing.file_problem(
        filename, uploaded_file.size, max_bytes=max_upload_bytes()
    )
    if problem:
        raise ValidationError(problem, code="file")
    scan = importing.ByteScan(filename)
    for chunk in uploaded_file.chunks():
        scan.feed(chunk)
    encoding = scan.encoding()
    uploaded_file.seek(0)
    headers = importing.read_headers(
        importing.iter_rows(filename, _binary(uploaded_file), encoding=encoding)
    )
    uploaded_file.seek(0)
    saved = ImportMapping.objects.filter(organisation=organisation, source=source).first()
    return register_create(
        TrainingImport,
        organisation=organisation,
        actor=actor,
        change_reason="Uploaded",
        uploaded_by=actor,
        source=source,
        filename=filename[:255],
        file=File(uploaded_file, name=filename),
        sha256=scan.sha256.hexdigest(),
        encoding=encoding,
        headers=[header for header in headers if header],
        mapping=importing.guess_mapping(headers, saved.mapping if saved else None),
        total_rows=max(scan.lines - 1, 0),
    )


def same_file_imports(training_import: TrainingImport):
    """Earlier imports of exactly this file (same SHA-256) in the organisation."""
    return TrainingImport.objects.filter(
        organisation=training_import.organisation, sha256=training_import.sha256
    ).exclude(pk=training_import.pk)


def training_import_queue_check(
    training_import: TrainingImport, *, actor, mapping: dict
) -> TrainingImport:
    """Check the mapping now and the rows in the background (``dpassure worker``): a
    million-row export takes longer to check than a page may wait, so the page follows the
    check's progress instead. Raises ``ValidationError`` (by field name) as the check does."""
    from dpassure.training.import_tasks import training_import_check_run

    mapping = _usable_mapping(training_import, mapping)
    with transaction.atomic():
        queued = register_update(
            training_import,
            actor=actor,
            change_reason="Check started",
            mapping=mapping,
            status=ImportStatus.CHECKING,
            processed_rows=0,
            failure_message="",
        )
        transaction.on_commit(
            partial(training_import_check_run.enqueue, queued.pk, getattr(actor, "pk", None))
        )
    return queued


def training_import_check_stopped(
    training_import: TrainingImport, *, actor, message: str
) -> TrainingImport:
    """A background check that could not finish: back to the column matching, with why."""
    return register_update(
        training_import,
        actor=actor,
        change_reason="Check stopped",
        status=ImportStatus.UPLOADED,
        failure_message=message,
    )


def _usable_mapping(training_import: TrainingImport, mapping: dict) -> dict:
    if training_import.status in (ImportStatus.IMPORTING, ImportStatus.DONE):
        raise ValidationError("This file has already been imported.", code="imported")
    if not training_import.file:
        raise ValidationError("The file is no longer stored: upload it again.", code="no_file")
    mapping = {target.name: (mapping.get(target.name) or "") for target in importing.TARGETS}
    problems = importing.mapping_problems(mapping, training_import.headers)
    if problems:
        raise ValidationError(problems)
    return mapping


def training_import_check(
    training_import: TrainingImport,
    *,
    actor,
    mapping: dict,
    today: datetime.date | None = None,
    progress=None,
) -> TrainingImport:
    """Check every row with this mapping, store the data-quality report, remember the mapping
    (``progress``: called with the rows read so far, for the progress page).

    Raises ``ValidationError`` (by field name) when the mapping itself cannot be used.
    """
    mapping = _usable_mapping(training_import, mapping)
    today = today or timezone.localdate()
    with tempfile.TemporaryFile("w+b") as spool:
        text = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")
        sink = csv.writer(text)
        sink.writerow(PROBLEMS_CSV_HEADER)
        checker = _checker(training_import, mapping, today=today, sink=sink)
        for _completion in _run(training_import, checker, progress):
            pass
        report = _report(training_import, checker, today=today, sink=sink)
        text.flush()
        text.detach()
        spool.seek(0)
        old_problems = training_import.problems_file.name
        training_import.problems_file.save(
            f"problems-{training_import.pk}.csv", File(spool), save=False
        )
    with transaction.atomic():
        _remember_mapping(training_import, actor=actor, mapping=mapping)
        checked = register_update(
            training_import,
            actor=actor,
            change_reason="Checked",
            mapping=mapping,
            status=ImportStatus.CHECKED,
            commit_clean_rows=False,
            failure_message="",
            **_counts(report),
        )
    if old_problems:
        training_import.problems_file.storage.delete(old_problems)
    return checked


def training_import_start(
    training_import: TrainingImport, *, actor, commit_clean_rows: bool = False, queue: bool = True
) -> TrainingImport:
    """Record the operator's choice and queue the import (``queue=False``: the caller commits
    it now, as the command does). Starting twice is harmless."""
    from dpassure.training.import_tasks import training_import_run

    with transaction.atomic():
        locked = TrainingImport.objects.select_for_update().get(pk=training_import.pk)
        if locked.status in (ImportStatus.IMPORTING, ImportStatus.DONE):
            return locked
        _require_ready(locked, commit_clean_rows=commit_clean_rows)
        locked = register_update(
            locked,
            actor=actor,
            change_reason="Import started"
            + (" (clean rows only)" if commit_clean_rows and locked.problem_count else ""),
            status=ImportStatus.IMPORTING,
            commit_clean_rows=commit_clean_rows,
            processed_rows=0,
            failure_message="",
        )
        if queue:
            transaction.on_commit(
                partial(training_import_run.enqueue, locked.pk, getattr(actor, "pk", None))
            )
    return locked


class _Changed(Exception):
    """The rows checked differently now: roll the records back and show the new report."""

    def __init__(self, report: dict):
        self.report = report


def training_import_commit(
    training_import: TrainingImport, *, actor, today: datetime.date | None = None
) -> TrainingImport:
    """Write every clean new record, or none.

    The rows are checked again against the directory and courses as they are now, while the
    records are written, all in one transaction. If that check finds other problems than the
    operator saw, everything is rolled back and the new report is stored for them to look at.
    A done import is left alone, so running this twice imports once.
    """
    if training_import.status == ImportStatus.DONE:
        return training_import
    _require_ready(training_import, commit_clean_rows=training_import.commit_clean_rows)
    today = today or timezone.localdate()
    accepted = (training_import.report or {}).get("counts")
    now = timezone.now()
    try:
        with transaction.atomic():
            lock_organisation_imports(training_import.organisation_id)
            locked = TrainingImport.objects.get(pk=training_import.pk)
            if locked.status == ImportStatus.DONE:
                return locked
            checker = _checker(training_import, training_import.mapping, today=today)
            records = writer(training_import, now=now)
            with records, progress(training_import) as report_progress:
                for completion in _run(training_import, checker, report_progress):
                    records.write(completion)
            report = checker.finish()
            if report["counts"] != accepted:
                raise _Changed(report)
            records.remove(checker.conflicted, packer=checker.packer)
            report = {**training_import.report, **report}
            stored = training_import.file.name
            transaction.on_commit(partial(training_import.file.storage.delete, stored))
            return register_update(
                locked,
                actor=actor,
                change_reason="Imported",
                status=ImportStatus.DONE,
                file="",
                processed_rows=report["rows"],
                finished_at=now,
                failure_message="",
                **{k: v for k, v in _counts(report).items() if k != "processed_rows"},
            )
    except _Changed as changed:
        training_import.refresh_from_db()
        return register_update(
            training_import,
            actor=actor,
            change_reason="Import refused",
            status=ImportStatus.CHECKED,
            failure_message="Nothing was imported: the staff directory or the courses changed "
            "after the file was checked, and the rows now check differently. Look at the "
            "problems again before you import.",
            **_counts({**training_import.report, **changed.report}),
        )


def training_import_fail(training_import: TrainingImport, *, actor, message: str):
    """Record that an import stopped before it finished (its transaction wrote nothing)."""
    training_import.refresh_from_db()
    if training_import.status == ImportStatus.DONE:
        return training_import
    return register_update(
        training_import,
        actor=actor,
        change_reason="Import failed",
        status=ImportStatus.FAILED,
        failure_message=message,
        finished_at=timezone.now(),
    )


def training_import_discard_files(training_import: TrainingImport) -> None:
    """Delete the stored file and problem list (the command's dry run keeps neither)."""
    for field_file in (training_import.file, training_import.problems_file):
        if field_file:
            field_file.storage.delete(field_file.name)


# --- Helpers ------------------------------------------------------------------------------


def _binary(django_file):
    """The binary stream under a Django file (which proxies every call to it), for
    ``io.TextIOWrapper`` and openpyxl."""
    stream = django_file
    while not isinstance(stream, io.IOBase) and getattr(stream, "file", None) is not None:
        stream = stream.file
    return stream


def _checker(training_import, mapping, *, today, sink=None) -> importing.Checker:
    organisation = training_import.organisation
    people = Person.objects.filter(organisation=organisation).values_list(
        "pk", "employee_number", "email", "start_date", "leaving_date", "archived_at"
    )
    directory = importing.Directory.build(
        ((pk, n, e, s, lv, a is not None) for pk, n, e, s, lv, a in people.iterator(5000)),
        today=today,
    )
    courses = importing.CourseFinder(
        Course.objects.filter(organisation=organisation, archived_at__isnull=True).values_list(
            "pk", "code", "title", "pass_mark"
        )
    )
    packer = importing.KeyPacker(courses.max_id)
    existing = _existing_keys(organisation, packer)
    return importing.Checker(
        headers=training_import.headers,
        mapping=mapping,
        directory=directory,
        courses=courses,
        existing=existing,
        packer=packer,
        today=today,
        sink=sink,
    )


def _existing_keys(organisation, packer) -> dict[int, int]:
    """The (person, course, date) of every record the organisation has, packed: read with a
    server-side cursor on PostgreSQL, as day numbers rather than dates, for speed."""
    if connection.vendor == "postgresql":
        day = "completed_on - DATE '0001-01-01' + 1"
    else:
        day = "CAST(julianday(completed_on) - 1721424.5 AS INTEGER)"
    table = TrainingRecord._meta.db_table
    span_person, span_course = packer.course_span, packer.date_span
    keys: dict[int, int] = {}
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT person_id, course_id, {day} FROM {table} WHERE organisation_id = %s",
            [organisation.pk],
        )
        while rows := cursor.fetchmany(20_000):
            keys.update(
                dict.fromkeys(
                    (p * span_person + c * span_course + d for p, c, d in rows),
                    importing.checker.EXISTING,
                )
            )
    return keys


def _run(training_import, checker, progress=None):
    """The clean new completions of the file, read as a stream from storage."""
    with training_import.file.open("rb") as stored:
        rows = importing.iter_rows(
            training_import.filename, _binary(stored), encoding=training_import.encoding
        )
        next(rows, None)  # the header row
        for number, row in enumerate(rows, start=2):
            completion = checker.feed(number, row)
            if completion is not None:
                yield completion
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(checker.rows)


def _report(training_import, checker, *, today, sink) -> dict:
    report = checker.finish()
    warnings = []
    if training_import.encoding == "cp1252":
        warnings.append(importing.ENCODING_WARNING)
    skipped = report["skipped_headers"]
    if skipped["count"]:
        rows = ", ".join(str(row) for row in skipped["rows"])
        warnings.append(
            f"{skipped['count']} {'row repeats' if skipped['count'] == 1 else 'rows repeat'} "
            f"the header row and {'was' if skipped['count'] == 1 else 'were'} skipped "
            f"(row {rows}{' …' if skipped['count'] > len(skipped['rows']) else ''})."
        )
    report["warnings"] = warnings
    report["preview_headers"] = [
        importing.TARGETS_BY_NAME[name].header for name in checker.positions
    ]
    report["preview"] = checker.preview
    report["no_account"] = _no_account(training_import, checker.no_account(), sink)
    return report


def _no_account(training_import, missing: set[int], sink) -> dict:
    """People in service with no row in the file: counted, the first listed, all in the CSV."""
    examples = []
    if missing:
        people = (
            Person.objects.filter(organisation=training_import.organisation)
            .order_by("employee_number")
            .values_list("pk", "employee_number", "first_name", "last_name", "department__name")
        )
        for pk, number, first, last, department in people.iterator(5000):
            if pk not in missing:
                continue
            if len(examples) < NO_ACCOUNT_EXAMPLES:
                examples.append(
                    {"employee_number": number, "name": f"{first} {last}", "department": department}
                )
            details = f"{first} {last} is in service and has no row in this file"
            sink.writerow(["", "No learning account", "", number, details])
    return {"count": len(missing), "examples": examples}


def _counts(report: dict) -> dict:
    return {
        "report": report,
        "total_rows": report["rows"],
        "processed_rows": 0,
        "new_count": report["new"],
        "unchanged_count": report["already"],
        "problem_count": report["problem_rows"],
    }


def _require_ready(training_import: TrainingImport, *, commit_clean_rows: bool) -> None:
    if training_import.status == ImportStatus.UPLOADED:
        raise ValidationError("Check the file before importing it.", code="unchecked")
    if training_import.problem_count and not commit_clean_rows:
        raise ValidationError(
            "Some rows have problems. Upload a corrected file, or choose to import the clean "
            "rows and leave the listed rows out.",
            code="problems",
        )


def _remember_mapping(training_import, *, actor, mapping) -> ImportMapping:
    organisation, source = training_import.organisation, training_import.source
    saved = ImportMapping.objects.filter(organisation=organisation, source=source).first()
    if saved is None:
        return register_create(
            ImportMapping, organisation=organisation, actor=actor, source=source, mapping=mapping
        )
    if saved.mapping == mapping:
        return saved
    return register_update(saved, actor=actor, mapping=mapping)
