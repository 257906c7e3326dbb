"""Writing imported records: COPY on PostgreSQL, batched ``bulk_create`` on SQLite.

No history row per record: the import that brought them in is their audit.
"""

from __future__ import annotations

import contextlib

from django.db import connection, connections

from dpassure.training import importing
from dpassure.training.models import TrainingImport, TrainingRecord

RECORDS = TrainingRecord._meta.db_table
SQLITE_BATCH = 2_000


def lock_organisation_imports(organisation_id: int) -> None:
    """One import commits at a time per organisation (SQLite writes one at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [5_2026, organisation_id])


def writer(training_import, *, now):
    if connection.vendor == "postgresql":
        return _CopyWriter(training_import, now=now)
    return _BatchWriter(training_import, now=now)


class _CopyWriter:
    """PostgreSQL: the records go straight into the table with COPY, 1,000 rows a write."""

    SQL = (
        f"COPY {RECORDS} (created_at, updated_at, organisation_id, training_import_id, source, "
        "person_id, course_id, completed_on, score, passed, certificate_reference) FROM STDIN"
    )

    def __init__(self, training_import, *, now):
        stamp = now.isoformat()
        self.prefix = (
            f"{stamp}\t{stamp}\t{training_import.organisation_id}\t{training_import.pk}\timported\t"
        )
        self.training_import = training_import
        self.parts: list[str] = []
        self.size = 0

    def __enter__(self):
        self.cursor = connection.cursor()
        self._copy = self.cursor.cursor.copy(self.SQL)
        self.copy = self._copy.__enter__()
        return self

    def write(self, completion: importing.Completion) -> None:
        score = "\\N" if completion.score is None else str(completion.score)
        certificate = completion.certificate_reference
        if certificate and any(c in certificate for c in "\\\t\n\r"):
            certificate = (
                certificate.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
        line = (
            f"{self.prefix}{completion.person_id}\t{completion.course_id}\t"
            f"{completion.completed_on.isoformat()}\t{score}\t"
            f"{'t' if completion.passed else 'f'}\t{certificate}\n"
        )
        self.parts.append(line)
        self.size += 1
        if self.size >= 1000:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.copy.write("".join(self.parts))
            self.parts, self.size = [], 0

    def __exit__(self, kind, error, trace):
        if kind is None:
            self.flush()
        try:
            return self._copy.__exit__(kind, error, trace)
        finally:
            self.cursor.close()

    def remove(self, conflicted: dict, *, packer) -> None:
        _remove(self.training_import, conflicted, packer)


class _BatchWriter:
    """SQLite (demo and tests): ``bulk_create(ignore_conflicts=True)`` in batches."""

    def __init__(self, training_import, *, now):
        self.training_import, self.now = training_import, now
        self.batch: list[TrainingRecord] = []

    def __enter__(self):
        return self

    def write(self, completion: importing.Completion) -> None:
        self.batch.append(
            TrainingRecord(
                organisation_id=self.training_import.organisation_id,
                training_import_id=self.training_import.pk,
                source="imported",
                person_id=completion.person_id,
                course_id=completion.course_id,
                completed_on=completion.completed_on,
                score=completion.score,
                passed=completion.passed,
                certificate_reference=completion.certificate_reference,
                created_at=self.now,
                updated_at=self.now,
            )
        )
        if len(self.batch) >= SQLITE_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            TrainingRecord.objects.bulk_create(self.batch, ignore_conflicts=True)
            self.batch = []

    def __exit__(self, kind, error, trace):
        if kind is None:
            self.flush()
        return False

    def remove(self, conflicted: dict, *, packer) -> None:
        _remove(self.training_import, conflicted, packer)


def _remove(training_import, conflicted: dict, packer) -> None:
    """Take back out the first row of each conflict (written before the conflict was seen)."""
    if not conflicted:
        return
    sql = (
        f"DELETE FROM {RECORDS} WHERE training_import_id = %s AND person_id = %s "
        "AND course_id = %s AND completed_on = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(training_import.pk, *packer.unpack(key)) for key in conflicted])


@contextlib.contextmanager
def progress(training_import):
    """A callable that records how many rows are done, so the progress page can show it.

    The records are written in one transaction, which other connections cannot see into; on
    PostgreSQL the counter is written through a second, autocommit connection. On SQLite
    there is one writer at a time, so the counter moves only inside the transaction.
    """
    table = TrainingImport._meta.db_table
    sql = f"UPDATE {table} SET processed_rows = %s WHERE id = %s"
    if connection.vendor != "postgresql":

        def local(done: int) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql, [done, training_import.pk])

        yield local
        return
    side = connections.create_connection(connection.alias)
    try:

        def report(done: int) -> None:
            with side.cursor() as cursor:
                cursor.execute(sql, [done, training_import.pk])

        yield report
    finally:
        side.close()
