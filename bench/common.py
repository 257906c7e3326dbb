"""The harness the page benchmarks share: people.py, rights.py and incidents.py.

Each of those scripts describes itself with a ``PageBenchmark`` (its data, its pages and its
candidate indexes) and hands it to ``main``, which does the rest the same way for all of them:
the settings and the bench database, warm-up, query capture, round-robin timing, verdicts
against the targets, the markdown tables, the plans of the pages that miss, and the JSON
results. The database helpers are also used by training_import.py and training_report.py.
See bench/README.md for the method.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"

# Targets (from the brief): p95 at 1M rows, growth against 10k rows, constant query count.
TARGET_P95_MS = 100.0
TARGET_RATIO = 1.5

IDLE_MAX_WAIT_S = 300  # --wait-for-idle waits at most this long before each set of rounds
POSTGRES_SETTINGS = ("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost")


# --- Environment and database -------------------------------------------------------------


def configure_environment(database_url: str | None = None) -> None:
    """The production settings module, as a deployment runs it, pointed at the bench database.

    With ``database_url`` the bench database is that one, whatever ``DATABASE_URL`` says;
    without it, ``DATABASE_URL`` must already be set."""
    if database_url is not None:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dpassure.settings")
    os.environ.setdefault("DPASSURE_DEBUG", "false")
    os.environ.setdefault(
        "SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-not-for-prod"
    )
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DPASSURE_LOG_LEVEL", "ERROR")


def _admin_connection(database_url: str):
    """An autocommit connection to the server's ``postgres`` database, and the bench db name."""
    import psycopg

    parts = urlsplit(database_url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"the benchmarks need PostgreSQL; the database URL is {parts.scheme}://…")
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


def reset_database(*apps: str) -> None:
    """Empty the tables of ``organisations`` and ``apps``, users, sessions and tokens (only
    ever in the bench database), so sizes reuse the same migrated database."""
    from django.db import connection

    prefixes = ["organisations", *apps]
    likes = " OR ".join("tablename LIKE %s" for _ in prefixes)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND ({likes} "
            "OR tablename IN ('auth_user', 'django_session', 'authtoken_token'))",
            [f"{prefix}\\_%" for prefix in prefixes],
        )
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        )


def vacuum_analyze(tables) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')
        cursor.execute("CHECKPOINT")


def scalar(sql: str, params: list):
    """The first row of a query."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


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


# --- Data --------------------------------------------------------------------------------


def weighted(pairs: list[tuple[str, int]]) -> list[str]:
    """A lookup array in which each value fills slots in proportion to its weight."""
    return [value for value, weight in pairs for _ in range(weight)]


def create_organisations(*, main_slug: str, other_slug: str, user: str, role: str):
    """The measured organisation, a second one (every query must filter on the organisation),
    and ``bench-<user>``, who has ``role`` in both."""
    from django.contrib.auth import get_user_model

    from dpassure.organisations.models import Membership, Organisation

    main = Organisation.objects.create(
        kind="police_force", name="Bench Constabulary", slug=main_slug
    )
    other = Organisation.objects.create(
        kind="police_force", name="Other Constabulary", slug=other_slug
    )
    member = get_user_model().objects.create_user(f"bench-{user}", email=f"{user}@example.org")
    Membership.objects.create(organisation=main, user=member, role=role)
    Membership.objects.create(organisation=other, user=member, role=role)
    return main, other, member


def timed_load(fill: Callable[[], dict], *, table: str, vacuum: tuple[str, ...]) -> dict:
    """Run ``fill`` (which empties the tables and loads them), then VACUUM (ANALYZE) ``vacuum``.

    VACUUM as autovacuum would after a bulk load (visibility map, hint bits), ANALYZE, and a
    CHECKPOINT so the load's dirty pages are not being written out while pages are timed.
    Returns what ``fill`` returned, with the timings and the size of ``table``."""
    started = time.perf_counter()
    data = fill()
    loaded = time.perf_counter()
    vacuum_analyze(vacuum)
    heap_bytes, total_bytes = scalar(
        "SELECT pg_relation_size(%s), pg_total_relation_size(%s)", [table, table]
    )
    return {
        **data,
        "load_seconds": round(loaded - started, 1),
        "vacuum_analyze_seconds": round(time.perf_counter() - loaded, 1),
        "table_mb": round(heap_bytes / 2**20, 1),
        "table_with_indexes_mb": round(total_bytes / 2**20, 1),
    }


# --- Measurement --------------------------------------------------------------------------

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


def wait_for_idle(idle_load: float | None) -> None:
    """Wait (up to IDLE_MAX_WAIT_S) for the 1-minute load average to fall below ``idle_load``."""
    if idle_load is None:
        return
    deadline = time.monotonic() + IDLE_MAX_WAIT_S
    while os.getloadavg()[0] > idle_load and time.monotonic() < deadline:
        time.sleep(5)


def measure_pages(client, pages, repeat: int, warmup: int, idle_load: float | None) -> list[dict]:
    """Warm every page up, capture each page's queries, then time ``repeat`` rounds.

    Rounds go through the pages in turn (round-robin), so a burst of load from elsewhere on the
    machine lands on all pages alike rather than on whichever page was being timed.
    """
    for _ in range(warmup):
        for name, url, expect in pages:
            check(name, client.get(url), expect)
    captured = {name: capture(client, name, url, expect) for name, url, expect in pages}
    wait_for_idle(idle_load)
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
# A fix is a dict: "label", and any of "sql" (statements to run first), "drop" and "add"
# (``models.Index`` / ``GinIndex`` definitions on the benchmark's model) and "patch"
# (``(owner, attribute, original, patched)``, set in this process only). Indexes go through
# Django's schema editor, so the printed DDL is what a migration with those definitions would
# run. The fixes are cumulative; all are undone before the next size is loaded, and at
# startup after an interrupted run.


def apply_fix(model, fix: dict) -> list[str]:
    """Apply one fix; return the DDL it ran."""
    from django.db import connection

    ran = []
    with connection.schema_editor() as editor:
        for statement in fix.get("sql", []):
            editor.execute(statement)
            ran.append(statement)
        for index in fix.get("drop", []):
            editor.remove_index(model, index)
            ran.append(str(index.remove_sql(model, editor)))
        for index in fix.get("add", []):
            editor.add_index(model, index)
            ran.append(str(index.create_sql(model, editor)))
    if "patch" in fix:
        owner, attribute, _original, patched = fix["patch"]
        setattr(owner, attribute, patched)
        ran.append(f"patched {owner.__name__}.{attribute} (in this process only)")
    return ran


def restore_schema(model, fixes: list[dict]) -> None:
    """Undo ``fixes``: drop the indexes they added, put back those they replaced, and undo
    their patches (idempotent)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s", [model._meta.db_table]
        )
        present = {row[0] for row in cursor.fetchall()}
    for fix in fixes:
        if "patch" in fix:
            owner, attribute, original, _patched = fix["patch"]
            setattr(owner, attribute, original)
    with connection.schema_editor() as editor:
        for fix in fixes:
            for index in fix.get("add", []):
                if index.name in present:
                    editor.remove_index(model, index)
            for index in fix.get("drop", []):
                if index.name not in present:
                    editor.add_index(model, index)


# --- One benchmark ------------------------------------------------------------------------


@dataclass(frozen=True)
class PageBenchmark:
    """What one page benchmark brings to the shared harness."""

    name: str  # the JSON's "benchmark" and the results file, bench/results/<name>-<date>.json
    noun: str  # what the rows are ("requests"), for headings and --help
    description: str  # the first line of --help
    database_url: str  # the bench database unless --database-url (or DATABASE_URL) says otherwise
    model: Callable[[], type]  # the model whose table is loaded (imported after django.setup())
    load: Callable[[int, int], dict]  # (rows, other rows) -> data, from timed_load
    pages: Callable[[dict], list[tuple[str, str, dict]]]  # data -> (name, URL, expectations)
    candidate_fixes: Callable[[], list[dict]]
    repeat: int = 50  # the default of --repeat
    # True: the database is --database-url's and an inherited DATABASE_URL is ignored, so the
    # run cannot empty another database. False: DATABASE_URL's, and no --database-url.
    database_url_option: bool = True
    fixes_help: str = "candidate indexes (bench database only)"
    fix_heading: str = "with {label} ({seconds:.1f} s to build)"
    # Pages reported without a target: page -> the note in the verdict.
    no_target: dict[str, str] = field(default_factory=dict)
    dated: tuple[str, ...] = ()  # keys of the data recorded in each size, in ISO format
    min_rows: int = 1  # the smallest --rows (where a page needs that many rows)
    postgres_settings: tuple[str, ...] = POSTGRES_SETTINGS
    record_code: bool = False  # record the commit measured ("code") in the JSON
    summarise_fixes: bool = False  # end the verdict with the pages the fixes do not mend


def argument_parser(bench: PageBenchmark) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=bench.description)
    parser.add_argument(
        "--rows",
        type=int,
        nargs="+",
        default=[10_000, 1_000_000],
        help=f"{bench.noun} in the measured organisation, one run per size",
    )
    parser.add_argument(
        "--other-rows", type=int, default=3_000, help=f"{bench.noun} in the second organisation"
    )
    parser.add_argument("--repeat", type=int, default=bench.repeat, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first")
    parser.add_argument(
        "--try-fixes",
        action="store_true",
        help=f"after each size, also measure with {bench.fixes_help}",
    )
    parser.add_argument(
        "--wait-for-idle",
        type=float,
        metavar="LOAD",
        default=None,
        help="before timing, wait up to 5 minutes for the 1-minute load average to fall below "
        "LOAD (the machine is shared)",
    )
    if bench.database_url_option:
        parser.add_argument("--database-url", default=bench.database_url)
    parser.add_argument("--drop-db", action="store_true", help="drop the bench database at the end")
    parser.add_argument("--output", type=Path, default=None, help="JSON results file")
    return parser


def run_size(bench: PageBenchmark, args, rows: int) -> dict:
    """Load one size, measure its pages, and then again after each candidate fix."""
    from django.test import Client

    model = bench.model()
    print(f"\n## {rows:,} {bench.noun} (+{args.other_rows:,} in a second organisation)", flush=True)
    data = bench.load(rows, args.other_rows)
    print(
        f"loaded in {data['load_seconds']} s, VACUUM ANALYZE {data['vacuum_analyze_seconds']} s; "
        f"{model._meta.db_table} {data['table_mb']} MB heap, "
        f"{data['table_with_indexes_mb']} MB with indexes",
        flush=True,
    )
    pages = bench.pages(data)
    print("targets: " + json.dumps(data["targets"]), flush=True)
    client = Client()
    client.force_login(data["user"])

    def measure() -> list[dict]:
        results = measure_pages(client, pages, args.repeat, args.warmup, args.wait_for_idle)
        print_pages(results)
        return results

    size = {
        "rows": rows,
        "other_rows": args.other_rows,
        **{key: data[key].isoformat() for key in bench.dated},
        "load": {
            k: data[k]
            for k in ("load_seconds", "vacuum_analyze_seconds", "table_mb", "table_with_indexes_mb")
        },
        "targets": data["targets"],
        "pages": measure(),
        "variants": [],
    }
    if args.try_fixes:
        fixes = bench.candidate_fixes()
        try:
            for fix in fixes:
                started = time.perf_counter()
                ddl = apply_fix(model, fix)
                vacuum_analyze((model._meta.db_table,))
                heading = bench.fix_heading.format(
                    label=fix["label"], seconds=time.perf_counter() - started
                )
                print(f"\n### {heading}", flush=True)
                size["variants"].append({"label": fix["label"], "ddl": ddl, "pages": measure()})
        finally:
            restore_schema(model, fixes)
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


def report(bench: PageBenchmark, sizes: list[dict], labels: list[str]) -> tuple[dict, dict]:
    """Print the tables, the plans of the pages that miss and the verdict, as the code stands
    and with each set of fixes (``labels``); return the verdicts."""
    verdict = verdicts(sizes)
    for page, note in bench.no_target.items():
        verdict[page]["misses"] = []
        verdict[page]["note"] = note

    print("\n## Results as the code stands\n")
    print(markdown_table(sizes))
    print()
    print(markdown_verdict(sizes, verdict))
    print_plans("as is", sizes[-1], sizes[-1]["pages"], verdict)

    variant_verdicts = {}
    for position, label in enumerate(labels):

        def key(size, position=position):
            return size["variants"][position]["pages"]

        variant_verdicts[label] = verdicts(sizes, key)
        for page in bench.no_target:
            variant_verdicts[label][page]["misses"] = []
        print(f"\n## With candidate fixes {label} (cumulative; bench database only)\n")
        print(markdown_table(sizes, key))
        print()
        print(markdown_verdict(sizes, variant_verdicts[label]))
        print_plans(label, sizes[-1], key(sizes[-1]), variant_verdicts[label])
    if labels:
        print("\nDDL of the candidate fixes, as Django's schema editor ran it:")
        for variant in sizes[-1]["variants"]:
            for statement in variant["ddl"]:
                print(f"  [{variant['label']}] {statement};")

    print("\n## Verdict\n")
    misses = {page: v["misses"] for page, v in verdict.items() if v["misses"]}
    for page, why in misses.items():
        print(f"- MISS {page}: {'; '.join(why)}")
    if not misses:
        print(
            "- every page with a target meets it"
            if bench.no_target
            else "- every page meets the targets"
        )
    if bench.summarise_fixes and labels:
        still = {p: v["misses"] for p, v in variant_verdicts[labels[-1]].items() if v["misses"]}
        print(
            "- with all candidate fixes: "
            + (
                "every page meets the targets"
                if not still
                else "; ".join(f"{p} still misses ({', '.join(w)})" for p, w in still.items())
            )
        )
    return verdict, variant_verdicts


def machine(settings: tuple[str, ...]) -> dict:
    """Python, the platform and the PostgreSQL server with the settings that shape plans."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        server = cursor.fetchone()[0]
        shown = {}
        for name in settings:
            cursor.execute(f"SHOW {name}")
            shown[name] = cursor.fetchone()[0]
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "postgres": server,
        "postgres_settings": shown,
    }


def main(bench: PageBenchmark, argv: list[str] | None = None) -> int:
    """Parse the command line, prepare the bench database, run every size, report, and write
    the JSON results."""
    parser = argument_parser(bench)
    args = parser.parse_args(argv)
    if min(args.rows) < bench.min_rows:
        parser.error(f"--rows must be at least {bench.min_rows:,} so that list page 200 exists")
    if bench.database_url_option:
        database_url = args.database_url
    else:
        database_url = os.environ.get("DATABASE_URL", bench.database_url)
    code = code_version() if bench.record_code else None  # what is imported is what is measured

    configure_environment(database_url)
    create_database_if_missing(database_url)
    setup_django()
    from django.core.management import call_command

    try:
        print("migrating…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        restore_schema(bench.model(), bench.candidate_fixes())
        host = machine(bench.postgres_settings)

        started = datetime.datetime.now(datetime.UTC)
        sizes = [run_size(bench, args, rows) for rows in sorted(set(args.rows))]
        labels = [fix["label"] for fix in bench.candidate_fixes()] if args.try_fixes else []
        verdict, variant_verdicts = report(bench, sizes, labels)

        targets = {
            "p95_ms_at_largest": TARGET_P95_MS,
            "max_ratio": TARGET_RATIO,
            "queries": "constant across sizes",
            **dict.fromkeys(bench.no_target, "reported, no target"),
        }
        output = args.output or RESULTS_DIR / f"{bench.name}-{started:%Y-%m-%d}.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            json.dumps(
                {
                    "benchmark": bench.name,
                    "started_at": started.isoformat(),
                    "finished_at": datetime.datetime.now(datetime.UTC).isoformat(),
                    "argv": sys.argv[1:] if argv is None else argv,
                    "repeat": args.repeat,
                    "warmup": args.warmup,
                    "targets": targets,
                    **({"code": code} if bench.record_code else {}),
                    "machine": host,
                    "sizes": sizes,
                    "verdict": verdict,
                    "variant_verdicts": variant_verdicts,
                },
                indent=2,
                default=str,
            )
        )
        print(f"\nresults written to {output}")
    finally:
        if args.drop_db:
            drop_database(database_url)
    return 0
