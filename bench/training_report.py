"""Benchmark of the training completion report at 250,000 people and ~1,000,000 results.

Run from the repository root:

    uv run python bench/training_report.py [--people 250000] [--repeat 20] [--drop-db]

It needs a local PostgreSQL (trust auth, user ``postgres``). The database named by
``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/dpassure_bench_report``) is
created if missing, migrated, and emptied with TRUNCATE before loading: never point it at a
database whose data you want to keep. Results go to ``bench/results/training-report-*.json``.

What is timed (target: the by-department report under 500 ms at 250,000 people):

- ``completion_by_department`` called directly (the selector: one query);
- the completion page through Django's test client (middleware, session, form, template);
- the drill-down page of one department's "never completed" figure and the whole
  organisation's "overdue or never completed" list (count + first page);
- the access-gating list page, and the 12-month trend page.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dpassure_bench_report")

import common  # noqa: E402  (the benchmarks' shared harness)
import people as bench_people  # noqa: E402  (the staff directory's data)

RESULTS_DIR = BENCH_DIR / "results"
TARGET_MS = 500.0
ON = datetime.date(2026, 12, 1)
DEPARTMENTS = 60
SLUG = "bench-force"


RECORDS_INSERT = """
INSERT INTO training_trainingrecord (
    created_at, updated_at, archived_at, archived_by_id, organisation_id, person_id, course_id,
    completed_on, score, passed, source, training_import_id, entered_by_id, certificate_reference
)
SELECT now(), now(), NULL, NULL, %(organisation_id)s, a.id, %(course_id)s,
       a.completed_on,
       CASE WHEN a.pass_r < %(pass_share)s THEN 70 + floor(a.score_r * 31)
            ELSE floor(a.score_r * 70) END,
       a.pass_r < %(pass_share)s, 'imported', NULL, NULL, ''
FROM (
    -- at most one attempt a year, so (person, course, day) stays unique
    SELECT p.id,
           greatest(p.start_date, date '2021-01-01') + k * 365 + floor(random() * 300)::int
               AS completed_on,
           random() AS take_r, random() AS pass_r, random() AS score_r
    FROM organisations_person p
    CROSS JOIN generate_series(0, %(years)s - 1) AS k
    WHERE p.organisation_id = %(organisation_id)s
) AS a
WHERE a.take_r < %(take_share)s AND a.completed_on <= %(on)s
"""


BREAKS_INSERT = """
INSERT INTO organisations_servicebreak (
    created_at, updated_at, archived_at, archived_by_id, organisation_id, person_id,
    start_date, end_date, reason, returned_in_different_role
)
SELECT now(), now(), NULL, NULL, %(organisation_id)s, b.id, b.begins,
       CASE WHEN b.r < 0.2 THEN NULL ELSE b.begins + 30 + floor(b.r * 500)::int END,
       'Career break', b.r > 0.7
FROM (
    SELECT p.id, p.start_date + 200 + floor(random() * 400)::int AS begins, random() AS r
    FROM organisations_person p
    WHERE p.organisation_id = %(organisation_id)s AND random() < %(share)s
) AS b
"""


def load(people: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from dpassure.organisations.models import Department, Membership, Organisation
    from dpassure.training.models import Course

    started = time.perf_counter()
    common.reset_database("training")
    org = Organisation.objects.create(kind="police_force", name="Bench Constabulary", slug=SLUG)
    other = Organisation.objects.create(kind="police_force", name="Other", slug="bench-other")
    user = get_user_model().objects.create_user("bench-viewer", email="viewer@example.org")
    Membership.objects.create(organisation=org, user=user, role="viewer")
    departments = {}
    for organisation, count in ((org, DEPARTMENTS), (other, 8)):
        made = Department.objects.bulk_create(
            Department(organisation=organisation, name=f"Department {i:02d}", code=f"D{i:02d}")
            for i in range(1, count + 1)
        )
        departments[organisation.pk] = [d.pk for d in made]
    bench_people.load_people(org, departments[org.pk], people, "E", seed=0.42)
    bench_people.load_people(other, departments[other.pk], 3_000, "X", seed=0.24)
    courses = [
        Course.objects.create(
            organisation=org,
            code="DP001",
            title="Data protection",
            kind="refresher",
            pass_mark=70,
            gates_access=True,
        ),
        Course.objects.create(
            organisation=org,
            code="IS002",
            title="Information security",
            kind="refresher",
            pass_mark=70,
        ),
        Course.objects.create(
            organisation=org,
            code="IND003",
            title="Induction",
            kind="induction",
            pass_mark=70,
            validity_months=0,
        ),
    ]
    # ~2 attempts a person at DP001, ~1 at each of the other two: ~1,000,000 in all.
    shares = {"DP001": (6, 0.33), "IS002": (6, 0.17), "IND003": (1, 0.9)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.5)")
        for course in courses:
            years, take = shares[course.code]
            cursor.execute(
                RECORDS_INSERT,
                {
                    "organisation_id": org.pk,
                    "course_id": course.pk,
                    "years": years,
                    "take_share": take,
                    "pass_share": 0.85,
                    "on": ON,
                },
            )
        cursor.execute(BREAKS_INSERT, {"organisation_id": org.pk, "share": 0.03})
        cursor.execute("SELECT count(*) FROM training_trainingrecord")
        (records,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM organisations_servicebreak")
        (breaks,) = cursor.fetchone()
    loaded = time.perf_counter()
    common.vacuum_analyze(
        (
            "organisations_person",
            "organisations_department",
            "organisations_servicebreak",
            "training_trainingrecord",
            "training_course",
        )
    )
    return {
        "organisation": org,
        "user": user,
        "course": courses[0],
        "departments": departments[org.pk],
        "people": people,
        "records": records,
        "service_breaks": breaks,
        "load_seconds": round(loaded - started, 1),
        "vacuum_seconds": round(time.perf_counter() - loaded, 1),
    }


def timed(function, repeat: int, warmup: int) -> dict:
    from django.db import connection

    for _ in range(warmup):
        function()
    queries: list[tuple[str, float]] = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(
                (sql % tuple(_literal(p) for p in params or ()), time.perf_counter() - started)
            )

    with connection.execute_wrapper(record):
        function()
    gc.collect()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    slowest = max(queries, key=lambda q: q[1]) if queries else None
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(common.percentile(times, 0.95), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "queries": len(queries),
        "sql_ms": round(sum(q[1] for q in queries) * 1000, 1),
        "slowest_query_ms": round(slowest[1] * 1000, 1) if slowest else 0,
        "slowest_query": slowest[0] if slowest else "",
        "timings_ms": [round(t, 2) for t in times],
    }


def _literal(value) -> str:
    """A parameter as SQL, to EXPLAIN the slowest query (bench data only, never user input)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "ARRAY[" + ", ".join(_literal(v) for v in value) + "]"
    return "'" + str(value).replace("'", "''") + "'"


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def measure(data: dict, repeat: int, warmup: int) -> list[dict]:
    from django.test import Client
    from django.urls import reverse

    from dpassure.organisations.models import Person
    from dpassure.training.selectors import completion_by_department

    org, course = data["organisation"], data["course"]
    client = Client()
    client.force_login(data["user"])
    base = {"course": course.pk, "as_of": ON.isoformat()}

    def page(name, **query):
        url = reverse(f"training:{name}", kwargs={"org_slug": org.slug})
        query = {**base, **query}
        full = url + "?" + "&".join(f"{k}={v}" for k, v in query.items())

        def get():
            response = client.get(full)
            if response.status_code != 200:
                raise SystemExit(f"{full}: HTTP {response.status_code}")
            return response

        return full, get

    people = Person.objects.filter(organisation=org, archived_at__isnull=True)
    rows = completion_by_department(organisation=org, course=course, on=ON, people=people)
    total = sum(r.people for r in rows)
    department = data["departments"][DEPARTMENTS // 2]
    cases = [
        (
            "selector completion_by_department",
            "",
            lambda: completion_by_department(organisation=org, course=course, on=ON, people=people),
        ),
        ("page completion by department", *page("report-completion")),
        (
            "page drill-down: one department, never completed",
            *page("report-people", department=department, status="never_completed"),
        ),
        (
            "page drill-down: everyone overdue or never completed",
            *page("report-people", status="not_completed"),
        ),
        ("page access gating list", *page("report-gating")),
        ("page completion trend (12 month ends)", *page("report-trend")),
    ]
    results = []
    for name, url, function in cases:
        heavy = "trend" in name
        result = timed(function, max(3, repeat // 4) if heavy else repeat, 1 if heavy else warmup)
        result.update(case=name, url=url)
        if result["slowest_query"] and ("selector" in name or "completion by" in name):
            result["plan"] = explain(result["slowest_query"])
        results.append(result)
        print(
            f"  {name:55} median {result['median_ms']:8.1f} ms  p95 {result['p95_ms']:8.1f} ms"
            f"  {result['queries']:2d} queries ({result['sql_ms']:.0f} ms SQL; slowest "
            f"{result['slowest_query_ms']:.1f} ms)",
            flush=True,
        )
    print(f"  ({total:,} people must take {course.code}; {len(rows)} departments)")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each case")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--drop-db", action="store_true", help="drop the bench database at the end")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)

    common.configure_environment()
    database_url = os.environ["DATABASE_URL"]
    common.create_database_if_missing(database_url)
    common.setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    started = datetime.datetime.now()
    print(f"loading {args.people:,} people …", flush=True)
    data = load(args.people)
    print(
        f"  {data['records']:,} training records, {data['service_breaks']:,} breaks in service; "
        f"loaded in {data['load_seconds']} s (+{data['vacuum_seconds']} s VACUUM ANALYZE)",
        flush=True,
    )
    results = measure(data, args.repeat, args.warmup)
    selector = results[0]
    page = results[1]
    verdict = {
        "target_ms": TARGET_MS,
        "selector_p95_ms": selector["p95_ms"],
        "page_p95_ms": page["p95_ms"],
        "met": page["p95_ms"] < TARGET_MS and selector["p95_ms"] < TARGET_MS,
    }
    print(
        f"completion report at {args.people:,} people: page p95 {page['p95_ms']} ms, selector "
        f"p95 {selector['p95_ms']} ms — target {TARGET_MS:.0f} ms "
        f"{'met' if verdict['met'] else 'MISSED'}"
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (server_version,) = cursor.fetchone()
    output = args.output or RESULTS_DIR / f"training-report-{started:%Y-%m-%d}.json"
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "started": started.isoformat(timespec="seconds"),
                "postgresql": server_version,
                "python": sys.version.split()[0],
                "cpus": os.cpu_count(),
                "loadavg": os.getloadavg(),
                "code": common.code_version(),
                "data": {k: v for k, v in data.items() if isinstance(v, int | float | str)},
                "as_of": ON.isoformat(),
                "results": results,
                "verdict": verdict,
            },
            indent=2,
            default=str,
        )
    )
    print(f"results in {output}")
    if args.drop_db:
        common.drop_database(database_url)
    return 0 if verdict["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
