"""Benchmark of the completion import: 1,000,000 rows against 250,000 people on PostgreSQL.

Run from the repository root:

    uv run python bench/training_import.py [--people 250000] [--rows 1000000] [--drop-db]

It needs a local PostgreSQL (trust auth, user ``postgres``). The database named by
``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/dpassure_bench_training``) is
created if missing, migrated and emptied first. In one run it measures, side by side:

1. PostgreSQL's own ``COPY`` of the generated CSV into an unindexed UNLOGGED table of text
   columns (the baseline: the server parsing the same file, no matching, no checks), and
   into an ordinary logged one for reference;
2. the full import through the services the page and the command use: upload (SHA-256 and
   encoding scan, stored as a file), check (the data-quality report) and commit (the check
   again, then COPY into ``training_trainingrecord`` with its indexes and foreign keys);
3. peak memory of this process (``resource.getrusage`` max RSS, and the growth during the
   import), and a re-run of the same file (must add nothing);
4. what the database alone costs for the imported rows (no Python): COPYed back into the
   record table as modelled, without its foreign keys, and into a bare table with only a
   primary key and the uniqueness constraint — the least any durable design could pay.

Target (issue 5): import ≤ 3 × COPY, peak memory < 500 MB. Results go to bench/results/.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (the benchmarks' shared harness)

RESULTS_DIR = common.RESULTS_DIR
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dpassure_bench_training"
TARGET_RATIO = 3.0
TARGET_PEAK_MB = 500
COURSES = [("NCALT-DP01", "Data protection", 80), ("NCALT-IS02", "Information security", 70)]
COURSES += [(f"NCALT-{n:03d}", f"Course {n}", None) for n in range(3, 21)]


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def generate_csv(path: Path, *, people: int, rows: int, seed: int = 5) -> int:
    """A completion export: every row a distinct (person, course, date), matched by employee
    number (90 %) or by email only (10 %), scores written as 85, 85% or N/A."""
    rng = random.Random(seed)
    start = datetime.date(2019, 1, 1).toordinal()
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Employee number,Email,Learner name,Course code,Completion date,Score\n")
        for n in range(rows):
            person = 1 + (n * 7919) % people
            course = COURSES[(n // people) % len(COURSES)][0]
            day = datetime.date.fromordinal(start + (n * 31 + person) % 2500)
            score = rng.randint(40, 100)
            shown = (str(score), f"{score}%", "N/A")[n % 3]
            if n % 10 == 9:
                number, email = "", f"person{person}@bench.police.uk"
            else:
                number, email = f"E{person:08d}", ""
            out.write(f"{number},{email},Learner {person},{course},{day:%d/%m/%Y},{shown}\n")
    return path.stat().st_size


def load_people(organisation, count: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO organisations_person (created_at, updated_at, employee_number, first_name,
                last_name, email, job_title, start_date, organisation_id)
            SELECT now(), now(), 'E' || lpad(g::text, 8, '0'), 'Learner', g::text,
                'person' || g || '@bench.police.uk', 'Constable', date '2010-01-01', %s
            FROM generate_series(1, %s) AS g
            """,
            [organisation.pk, count],
        )


def time_copy_baseline(path: Path, *, logged: bool = False) -> tuple[float, int]:
    """PostgreSQL's own COPY of the file into an unindexed table of text columns: UNLOGGED
    (the baseline the ratio is taken against, the strictest reading), or an ordinary logged
    table (for reference)."""
    from django.db import connection

    kind = "TABLE" if logged else "UNLOGGED TABLE"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy_baseline")
        cursor.execute(
            f"CREATE {kind} bench_copy_baseline (employee_number text, email text, "
            "learner_name text, course_code text, completion_date text, score text)"
        )
        started = time.perf_counter()
        with (
            cursor.cursor.copy(
                "COPY bench_copy_baseline FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy,
            path.open("rb") as source,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        elapsed = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_copy_baseline")
        (loaded,) = cursor.fetchone()
        cursor.execute("DROP TABLE bench_copy_baseline")
    return elapsed, loaded


def run_import(organisation, path: Path) -> dict:
    from django.core.files import File

    from dpassure.training import import_services

    timings = {}
    started = time.perf_counter()
    with path.open("rb") as handle:
        training_import = import_services.training_import_upload(
            organisation=organisation, actor=None, uploaded_file=File(handle, name=path.name)
        )
    timings["upload_s"] = time.perf_counter() - started
    mark = time.perf_counter()
    training_import = import_services.training_import_check(
        training_import, actor=None, mapping=training_import.mapping
    )
    timings["check_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    training_import = import_services.training_import_start(
        training_import, actor=None, commit_clean_rows=False, queue=False
    )
    training_import = import_services.training_import_commit(training_import, actor=None)
    timings["commit_s"] = time.perf_counter() - mark
    timings["total_s"] = time.perf_counter() - started
    return {
        **{k: round(v, 2) for k, v in timings.items()},
        "status": training_import.status,
        "problems": training_import.problem_count,
        "new": training_import.new_count,
        "already": training_import.unchanged_count,
    }


RECORD_COLUMNS = (
    "created_at, updated_at, organisation_id, training_import_id, source, person_id, "
    "course_id, completed_on, score, passed, certificate_reference"
)


def time_schema_floor() -> dict:
    """What the database alone costs for these rows in ``training_trainingrecord``: the
    imported rows copied out, then COPYed back in (no Python) — with the table as it is, and
    with its foreign keys and single-column foreign-key indexes dropped. Both rolled back."""
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    conn = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
    )
    data = bytearray()
    with (
        conn.cursor() as cursor,
        cursor.copy(
            f"COPY (SELECT {RECORD_COLUMNS} FROM training_trainingrecord) TO STDOUT"
        ) as copy,
    ):
        for chunk in copy:
            data += chunk
    conn.commit()
    results = {}
    for label, drop in (("as_modelled", False), ("without_fks_and_fk_indexes", True)):
        with conn.cursor() as cursor:
            cursor.execute("DELETE FROM training_trainingrecord")
            if drop:
                cursor.execute(
                    "SELECT conname FROM pg_constraint WHERE contype = 'f' "
                    "AND conrelid = 'training_trainingrecord'::regclass"
                )
                for (name,) in cursor.fetchall():
                    cursor.execute(f'ALTER TABLE training_trainingrecord DROP CONSTRAINT "{name}"')
                cursor.execute(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'training_trainingrecord' "
                    "AND indexdef LIKE '%%(%%_id)' AND indexname NOT LIKE '%%pkey'"
                )
                for (name,) in cursor.fetchall():
                    cursor.execute(f'DROP INDEX "{name}"')
            started = time.perf_counter()
            with cursor.copy(f"COPY training_trainingrecord ({RECORD_COLUMNS}) FROM STDIN") as copy:
                view = memoryview(data)
                for start in range(0, len(view), 1 << 20):
                    copy.write(view[start : start + (1 << 20)])
            copied = time.perf_counter() - started
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred FK checks, timed
            results[label] = {
                "copy_s": round(copied, 2),
                "fk_checks_s": round(time.perf_counter() - started - copied, 2),
            }
        conn.rollback()
    # The least any design could pay: the same rows, already matched, into a new table with
    # only a primary key and the one-result-a-day uniqueness that makes a re-run add nothing
    # (no foreign keys, no report indexes).
    with conn.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_floor (LIKE training_trainingrecord INCLUDING DEFAULTS "
            "INCLUDING IDENTITY)"
        )
        cursor.execute("ALTER TABLE bench_floor ADD PRIMARY KEY (id)")
        cursor.execute("ALTER TABLE bench_floor ADD UNIQUE (person_id, course_id, completed_on)")
        started = time.perf_counter()
        with cursor.copy(f"COPY bench_floor ({RECORD_COLUMNS}) FROM STDIN") as copy:
            view = memoryview(data)
            for start in range(0, len(view), 1 << 20):
                copy.write(view[start : start + (1 << 20)])
        results["primary_key_and_unique_only"] = {
            "copy_s": round(time.perf_counter() - started, 2),
            "fk_checks_s": 0.0,
        }
    conn.rollback()
    conn.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=250_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--drop-db", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    common.configure_environment()
    database_url = os.environ["DATABASE_URL"]
    common.create_database_if_missing(database_url)
    common.setup_django()
    work = Path(os.environ.get("DPASSURE_DATA_DIR", "var")) / "bench-training"
    work.mkdir(parents=True, exist_ok=True)
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    override_settings(MEDIA_ROOT=str(work / "media")).enable()
    call_command("migrate", verbosity=0)
    from dpassure.organisations.models import Organisation
    from dpassure.training.models import Course, TrainingRecord

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE training_trainingrecord, training_historicaltrainingimport, "
            "training_trainingimport, training_course, training_historicalcourse, "
            "organisations_person, organisations_importmapping, "
            "organisations_historicalimportmapping RESTART IDENTITY CASCADE"
        )
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-training", defaults={"kind": "police_force", "name": "Bench Constabulary"}
    )
    started = time.perf_counter()
    load_people(organisation, args.people)
    for code, title, pass_mark in COURSES:
        Course.objects.create(
            organisation=organisation, code=code, title=title, kind="refresher", pass_mark=pass_mark
        )
    path = work / f"completions-{args.rows}.csv"
    size = generate_csv(path, people=args.people, rows=args.rows)
    common.vacuum_analyze(("organisations_person", "training_course"))
    print(
        f"loaded {args.people:,} people and wrote {args.rows:,} rows ({size / 2**20:.1f} MB) "
        f"in {time.perf_counter() - started:.1f} s"
    )

    rss_before = max_rss_mb()
    copy_s, copied = time_copy_baseline(path)
    logged_copy_s, _ = time_copy_baseline(path, logged=True)
    result = run_import(organisation, path)
    rss_after = max_rss_mb()
    rerun = run_import(organisation, path)
    rss_rerun = max_rss_mb()  # the re-run also holds a million existing keys
    records = TrainingRecord.objects.filter(organisation=organisation).count()
    floor = time_schema_floor()
    ratio = result["total_s"] / copy_s
    summary = {
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "loadavg": os.getloadavg(),
        },
        "people": args.people,
        "rows": args.rows,
        "file_mb": round(size / 2**20, 1),
        "copy_baseline_s": round(copy_s, 2),
        "copy_logged_table_s": round(logged_copy_s, 2),
        "copy_rows": copied,
        "import": result,
        "rerun": rerun,
        "ratio": round(ratio, 2),
        "records_in_table": records,
        "schema_floor": floor,
        "peak_rss_mb": round(rss_after, 1),
        "rss_before_import_mb": round(rss_before, 1),
        "peak_rss_with_rerun_mb": round(rss_rerun, 1),
    }
    print()
    print(f"{'measure':<44} {'value':>12}")
    print(f"{'COPY into an unindexed table (baseline)':<44} {copy_s:>10.2f} s")
    print(f"{'COPY into an unindexed logged table':<44} {logged_copy_s:>10.2f} s")
    print(f"{'import: upload (scan and store)':<44} {result['upload_s']:>10.2f} s")
    print(f"{'import: check (data-quality report)':<44} {result['check_s']:>10.2f} s")
    print(f"{'import: commit (check again + COPY)':<44} {result['commit_s']:>10.2f} s")
    print(f"{'import: total':<44} {result['total_s']:>10.2f} s")
    print(f"{'ratio import / COPY (target <= 3)':<44} {ratio:>12.2f}")
    print(f"{'peak memory, max RSS (target < 500 MB)':<44} {rss_after:>9.1f} MB")
    print(f"{'re-run of the same file: total':<44} {rerun['total_s']:>10.2f} s")
    print(f"{'re-run: new / already imported':<44} {rerun['new']:>5} / {rerun['already']}")
    print(f"{'peak memory including the re-run':<44} {rss_rerun:>9.1f} MB")
    print(f"{'records in the table':<44} {records:>12,}")
    for label, figures in floor.items():
        name = f"database only, {label.replace('_', ' ')}"
        floor_ratio = (figures["copy_s"] + figures["fk_checks_s"]) / copy_s
        print(
            f"{name:<44} {figures['copy_s']:>7.2f} s COPY + {figures['fk_checks_s']:.2f} s FK"
            f" ({floor_ratio:.1f} x the baseline)"
        )
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"training_import-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(summary, indent=2))
    print(f"\nresults written to {out}")
    if result["status"] != "done" or rerun["new"] != 0 or records != result["new"]:
        raise SystemExit("the import did not do what it should")
    if args.drop_db:
        common.drop_database(database_url)


if __name__ == "__main__":
    main()
