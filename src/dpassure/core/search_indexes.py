"""Trigram indexes that make register search (``icontains``) fast on PostgreSQL.

Django searches with ``UPPER(column) LIKE UPPER('%term%')``, which no B-tree index serves; a
GIN index of ``UPPER(column)`` with ``gin_trgm_ops`` does (measured in bench/people.py and
bench/rights.py: a 1,000,000-row search from about 650 ms to under 25 ms). SQLite has no such
index and needs none at its scale, so the migration does nothing there. Creating the pg_trgm
extension needs a role allowed to; without it the indexes are skipped with a message, and
search still works, only slower.
"""

from django.db import migrations, transaction
from django.db.utils import DatabaseError


def trigram_indexes(table: str, columns: list[str]) -> migrations.RunPython:
    names = [f"{table}_{column}_trgm" for column in columns]

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            print(
                f"\n  pg_trgm is not available: search on {table} will not be indexed. "
                "Ask your database administrator to run CREATE EXTENSION pg_trgm."
            )
            return
        for name, column in zip(names, columns, strict=True):
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f'USING gin ((UPPER("{column}")) gin_trgm_ops)'
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in names:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(create, drop, elidable=False)
