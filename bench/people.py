"""Benchmark of the staff directory (people) pages at 10,000 and 1,000,000 rows.

Run from the repository root:

    uv run python bench/people.py [--rows 10000 1000000] [--repeat 50]

It needs a local PostgreSQL (trust auth, user ``postgres``). The database named by
``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/dpassure_bench``) is created if
missing, migrated, and emptied with TRUNCATE before each size. ``--drop-db`` drops it at the end.
See bench/README.md for what is measured and how to read the results.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import math
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dpassure_bench"

# Targets (from the brief): p95 at 1M rows, growth against 10k rows, constant query count.
TARGET_P95_MS = 100.0
TARGET_RATIO = 1.5

MAIN_SLUG = "bench-force"
OTHER_SLUG = "bench-other"
MAIN_DEPARTMENTS = 60
OTHER_DEPARTMENTS = 8
SURNAME_SLOTS = 10_000  # resolution of the weighted surname lookup table
SEARCH_SHARE = 0.003  # search for a surname held by about 0.3 % of people
ARCHIVED_SHARE = 0.01
LEAVER_SHARE = 0.15
NO_DEPARTMENT_SHARE = 0.01
JOB_TITLES = [
    "Police Constable",
    "Detective Constable",
    "Sergeant",
    "Detective Sergeant",
    "Inspector",
    "Chief Inspector",
    "Superintendent",
    "PCSO",
    "Special Constable",
    "Intelligence Analyst",
    "Data Protection Officer",
    "Information Governance Officer",
    "Records Manager",
    "Call Handler",
    "HR Adviser",
    "Finance Officer",
    "Digital Forensics Investigator",
    "Custody Detention Officer",
    "Volunteer",
    "Contractor",
]


# --- Environment and database -------------------------------------------------------------


def configure_environment() -> None:
    """The production settings module, as a deployment runs it, pointed at the bench database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dpassure.settings")
    os.environ.setdefault("DPASSURE_DEBUG", "false")
    os.environ.setdefault(
        "SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-not-for-prod"
    )
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("DPASSURE_LOG_LEVEL", "ERROR")


def _admin_connection(database_url: str):
    """An autocommit connection to the server's ``postgres`` database, and the bench db name."""
    import psycopg

    parts = urlsplit(database_url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"bench/people.py needs PostgreSQL; DATABASE_URL is {parts.scheme}://…")
    name = unquote(parts.path.lstrip("/"))
    conn = psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=unquote(parts.username or "postgres"),
        password=unquote(parts.password) if parts.password else None,
        dbname="postgres",
        autocommit=True,
    )
    return conn, name


def create_database_if_missing(database_url: str) -> None:
    from psycopg import sql

    conn, name = _admin_connection(database_url)
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def drop_database(database_url: str) -> None:
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    conn, name = _admin_connection(database_url)
    with conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        conn.execute(drop)
    print(f"dropped database {name}")


def setup_django() -> None:
    import warnings

    import django

    # WhiteNoise warns that STATIC_ROOT does not exist: collectstatic is not run for the bench.
    warnings.filterwarnings("ignore", message="No directory at")
    from django.test.utils import override_settings

    django.setup()
    # `collectstatic` is not run for the benchmark, so {% static %} must not need a manifest:
    # the same plain storage the test settings use. Static URLs are not what is measured.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()


# --- Data --------------------------------------------------------------------------------


def surname_weights() -> dict[str, float]:
    from faker.providers.person.en_GB import Provider

    return dict(Provider.last_names)


def first_names() -> list[str]:
    from faker.providers.person.en_GB import Provider

    return sorted(set(Provider.first_names_female) | set(Provider.first_names_male))


def surname_slots() -> list[str]:
    """A lookup table in which each surname fills slots in proportion to its UK frequency."""
    weights = surname_weights()
    total = sum(weights.values())
    slots: list[str] = []
    for name, weight in weights.items():
        slots.extend([name] * max(1, round(weight / total * SURNAME_SLOTS)))
    return slots


def search_surname() -> str:
    """A surname held by about SEARCH_SHARE of people that is not part of another surname."""
    weights = surname_weights()
    total = sum(weights.values())
    names = list(weights)

    def standalone(name: str) -> bool:
        low = name.lower()
        return len(name) >= 5 and not any(low in other.lower() for other in names if other != name)

    candidates = [name for name in names if standalone(name) and name.isalpha()]
    return min(candidates, key=lambda name: (abs(weights[name] / total - SEARCH_SHARE), name))


def reset_database() -> None:
    """Empty every table the benchmark fills, so sizes reuse the same migrated database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND (tablename LIKE 'organisations\\_%%' OR tablename IN "
            "('auth_user', 'django_session', 'authtoken_token'))"
        )
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        )


def create_fixtures():
    """Two organisations, their departments, and a viewer who belongs to both."""
    from django.contrib.auth import get_user_model

    from dpassure.organisations.models import Department, Membership, Organisation

    main = Organisation.objects.create(
        kind="police_force", name="Bench Constabulary", slug=MAIN_SLUG
    )
    other = Organisation.objects.create(
        kind="police_force", name="Other Constabulary", slug=OTHER_SLUG
    )
    user = get_user_model().objects.create_user("bench-viewer", email="viewer@example.org")
    Membership.objects.create(organisation=main, user=user, role="viewer")
    Membership.objects.create(organisation=other, user=user, role="viewer")
    departments = {}
    for org, count in ((main, MAIN_DEPARTMENTS), (other, OTHER_DEPARTMENTS)):
        top = Department.objects.bulk_create(
            Department(organisation=org, name=f"Directorate {i:02d}", code=f"D{i:02d}")
            for i in range(1, 11)
        )
        units = Department.objects.bulk_create(
            Department(
                organisation=org, name=f"Unit {i:02d}", code=f"U{i:02d}", parent=top[i % len(top)]
            )
            for i in range(1, count - len(top) + 1)
        )
        departments[org.pk] = [d.pk for d in (top + units)[:count]]
    return main, other, user, departments


PERSON_INSERT = """
INSERT INTO organisations_person (
    created_at, updated_at, archived_at, employee_number, first_name, last_name, email,
    job_title, start_date, leaving_date, archived_by_id, department_id, organisation_id
)
SELECT
    p.created, p.created + interval '1 day',
    CASE WHEN p.r_archived < %(archived_share)s THEN p.created + interval '400 days' END,
    %(prefix)s || lpad(p.g::text, 8, '0'),
    p.first_name,
    p.last_name,
    lower(regexp_replace(p.first_name || '.' || p.last_name, '[^A-Za-z.]', '', 'g'))
        || p.g || '@' || %(domain)s,
    p.job_title,
    p.start_date,
    CASE WHEN p.r_leaver < %(leaver_share)s
         THEN p.start_date + 1 + floor(p.r_leaver * 40000)::int END,
    NULL,
    CASE WHEN p.r_department < %(no_department_share)s THEN NULL
         ELSE (%(departments)s::bigint[])[1 + floor(random() * %(department_count)s)::int] END,
    %(organisation_id)s
FROM (
    SELECT
        g,
        (%(first_names)s::text[])[1 + floor(random() * %(first_name_count)s)::int] AS first_name,
        (%(surnames)s::text[])[1 + floor(random() * %(surname_count)s)::int] AS last_name,
        (%(job_titles)s::text[])[1 + floor(random() * %(job_title_count)s)::int] AS job_title,
        date '1985-01-01' + floor(random() * 14000)::int AS start_date,
        timestamptz '2024-01-01 09:00+00' + random() * interval '500 days' AS created,
        random() AS r_archived,
        random() AS r_leaver,
        random() AS r_department
    FROM generate_series(1, %(rows)s) AS g
) AS p
"""


def load_people(organisation, departments: list[int], rows: int, prefix: str, seed: float) -> None:
    from django.db import connection

    surnames, names = surname_slots(), first_names()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        cursor.execute(
            PERSON_INSERT,
            {
                "archived_share": ARCHIVED_SHARE,
                "leaver_share": LEAVER_SHARE,
                "no_department_share": NO_DEPARTMENT_SHARE,
                "prefix": prefix,
                "domain": f"{organisation.slug}.police.uk",
                "departments": departments,
                "department_count": len(departments),
                "organisation_id": organisation.pk,
                "first_names": names,
                "first_name_count": len(names),
                "surnames": surnames,
                "surname_count": len(surnames),
                "job_titles": JOB_TITLES,
                "job_title_count": len(JOB_TITLES),
                "rows": rows,
            },
        )


def load(rows: int, other_rows: int) -> dict:
    from django.db import connection

    started = time.perf_counter()
    reset_database()
    main, other, user, departments = create_fixtures()
    load_people(main, departments[main.pk], rows, "E", seed=0.42)
    load_people(other, departments[other.pk], other_rows, "X", seed=0.24)
    loaded = time.perf_counter()
    # VACUUM as autovacuum would after a bulk load (visibility map, hint bits), ANALYZE, and a
    # CHECKPOINT so the load's dirty pages are not being written out while pages are timed.
    vacuum_analyze(
        (
            "organisations_person",
            "organisations_department",
            "organisations_membership",
            "organisations_organisation",
            "auth_user",
        )
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('organisations_person')")
        total_bytes = cursor.fetchone()[0]
        cursor.execute("SELECT pg_relation_size('organisations_person')")
        heap_bytes = cursor.fetchone()[0]
    return {
        "main": main,
        "other": other,
        "user": user,
        "departments": departments,
        "load_seconds": round(loaded - started, 1),
        "vacuum_analyze_seconds": round(time.perf_counter() - loaded, 1),
        "table_mb": round(heap_bytes / 2**20, 1),
        "table_with_indexes_mb": round(total_bytes / 2**20, 1),
    }


# --- Measurement --------------------------------------------------------------------------

# Two surnames of about the same frequency (~0.3 % of people each, neither part of another
# surname): one early in the alphabet and one late, because a name-ordered index walk that
# filters on the search term costs more the further into the alphabet the matches are.
SEARCH_EARLY = "Chapman"
SEARCH_LATE = "Wilkinson"


def _scalar(sql: str, params: list):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def pages_for(data: dict) -> list[tuple[str, str, dict]]:
    """(name, URL, expectations) of the pages measured."""
    main = data["main"]
    live_sql = "FROM organisations_person WHERE organisation_id = %s AND archived_at IS NULL"
    (live,) = _scalar(f"SELECT count(*) {live_sql}", [main.pk])
    person_id, employee_number = _scalar(
        f"SELECT id, employee_number {live_sql} ORDER BY employee_number OFFSET %s LIMIT 1",
        [main.pk, live // 2],
    )
    matches = {}
    for surname in (SEARCH_EARLY, SEARCH_LATE):
        (matches[surname],) = _scalar(
            f"SELECT count(*) {live_sql} AND (upper(employee_number) LIKE %s OR upper(first_name) "
            "LIKE %s OR upper(last_name) LIKE %s OR upper(email) LIKE %s)",
            [main.pk] + [f"%{surname.upper()}%"] * 4,
        )
    department_id = data["departments"][main.pk][MAIN_DEPARTMENTS // 2]
    (department_count,) = _scalar(
        f"SELECT count(*) {live_sql} AND department_id = %s", [main.pk, department_id]
    )
    base = f"/o/{main.slug}/people/"
    deep_page = max(1, min(200, live // 25))  # page 200 (OFFSET 4,975) where there is one
    data["targets"] = {
        "live_people": live,
        "person_id": person_id,
        "search_matches": matches,
        "department_id": department_id,
        "department_people": department_count,
    }
    return [
        ("list page 1", base, {"rows": min(25, live)}),
        (f"list page {deep_page}", f"{base}?page={deep_page}", {"rows": 25}),
        ("list sort employee_number", f"{base}?sort=employee_number", {"rows": 25}),
        (
            "list filter department",
            f"{base}?department={department_id}",
            {"rows": min(25, department_count)},
        ),
        (
            f"list search {SEARCH_EARLY}",
            f"{base}?q={SEARCH_EARLY}",
            {"rows": min(25, matches[SEARCH_EARLY]), "contains": SEARCH_EARLY},
        ),
        (
            f"list search {SEARCH_LATE}",
            f"{base}?q={SEARCH_LATE}",
            {"rows": min(25, matches[SEARCH_LATE]), "contains": SEARCH_LATE},
        ),
        ("person detail", f"{base}{person_id}/", {"contains": employee_number}),
        ("api list", f"/api/v1/o/{main.slug}/people/", {"results": 50}),
    ]


ROW_RE = re.compile(r'<tr class="govuk-table__row">')


def check(name: str, response, expect: dict) -> None:
    """Fail loudly if a page does not show what it should (a fast error page is no result)."""
    if response.status_code != 200:
        raise SystemExit(f"{name}: HTTP {response.status_code}")
    if "results" in expect:
        body = response.json()
        if len(body["results"]) != expect["results"]:
            raise SystemExit(f"{name}: {len(body['results'])} results, wanted {expect['results']}")
        return
    html = response.content.decode()
    if "rows" in expect:
        rows = len(ROW_RE.findall(html)) - 1  # less the header row
        if rows != expect["rows"]:
            raise SystemExit(f"{name}: {rows} table rows, wanted {expect['rows']}")
    if "contains" in expect and expect["contains"] not in html:
        raise SystemExit(f"{name}: page does not contain {expect['contains']!r}")


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def capture(client, name: str, url: str, expect: dict) -> list[dict]:
    """The queries of one request: counted by CaptureQueriesContext, timed by a wrapper."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query_ms: list[float] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            query_ms.append((time.perf_counter() - started) * 1000)

    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
        check(name, client.get(url), expect)
    if len(query_ms) != len(captured.captured_queries):  # pragma: no cover - defensive
        query_ms = [float(q["time"]) * 1000 for q in captured.captured_queries]
    return [
        {"sql": q["sql"], "ms": round(ms, 2)}
        for q, ms in zip(captured.captured_queries, query_ms, strict=True)
    ]


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


IDLE_LOAD: float | None = None  # --wait-for-idle
IDLE_MAX_WAIT_S = 300


def wait_for_idle() -> None:
    """Wait (up to IDLE_MAX_WAIT_S) for the 1-minute load average to fall below IDLE_LOAD."""
    if IDLE_LOAD is None:
        return
    deadline = time.monotonic() + IDLE_MAX_WAIT_S
    while os.getloadavg()[0] > IDLE_LOAD and time.monotonic() < deadline:
        time.sleep(5)


def measure_pages(client, pages, repeat: int, warmup: int) -> list[dict]:
    """Warm every page up, capture each page's queries, then time ``repeat`` rounds.

    Rounds go through the pages in turn (round-robin), so a burst of load from elsewhere on the
    machine lands on all pages alike rather than on whichever page was being timed.
    """
    for _ in range(warmup):
        for name, url, expect in pages:
            check(name, client.get(url), expect)
    captured = {name: capture(client, name, url, expect) for name, url, expect in pages}
    wait_for_idle()
    timings: dict[str, list[float]] = {name: [] for name, _, _ in pages}
    load_before = os.getloadavg()[0]
    gc.collect()
    for _ in range(repeat):
        for name, url, _expect in pages:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{name}: HTTP {response.status_code} during timing")
            timings[name].append(elapsed * 1000)
    load_after = os.getloadavg()[0]
    results = []
    for name, url, _expect in pages:
        queries, times = captured[name], timings[name]
        selects = [q for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
        slowest = max(selects, key=lambda q: q["ms"]) if selects else None
        results.append(
            {
                "page": name,
                "url": url,
                "median_ms": round(statistics.median(times), 2),
                "p95_ms": round(percentile(times, 0.95), 2),
                "min_ms": round(min(times), 2),
                "max_ms": round(max(times), 2),
                "queries": len(queries),
                "sql_ms": round(sum(q["ms"] for q in queries), 2),
                "captured_queries": queries,
                "slowest_query": slowest
                and {"sql": slowest["sql"], "ms": slowest["ms"], "plan": explain(slowest["sql"])},
                "timings_ms": [round(t, 3) for t in times],
                "loadavg_1min": [load_before, load_after],
            }
        )
    return results


def print_pages(results: list[dict]) -> None:
    for result in results:
        print(
            f"  {result['page']:28} median {result['median_ms']:8.2f} ms  "
            f"p95 {result['p95_ms']:8.2f} ms  {result['queries']:2d} queries "
            f"({result['sql_ms']:.1f} ms SQL; slowest "
            f"{result['slowest_query']['ms'] if result['slowest_query'] else 0:.1f} ms)",
            flush=True,
        )
    load = results[0]["loadavg_1min"]
    print(f"  (1-minute load average {load[0]:.2f} before timing, {load[1]:.2f} after)", flush=True)


# --- Candidate fixes, tried in the bench database only ------------------------------------
#
# Nothing here changes the project: indexes are created in the throw-away bench database
# through Django's own schema editor (so the DDL is what a migration with these definitions
# would run), and the ordering change is patched into this process only. Each is undone
# before the next size is loaded.


def _person_index(fields: list[str]):
    from dpassure.organisations.models import Person

    return next(index for index in Person._meta.indexes if index.fields == fields)


def fix_covering_indexes():
    """Capped counts read only the index: INCLUDE archived_at, and id in the department index."""
    from django.db import models

    replaced = [
        _person_index(["organisation", "last_name", "first_name", "id"]),
        _person_index(["organisation", "department", "last_name"]),
    ]
    added = [
        models.Index(
            fields=["organisation", "last_name", "first_name", "id"],
            include=["archived_at"],
            name="person_org_name_cover_idx",
        ),
        models.Index(
            fields=["organisation", "department", "last_name", "first_name", "id"],
            include=["archived_at"],
            name="person_org_dept_name_cover_idx",
        ),
    ]
    return {"drop": replaced, "add": added, "sql": []}


SEARCH_FIELDS = ("employee_number", "first_name", "last_name", "email")


def fix_trigram_indexes():
    """pg_trgm GIN indexes on UPPER(field), the expression Django's icontains compares."""
    from django.contrib.postgres.indexes import GinIndex, OpClass
    from django.db.models import OrderBy
    from django.db.models.functions import Collate, Upper
    from django.db.models.indexes import IndexExpression

    # OpClass in an index expression needs what django.contrib.postgres's AppConfig.ready()
    # registers; the project does not install that app, so register it in this process.
    IndexExpression.register_wrappers(OrderBy, OpClass, Collate)

    added = [
        GinIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=f"person_{field}_trgm")
        for field in SEARCH_FIELDS
    ]
    return {"drop": [], "add": added, "sql": ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]}


def fix_search_ordering():
    """While searching, order names by Lower(...): no index gives that order, so PostgreSQL
    takes the trigram bitmap scan and sorts the matches instead of walking the name index."""
    from django.db.models import CharField, TextField
    from django.db.models.functions import Lower

    from dpassure.core.registers.views import RegisterListView

    original = RegisterListView.ordering

    def ordering(self):
        keys = original(self)
        if not self.request.GET.get("q", "").strip():
            return keys
        text = {f.name for f in self.model._meta.fields if isinstance(f, (CharField, TextField))}
        out = []
        for key in keys:
            name = key.removeprefix("-") if isinstance(key, str) else None
            if name in text:
                key = Lower(name).desc() if key.startswith("-") else Lower(name).asc()
            out.append(key)
        return out

    return {"patch": (RegisterListView, "ordering", original, ordering)}


FIXES = [
    ("A covering indexes", fix_covering_indexes),
    ("B + trigram GIN", fix_trigram_indexes),
    ("C + search order", fix_search_ordering),
]


def apply_fix(fix: dict) -> list[str]:
    """Apply one fix; return the DDL it ran."""
    from django.db import connection

    from dpassure.organisations.models import Person

    ran = []
    with connection.schema_editor(collect_sql=False) as editor:
        for statement in fix.get("sql", []):
            editor.execute(statement)
            ran.append(statement)
        for index in fix.get("drop", []):
            editor.remove_index(Person, index)
            ran.append(str(index.remove_sql(Person, editor)))
        for index in fix.get("add", []):
            editor.add_index(Person, index)
            ran.append(str(index.create_sql(Person, editor)))
    if "patch" in fix:
        owner, attribute, _original, patched = fix["patch"]
        setattr(owner, attribute, patched)
        ran.append(f"patched {owner.__name__}.{attribute} (in this process only)")
    return ran


def undo_fix(fix: dict) -> None:
    from django.db import connection

    from dpassure.organisations.models import Person

    if "patch" in fix:
        owner, attribute, original, _patched = fix["patch"]
        setattr(owner, attribute, original)
    with connection.schema_editor() as editor:
        for index in fix.get("add", []):
            editor.remove_index(Person, index)
        for index in fix.get("drop", []):
            editor.add_index(Person, index)


def vacuum_analyze(tables=("organisations_person",)) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')
        cursor.execute("CHECKPOINT")


def restore_schema() -> None:
    """Undo the candidate fixes if an earlier run stopped before it could (idempotent)."""
    from django.db import connection

    from dpassure.organisations.models import Person

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'organisations_person'")
        present = {row[0] for row in cursor.fetchall()}
    with connection.schema_editor() as editor:
        for _label, make in FIXES:
            fix = make()
            for index in fix.get("add", []):
                if index.name in present:
                    editor.remove_index(Person, index)
            for index in fix.get("drop", []):
                if index.name not in present:
                    editor.add_index(Person, index)


def run_size(rows: int, other_rows: int, repeat: int, warmup: int, try_fixes: bool) -> dict:
    from django.test import Client

    print(f"\n## {rows:,} people (+{other_rows:,} in a second organisation)", flush=True)
    data = load(rows, other_rows)
    print(
        f"loaded in {data['load_seconds']} s, VACUUM ANALYZE {data['vacuum_analyze_seconds']} s; "
        f"organisations_person {data['table_mb']} MB heap, "
        f"{data['table_with_indexes_mb']} MB with indexes",
        flush=True,
    )
    pages = pages_for(data)
    print("targets: " + json.dumps(data["targets"]), flush=True)
    client = Client()
    client.force_login(data["user"])
    results = measure_pages(client, pages, repeat, warmup)
    print_pages(results)
    size = {
        "rows": rows,
        "other_rows": other_rows,
        "load": {
            k: data[k]
            for k in ("load_seconds", "vacuum_analyze_seconds", "table_mb", "table_with_indexes_mb")
        },
        "targets": data["targets"],
        "pages": results,
        "variants": [],
    }
    if try_fixes:
        applied = []
        try:
            for label, make in FIXES:
                fix = make()
                applied.append(fix)
                started = time.perf_counter()
                ddl = apply_fix(fix)
                vacuum_analyze()
                print(
                    f"\n### with fixes {label} ({time.perf_counter() - started:.1f} s to apply)",
                    flush=True,
                )
                variant = measure_pages(client, pages, repeat, warmup)
                print_pages(variant)
                size["variants"].append({"label": label, "ddl": ddl, "pages": variant})
        finally:
            for fix in reversed(applied):
                undo_fix(fix)
    return size


# --- Report -------------------------------------------------------------------------------


def verdicts(sizes: list[dict], key=lambda size: size["pages"]) -> dict[str, dict]:
    """Per page: p95 at the largest size, its ratio to the smallest size's, and what misses."""
    small, large = key(sizes[0]), key(sizes[-1])
    out = {}
    for index, (page_small, page_large) in enumerate(zip(small, large, strict=True)):
        several = len(sizes) > 1
        ratio = page_large["p95_ms"] / page_small["p95_ms"] if several else None
        median_ratio = page_large["median_ms"] / page_small["median_ms"] if several else None
        query_counts = [key(size)[index]["queries"] for size in sizes]
        misses = []
        if page_large["p95_ms"] > TARGET_P95_MS:
            misses.append(f"p95 {page_large['p95_ms']:.1f} ms > {TARGET_P95_MS:.0f} ms")
        if len(sizes) > 1 and ratio is not None and ratio > TARGET_RATIO:
            misses.append(f"ratio {ratio:.2f} > {TARGET_RATIO}")
        if len(set(query_counts)) > 1:
            misses.append(f"query count changes with rows: {query_counts}")
        out[page_small["page"]] = {
            "p95_ms_largest": page_large["p95_ms"],
            "ratio": round(ratio, 2) if ratio is not None else None,
            "median_ratio": round(median_ratio, 2) if median_ratio is not None else None,
            "query_counts": query_counts,
            "misses": misses,
        }
    return out


def markdown_table(sizes: list[dict], key=lambda size: size["pages"]) -> str:
    lines = [
        "| size | page | median ms | p95 ms | queries |",
        "| ---: | --- | ---: | ---: | ---: |",
    ]
    for size in sizes:
        for page in key(size):
            lines.append(
                f"| {size['rows']:,} | {page['page']} | {page['median_ms']:.1f} | "
                f"{page['p95_ms']:.1f} | {page['queries']} |"
            )
    return "\n".join(lines)


def markdown_verdict(sizes: list[dict], verdict: dict[str, dict]) -> str:
    small, large = sizes[0]["rows"], sizes[-1]["rows"]
    lines = [
        f"| page | p95 at {large:,} | p95 {large:,} / p95 {small:,} | median ratio "
        "| queries per size | verdict |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for page, v in verdict.items():
        status = "MISS: " + "; ".join(v["misses"]) if v["misses"] else "ok"
        counts = " / ".join(str(c) for c in v["query_counts"])
        ratio = f"{v['ratio']:.2f}" if v["ratio"] is not None else "n/a"
        median = f"{v['median_ratio']:.2f}" if v["median_ratio"] is not None else "n/a"
        lines.append(
            f"| {page} | {v['p95_ms_largest']:.1f} | {ratio} | {median} | {counts} | {status} |"
        )
    return "\n".join(lines)


def print_plans(title: str, size: dict, pages: list[dict], verdict: dict[str, dict]) -> None:
    for page in pages:
        if not verdict[page["page"]]["misses"] or not page["slowest_query"]:
            continue
        query = page["slowest_query"]
        print(
            f"\n### {title}: {page['page']} at {size['rows']:,} rows, slowest query "
            f"({query['ms']} ms when captured)\n"
        )
        print("```sql")
        print(query["sql"])
        print("```\n```")
        print(query["plan"])
        print("```")


def code_version() -> dict:
    """The commit measured and the files under src/ with uncommitted changes (read-only git)."""
    import subprocess

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=BENCH_DIR.parent, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    return {
        "head": git("rev-parse", "HEAD"),
        "src_changes": git("status", "--porcelain", "--", "src").splitlines(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows",
        type=int,
        nargs="+",
        default=[10_000, 1_000_000],
        help="people in the measured organisation, one run per size",
    )
    parser.add_argument(
        "--other-rows", type=int, default=3_000, help="people in the second organisation (scoping)"
    )
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first")
    parser.add_argument(
        "--try-fixes",
        action="store_true",
        help="after each size, also measure with the candidate fixes applied "
        "(in the bench database and this process only)",
    )
    parser.add_argument(
        "--wait-for-idle",
        type=float,
        metavar="LOAD",
        default=None,
        help="before timing, wait up to 5 minutes for the 1-minute load average "
        "to fall below LOAD (the machine is shared)",
    )
    parser.add_argument("--drop-db", action="store_true", help="drop the bench database at the end")
    parser.add_argument("--output", type=Path, default=None, help="JSON results file")
    args = parser.parse_args(argv)
    global IDLE_LOAD
    IDLE_LOAD = args.wait_for_idle
    code = code_version()  # before anything runs: what is measured is what was imported

    configure_environment()
    create_database_if_missing(os.environ["DATABASE_URL"])
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    print("migrating…", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    restore_schema()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        server = cursor.fetchone()[0]
        settings_shown = {}
        for name in (
            "shared_buffers",
            "work_mem",
            "effective_cache_size",
            "random_page_cost",
            "jit",
            "max_parallel_workers_per_gather",
        ):
            cursor.execute(f"SHOW {name}")
            settings_shown[name] = cursor.fetchone()[0]

    started = datetime.datetime.now(datetime.UTC)
    sizes = [
        run_size(rows, args.other_rows, args.repeat, args.warmup, args.try_fixes)
        for rows in sorted(set(args.rows))
    ]
    verdict = verdicts(sizes)

    print("\n## Results as the code stands\n")
    print(markdown_table(sizes))
    print()
    print(markdown_verdict(sizes, verdict))
    print_plans("as is", sizes[-1], sizes[-1]["pages"], verdict)

    variant_verdicts = {}
    if args.try_fixes:
        for position, (label, _make) in enumerate(FIXES):

            def key(size, position=position):
                return size["variants"][position]["pages"]

            variant_verdicts[label] = verdicts(sizes, key)
            print(f"\n## With candidate fixes {label} (cumulative; bench database only)\n")
            print(markdown_table(sizes, key))
            print()
            print(markdown_verdict(sizes, variant_verdicts[label]))
            print_plans(label, sizes[-1], key(sizes[-1]), variant_verdicts[label])
        print("\nDDL of the fixes, as Django's schema editor ran it:")
        for variant in sizes[-1]["variants"]:
            for statement in variant["ddl"]:
                print(f"  [{variant['label']}] {statement};")

    print("\n## Verdict\n")
    misses = {page: v["misses"] for page, v in verdict.items() if v["misses"]}
    for page, why in misses.items():
        print(f"- MISS {page}: {'; '.join(why)}")
    if not misses:
        print("- every page meets the targets")
    if variant_verdicts:
        last_label = FIXES[-1][0]
        still = {p: v["misses"] for p, v in variant_verdicts[last_label].items() if v["misses"]}
        print(
            "- with all candidate fixes: "
            + (
                "every page meets the targets"
                if not still
                else "; ".join(f"{p} still misses ({', '.join(w)})" for p, w in still.items())
            )
        )

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = args.output or RESULTS_DIR / f"people-{started:%Y-%m-%d}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "benchmark": "people",
                "started_at": started.isoformat(),
                "finished_at": datetime.datetime.now(datetime.UTC).isoformat(),
                "argv": sys.argv[1:] if argv is None else argv,
                "repeat": args.repeat,
                "warmup": args.warmup,
                "targets": {
                    "p95_ms_at_largest": TARGET_P95_MS,
                    "max_ratio": TARGET_RATIO,
                    "queries": "constant across sizes",
                },
                "code": code,
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                    "postgres": server,
                    "postgres_settings": settings_shown,
                },
                "sizes": sizes,
                "verdict": verdict,
                "variant_verdicts": variant_verdicts,
            },
            indent=2,
        )
    )
    print(f"\nresults written to {output}")
    if args.drop_db:
        drop_database(os.environ["DATABASE_URL"])
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH_DIR.parent / "src"))
    sys.exit(main())
