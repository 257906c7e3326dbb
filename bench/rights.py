"""Benchmark of the requests-for-personal-data pages at 10,000 and 1,000,000 rows.

Run from the repository root:

    uv run python bench/rights.py [--rows 10000 1000000] [--repeat 50] [--try-fixes] [--drop-db]

It needs a local PostgreSQL (trust auth, user ``postgres``). It uses its own database,
``postgres://postgres@127.0.0.1:5432/dpassure_bench_rights`` (``--database-url`` to change it;
an inherited ``DATABASE_URL`` is ignored so the run cannot empty another database). The
database is created if missing, migrated, and emptied with TRUNCATE before each size.

The machinery (settings, warm-up, query capture, timing rounds, verdicts, tables) is imported
from ``bench/people.py``; this file adds only the rights data and pages. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent), str(BENCH_DIR.parent / "src")]

from bench import people  # noqa: E402  (needs the repository root on sys.path)
from bench.people import (  # noqa: E402
    TARGET_P95_MS,
    TARGET_RATIO,
    markdown_table,
    markdown_verdict,
    measure_pages,
    print_pages,
    print_plans,
    verdicts,
)

RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dpassure_bench_rights"
MAIN_SLUG = "bench-rights"
OTHER_SLUG = "bench-rights-other"
SEARCH_SURNAME = people.SEARCH_EARLY  # about 0.3 % of requesters (Faker en_GB frequencies)
MIN_ROWS = 6_000  # list page 200 (25 a page) must exist at every size
SPAN_DAYS = 3650  # closed requests were received over the last ten years

# The shape of the register (shares of rows). The rest are closed.
OPEN_ON_TRACK = 0.05  # received in the last 30 days, due in the future
OPEN_OVERDUE = 0.04  # received 32 days to 2 years ago, never closed
STOPPED = 0.01  # open, clock stopped (due_on NULL), received in the last 180 days
CLOSED_LATE = 0.12  # of the closed: closed 33 to 92 days after receipt
ARCHIVED = 0.01
THIRD_PARTY = 0.08
EXTENDED = 0.03  # UK GDPR requests only; due three months after receipt instead of one


def weighted(pairs: list[tuple[str, int]]) -> list[str]:
    """A lookup array in which each value fills slots in proportion to its weight."""
    return [value for value, weight in pairs for _ in range(weight)]


RIGHTS = weighted(
    [
        ("access", 80),
        ("erasure", 6),
        ("access erasure", 4),
        ("rectification", 4),
        ("access rectification", 2),
        ("objection", 1),
        ("restriction", 1),
        ("portability", 1),
        ("automated_decision", 1),
    ]
)
CHANNELS = weighted(
    [("email", 45), ("web_form", 30), ("letter", 15), ("phone", 6), ("in_person", 3)]
    + [("social_media", 1)]
)
OUTCOMES = weighted(
    [
        ("disclosed_in_full", 35),
        ("disclosed_in_part", 35),
        ("no_data", 12),
        ("actioned", 6),
        ("refused", 2),
        ("ncnd", 5),
        ("withdrawn", 5),
    ]
)
WORDS = [
    "Please send me a copy of all the personal information you hold about me.",
    "I would like all records about me, including any body-worn video of my arrest.",
    "Subject access request: copies of incident logs and call recordings that mention me.",
    "Please delete the intelligence record about me; it is wrong.",
    "I want to know what information the force has about me and who it was shared with.",
]

REQUEST_INSERT = """
INSERT INTO rights_rightsrequest (
    created_at, updated_at, archived_at, reference, rights, channel, regime, region,
    received_on, requester_name, requester_email, requester_phone, requester_address,
    requester_words, is_third_party, data_subject_name, authority,
    identity_requested_on, identity_confirmed_on, fee_requested_on, fee_received_on,
    extended, extension_reasons, extension_notified_on, due_on, closed_on, outcome,
    archived_by_id, organisation_id, recorded_by_id
)
SELECT
    s.created,
    GREATEST(s.created, (s.closed_on + time '16:00') AT TIME ZONE 'Europe/London'),
    CASE WHEN s.r_archived < %(archived)s THEN s.created + interval '60 days' END,
    'RR-' || s.year || '-' ||
        CASE WHEN s.n < 100000 THEN lpad(s.n::text, 5, '0') ELSE s.n::text END,
    s.rights, s.channel, s.regime, 'england-and-wales',
    s.received_on,
    s.first_name || ' ' || s.last_name,
    CASE WHEN s.r_email < 0.85
         THEN lower(regexp_replace(s.first_name || '.' || s.last_name, '[^A-Za-z.]', '', 'g'))
              || s.g || '@example.org'
         ELSE '' END,
    CASE WHEN s.channel = 'phone' THEN '07700 9' || lpad((s.g %% 100000)::text, 5, '0')
         ELSE '' END,
    CASE WHEN s.channel = 'letter' THEN (1 + s.g %% 200) || ' High Street, Anytown AB1 2CD'
         ELSE '' END,
    (%(words)s::text[])[1 + s.g %% %(word_count)s],
    s.third_party,
    CASE WHEN s.third_party THEN s.subject_first || ' ' || s.subject_last ELSE '' END,
    CASE WHEN s.third_party THEN 'Signed consent from the data subject.' ELSE '' END,
    CASE WHEN s.r_identity < 0.25 THEN s.received_on + 1 END,
    CASE WHEN s.r_identity < 0.25 AND s.state <> 'stopped'
         THEN LEAST(s.received_on + 4, %(today)s::date) END,
    NULL, NULL,
    s.extended,
    CASE WHEN s.extended THEN 'Complex: several systems and a large volume of footage.'
         ELSE '' END,
    CASE WHEN s.extended THEN LEAST(s.received_on + 20, %(today)s::date) END,
    CASE WHEN s.state = 'stopped' THEN NULL
         ELSE (s.received_on + CASE WHEN s.extended THEN interval '3 months'
                                    ELSE interval '1 month' END)::date END,
    s.closed_on,
    CASE WHEN s.closed_on IS NOT NULL
         THEN (%(outcomes)s::text[])[1 + floor(s.r_outcome * %(outcome_count)s)::int]
         ELSE '' END,
    NULL,
    %(organisation_id)s,
    %(user_id)s
FROM (
    SELECT
        d.*,
        extract(year FROM d.received_on)::int AS year,
        row_number() OVER (
            PARTITION BY extract(year FROM d.received_on) ORDER BY d.received_on, d.g
        ) AS n,
        (d.received_on + time '09:00' + d.r_time * interval '8 hours')
            AT TIME ZONE 'Europe/London' AS created,
        CASE WHEN d.state = 'closed' THEN LEAST(
            d.received_on + CASE WHEN d.r_late < %(closed_late)s THEN 33 + floor(d.r_days * 60)
                                 ELSE 3 + floor(d.r_days * 25) END::int,
            %(today)s::date) END AS closed_on
    FROM (
        SELECT
            c.*,
            CASE c.state
                WHEN 'closed' THEN %(today)s::date - 1 - floor(c.r_received * %(span)s)::int
                WHEN 'on_track' THEN %(today)s::date - floor(c.r_received * 31)::int
                WHEN 'overdue' THEN %(today)s::date - 32 - floor(c.r_received * 700)::int
                ELSE %(today)s::date - floor(c.r_received * 180)::int
            END AS received_on
        FROM (
            SELECT
                g,
                CASE WHEN r_state < %(on_track)s THEN 'on_track'
                     WHEN r_state < %(on_track)s + %(overdue)s THEN 'overdue'
                     WHEN r_state < %(on_track)s + %(overdue)s + %(stopped)s THEN 'stopped'
                     ELSE 'closed' END AS state,
                r_regime < 0.15 AS part3,
                CASE WHEN r_regime < 0.15 THEN 'part3' ELSE 'uk_gdpr' END AS regime,
                r_regime >= 0.15 AND r_extended < %(extended)s AS extended,
                r_third < %(third_party)s AS third_party,
                (%(first_names)s::text[])[1 + floor(random() * %(first_name_count)s)::int]
                    AS first_name,
                (%(surnames)s::text[])[1 + floor(random() * %(surname_count)s)::int]
                    AS last_name,
                (%(first_names)s::text[])[1 + floor(random() * %(first_name_count)s)::int]
                    AS subject_first,
                (%(surnames)s::text[])[1 + floor(random() * %(surname_count)s)::int]
                    AS subject_last,
                (%(rights)s::text[])[1 + floor(random() * %(rights_count)s)::int] AS rights,
                (%(channels)s::text[])[1 + floor(random() * %(channel_count)s)::int]
                    AS channel,
                r_received, r_time, r_late, r_days, r_outcome, r_archived, r_email, r_identity
            FROM (
                SELECT g, random() AS r_state, random() AS r_regime, random() AS r_extended,
                       random() AS r_third, random() AS r_received, random() AS r_time,
                       random() AS r_late, random() AS r_days, random() AS r_outcome,
                       random() AS r_archived, random() AS r_email, random() AS r_identity
                FROM generate_series(1, %(rows)s) AS g
            ) AS r
        ) AS c
    ) AS d
) AS s
"""


# --- Data --------------------------------------------------------------------------------


def reset_database() -> None:
    """Empty every table the benchmark fills (only ever in the bench database)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND (tablename LIKE 'organisations\\_%%' OR tablename LIKE 'rights\\_%%' "
            "OR tablename IN ('auth_user', 'django_session', 'authtoken_token'))"
        )
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        )


def create_fixtures():
    """Two organisations and an editor who belongs to both."""
    from django.contrib.auth import get_user_model

    from dpassure.organisations.models import Membership, Organisation

    main = Organisation.objects.create(
        kind="police_force", name="Bench Constabulary", slug=MAIN_SLUG
    )
    other = Organisation.objects.create(
        kind="police_force", name="Other Constabulary", slug=OTHER_SLUG
    )
    user = get_user_model().objects.create_user("bench-editor", email="editor@example.org")
    Membership.objects.create(organisation=main, user=user, role="editor")
    Membership.objects.create(organisation=other, user=user, role="editor")
    return main, other, user


def load_requests(organisation, user, rows: int, today: datetime.date, seed: float) -> None:
    from django.db import connection

    surnames, names = people.surname_slots(), people.first_names()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        cursor.execute(
            REQUEST_INSERT,
            {
                "rows": rows,
                "today": today,
                "span": SPAN_DAYS,
                "on_track": OPEN_ON_TRACK,
                "overdue": OPEN_OVERDUE,
                "stopped": STOPPED,
                "closed_late": CLOSED_LATE,
                "archived": ARCHIVED,
                "third_party": THIRD_PARTY,
                "extended": EXTENDED,
                "first_names": names,
                "first_name_count": len(names),
                "surnames": surnames,
                "surname_count": len(surnames),
                "rights": RIGHTS,
                "rights_count": len(RIGHTS),
                "channels": CHANNELS,
                "channel_count": len(CHANNELS),
                "outcomes": OUTCOMES,
                "outcome_count": len(OUTCOMES),
                "words": WORDS,
                "word_count": len(WORDS),
                "organisation_id": organisation.pk,
                "user_id": user.pk,
            },
        )


def vacuum_analyze(tables=("rights_rightsrequest",)) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')
        cursor.execute("CHECKPOINT")


def load(rows: int, other_rows: int, today: datetime.date) -> dict:
    from django.db import connection

    started = time.perf_counter()
    reset_database()
    main, other, user = create_fixtures()
    load_requests(main, user, rows, today, seed=0.42)
    load_requests(other, user, other_rows, today, seed=0.24)
    loaded = time.perf_counter()
    vacuum_analyze(
        (
            "rights_rightsrequest",
            "organisations_membership",
            "organisations_organisation",
            "auth_user",
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_relation_size('rights_rightsrequest'), "
            "pg_total_relation_size('rights_rightsrequest')"
        )
        heap_bytes, total_bytes = cursor.fetchone()
    return {
        "main": main,
        "other": other,
        "user": user,
        "today": today,
        "load_seconds": round(loaded - started, 1),
        "vacuum_analyze_seconds": round(time.perf_counter() - loaded, 1),
        "table_mb": round(heap_bytes / 2**20, 1),
        "table_with_indexes_mb": round(total_bytes / 2**20, 1),
    }


# --- Pages -------------------------------------------------------------------------------


def _scalar(sql: str, params: list):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def pages_for(data: dict) -> list[tuple[str, str, dict]]:
    """(name, URL, expectations) of the pages measured; expectations counted in SQL."""
    main, today = data["main"], data["today"]
    week = today + datetime.timedelta(days=7)
    live = "FROM rights_rightsrequest WHERE organisation_id = %s AND archived_at IS NULL"
    open_ = f"{live} AND closed_on IS NULL"

    def count(where: str, params=()) -> int:
        return _scalar(f"SELECT count(*) {where}", [main.pk, *params])[0]

    counts = {
        "live": count(live),
        "overdue": count(f"{open_} AND due_on < %s", [today]),
        "due_this_week": count(f"{open_} AND due_on BETWEEN %s AND %s", [today, week]),
        "stopped": count(f"{open_} AND due_on IS NULL"),
        "closed_late": count(f"{live} AND closed_on > due_on"),
        "erasure": count(f"{live} AND rights LIKE %s", ["%erasure%"]),
        "search": count(
            f"{live} AND (upper(reference) LIKE %s OR upper(requester_name) LIKE %s "
            "OR upper(data_subject_name) LIKE %s OR upper(requester_email) LIKE %s)",
            [f"%{SEARCH_SURNAME.upper()}%"] * 4,
        ),
    }
    # The dashboard's "open and overdue" counts every live open request, as the queue does.
    pk, reference = _scalar(
        f"SELECT id, reference {open_} AND due_on >= %s ORDER BY id OFFSET %s LIMIT 1",
        [main.pk, today, counts["live"] // 200],
    )
    data["targets"] = {**counts, "detail_id": pk, "detail_reference": reference}
    base = f"/o/{main.slug}/requests/"

    def rows(key: str) -> dict:
        return {"rows": min(25, counts[key])}

    return [
        ("list page 1", base, {"rows": min(25, counts["live"])}),
        ("list page 200", f"{base}?page=200", {"rows": 25}),
        ("queue overdue", f"{base}?queue=overdue", rows("overdue")),
        ("queue due_this_week", f"{base}?queue=due_this_week", rows("due_this_week")),
        ("queue stopped", f"{base}?queue=stopped", rows("stopped")),
        ("queue closed_late", f"{base}?queue=closed_late", rows("closed_late")),
        ("right erasure", f"{base}?right=erasure", rows("erasure")),
        (
            f"search {SEARCH_SURNAME}",
            f"{base}?q={SEARCH_SURNAME}",
            {**rows("search"), "contains": SEARCH_SURNAME},
        ),
        ("sort due date", f"{base}?sort=due_on", {"rows": 25}),
        ("request detail", f"{base}{pk}/", {"contains": reference}),
        (
            "dashboard",
            f"{base}dashboard/",
            {
                "contains": f'<span class="dpa-figure__number">{counts["overdue"]}</span> '
                "open and overdue"
            },
        ),
        ("api list", f"/api/v1/o/{main.slug}/requests/", {"results": 50}),
    ]


# --- Candidate fixes, tried in the bench database only ------------------------------------
#
# Indexes are created through Django's schema editor from ``models.Index`` / ``GinIndex``
# definitions, so the printed DDL is what a migration with those definitions would run. The
# fixes are cumulative; all are undone before the next size is loaded (and at startup, after
# an interrupted run).


def _model_index(fields: list[str]):
    from dpassure.rights.models import RightsRequest

    return next(index for index in RightsRequest._meta.indexes if index.fields == fields)


def candidate_fixes() -> list[dict]:
    from django.contrib.postgres.indexes import GinIndex, OpClass
    from django.db import models
    from django.db.models import F, OrderBy, Q
    from django.db.models.functions import Collate, Upper
    from django.db.models.indexes import IndexExpression

    # OpClass needs what django.contrib.postgres's AppConfig.ready() registers; the project
    # does not install that app, so register it in this process.
    IndexExpression.register_wrappers(OrderBy, OpClass, Collate)
    return [
        {
            "label": "A work-list partial indexes",
            "add": [
                # Open requests in list order, due_on as a key column so the queue's due_on
                # condition is checked inside the index (overdue, due this week, stopped).
                models.Index(
                    fields=["organisation", "-received_on", "-id", "due_on"],
                    condition=Q(closed_on__isnull=True, archived_at__isnull=True),
                    name="rr_open_work_idx",
                ),
                models.Index(
                    fields=["organisation", "-received_on", "-id"],
                    condition=Q(closed_on__gt=F("due_on"), archived_at__isnull=True),
                    name="rr_closed_late_idx",
                ),
            ],
        },
        {
            "label": "B + covering list index",
            # The list-order index carries archived_at and rights, so the capped count of a
            # filter on rights (?right=) is an index-only scan.
            "drop": [_model_index(["organisation", "-received_on", "-id"])],
            "add": [
                models.Index(
                    fields=["organisation", "-received_on", "-id"],
                    include=["archived_at", "rights"],
                    name="rr_org_received_cover_idx",
                )
            ],
        },
        {
            "label": "C + trigram GIN for search",
            "sql": ["CREATE EXTENSION IF NOT EXISTS pg_trgm"],
            "add": [
                GinIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=f"rr_{field}_trgm")
                for field in ("reference", "requester_name", "data_subject_name", "requester_email")
            ],
        },
    ]


def apply_fix(fix: dict) -> list[str]:
    from django.db import connection

    from dpassure.rights.models import RightsRequest

    ran = []
    with connection.schema_editor() as editor:
        for statement in fix.get("sql", []):
            editor.execute(statement)
            ran.append(statement)
        for index in fix.get("drop", []):
            editor.remove_index(RightsRequest, index)
            ran.append(str(index.remove_sql(RightsRequest, editor)))
        for index in fix.get("add", []):
            editor.add_index(RightsRequest, index)
            ran.append(str(index.create_sql(RightsRequest, editor)))
    return ran


def restore_schema() -> None:
    """Drop every candidate index and put back any index a fix replaced (idempotent)."""
    from django.db import connection

    from dpassure.rights.models import RightsRequest

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'rights_rightsrequest'")
        present = {row[0] for row in cursor.fetchall()}
    with connection.schema_editor() as editor:
        for fix in candidate_fixes():
            for index in fix.get("add", []):
                if index.name in present:
                    editor.remove_index(RightsRequest, index)
            for index in fix.get("drop", []):
                if index.name not in present:
                    editor.add_index(RightsRequest, index)


# --- Run ---------------------------------------------------------------------------------


def run_size(rows: int, other_rows: int, repeat: int, warmup: int, try_fixes: bool) -> dict:
    from django.test import Client

    from dpassure.core import clock

    print(f"\n## {rows:,} requests (+{other_rows:,} in a second organisation)", flush=True)
    data = load(rows, other_rows, clock.today())
    print(
        f"loaded in {data['load_seconds']} s, VACUUM ANALYZE {data['vacuum_analyze_seconds']} s; "
        f"rights_rightsrequest {data['table_mb']} MB heap, "
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
        "today": data["today"].isoformat(),
        "load": {
            k: data[k]
            for k in ("load_seconds", "vacuum_analyze_seconds", "table_mb", "table_with_indexes_mb")
        },
        "targets": data["targets"],
        "pages": results,
        "variants": [],
    }
    if try_fixes:
        try:
            for fix in candidate_fixes():
                label = fix["label"]
                started = time.perf_counter()
                ddl = apply_fix(fix)
                vacuum_analyze()
                print(
                    f"\n### with {label} ({time.perf_counter() - started:.1f} s to build)",
                    flush=True,
                )
                variant = measure_pages(client, pages, repeat, warmup)
                print_pages(variant)
                size["variants"].append({"label": label, "ddl": ddl, "pages": variant})
        finally:
            restore_schema()
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument(
        "--other-rows", type=int, default=3_000, help="requests in the second organisation"
    )
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first")
    parser.add_argument(
        "--try-fixes",
        action="store_true",
        help="after each size, also measure with candidate indexes (bench database only)",
    )
    parser.add_argument(
        "--wait-for-idle",
        type=float,
        metavar="LOAD",
        default=None,
        help="before timing, wait up to 5 minutes for the 1-minute load average to fall below "
        "LOAD (the machine is shared)",
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--drop-db", action="store_true", help="drop the bench database at the end")
    parser.add_argument("--output", type=Path, default=None, help="JSON results file")
    args = parser.parse_args(argv)
    if min(args.rows) < MIN_ROWS:
        parser.error(f"--rows must be at least {MIN_ROWS:,} so that list page 200 exists")

    people.IDLE_LOAD = args.wait_for_idle  # read by people.measure_pages
    os.environ["DATABASE_URL"] = args.database_url
    people.configure_environment()
    people.create_database_if_missing(args.database_url)
    people.setup_django()
    from django.core.management import call_command
    from django.db import connection

    print("migrating…", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    restore_schema()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        server = cursor.fetchone()[0]
        shown = {}
        for name in ("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost"):
            cursor.execute(f"SHOW {name}")
            shown[name] = cursor.fetchone()[0]

    started = datetime.datetime.now(datetime.UTC)
    try:
        sizes = [
            run_size(rows, args.other_rows, args.repeat, args.warmup, args.try_fixes)
            for rows in sorted(set(args.rows))
        ]
    except BaseException:
        if args.drop_db:
            people.drop_database(args.database_url)
        raise
    verdict = verdicts(sizes)
    # The dashboard aggregates a year of requests; it is reported but has no target.
    verdict["dashboard"]["misses"] = []
    verdict["dashboard"]["note"] = "no target (aggregates 12 months)"

    print("\n## Results as the code stands\n")
    print(markdown_table(sizes))
    print()
    print(markdown_verdict(sizes, verdict))
    print_plans("as is", sizes[-1], sizes[-1]["pages"], verdict)

    variant_verdicts = {}
    if args.try_fixes:
        for position, fix in enumerate(candidate_fixes()):
            label = fix["label"]

            def key(size, position=position):
                return size["variants"][position]["pages"]

            variant_verdicts[label] = verdicts(sizes, key)
            variant_verdicts[label]["dashboard"]["misses"] = []
            print(f"\n## With candidate fixes {label} (cumulative; bench database only)\n")
            print(markdown_table(sizes, key))
            print()
            print(markdown_verdict(sizes, variant_verdicts[label]))
            print_plans(label, sizes[-1], key(sizes[-1]), variant_verdicts[label])
        print("\nDDL of the candidate fixes, as Django's schema editor ran it:")
        for variant in sizes[-1]["variants"]:
            for statement in variant["ddl"]:
                print(f"  [{variant['label']}] {statement};")

    print("\n## Verdict\n")
    misses = {page: v["misses"] for page, v in verdict.items() if v["misses"]}
    for page, why in misses.items():
        print(f"- MISS {page}: {'; '.join(why)}")
    if not misses:
        print("- every page with a target meets it")

    output = args.output or RESULTS_DIR / f"rights-{started:%Y-%m-%d}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "benchmark": "rights",
                "started_at": started.isoformat(),
                "finished_at": datetime.datetime.now(datetime.UTC).isoformat(),
                "argv": sys.argv[1:] if argv is None else argv,
                "repeat": args.repeat,
                "warmup": args.warmup,
                "targets": {
                    "p95_ms_at_largest": TARGET_P95_MS,
                    "max_ratio": TARGET_RATIO,
                    "queries": "constant across sizes",
                    "dashboard": "reported, no target",
                },
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                    "postgres": server,
                    "postgres_settings": shown,
                },
                "sizes": sizes,
                "verdict": verdict,
                "variant_verdicts": variant_verdicts,
            },
            indent=2,
            default=str,
        )
    )
    print(f"\nresults written to {output}")
    if args.drop_db:
        people.drop_database(args.database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
