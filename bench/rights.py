"""Benchmark of the requests-for-personal-data pages at 10,000 and 1,000,000 rows.

Run from the repository root:

    uv run python bench/rights.py [--rows 10000 1000000] [--repeat 50] [--try-fixes] [--drop-db]

It needs a local PostgreSQL (trust auth, user ``postgres``). It uses its own database,
``postgres://postgres@127.0.0.1:5432/dpassure_bench_rights`` (``--database-url`` to change it;
an inherited ``DATABASE_URL`` is ignored so the run cannot empty another database). The
database is created if missing, migrated, and emptied with TRUNCATE before each size.

The harness (settings, warm-up, query capture, timing rounds, verdicts, tables, JSON) is
``bench/common.py``; this file adds only the rights data, pages and candidate indexes. See
bench/README.md.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR), str(BENCH_DIR.parent / "src")]

import common  # noqa: E402  (needs bench/ on sys.path)
import people  # noqa: E402
from common import weighted  # noqa: E402

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


def load(rows: int, other_rows: int) -> dict:
    from dpassure.core import clock

    today = clock.today()

    def fill() -> dict:
        common.reset_database("rights")
        # Two organisations and an editor who belongs to both.
        main, other, user = common.create_organisations(
            main_slug=MAIN_SLUG, other_slug=OTHER_SLUG, user="editor", role="editor"
        )
        load_requests(main, user, rows, today, seed=0.42)
        load_requests(other, user, other_rows, today, seed=0.24)
        return {"main": main, "other": other, "user": user, "today": today}

    return common.timed_load(
        fill,
        table="rights_rightsrequest",
        vacuum=(
            "rights_rightsrequest",
            "organisations_membership",
            "organisations_organisation",
            "auth_user",
        ),
    )


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


# --- Pages -------------------------------------------------------------------------------


def pages_for(data: dict) -> list[tuple[str, str, dict]]:
    """(name, URL, expectations) of the pages measured; expectations counted in SQL."""
    main, today = data["main"], data["today"]
    week = today + datetime.timedelta(days=7)
    live = "FROM rights_rightsrequest WHERE organisation_id = %s AND archived_at IS NULL"
    open_ = f"{live} AND closed_on IS NULL"

    def count(where: str, params=()) -> int:
        return common.scalar(f"SELECT count(*) {where}", [main.pk, *params])[0]

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
    pk, reference = common.scalar(
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
# Cumulative; common.py applies them through Django's schema editor and undoes them.


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


def rights_request_model():
    from dpassure.rights.models import RightsRequest

    return RightsRequest


BENCHMARK = common.PageBenchmark(
    name="rights",
    noun="requests",
    description=__doc__.splitlines()[0],
    database_url=DEFAULT_DATABASE_URL,
    model=rights_request_model,
    load=load,
    pages=pages_for,
    candidate_fixes=candidate_fixes,
    # The dashboard aggregates a year of requests; it is reported but has no target.
    no_target={"dashboard": "no target (aggregates 12 months)"},
    dated=("today",),
    min_rows=MIN_ROWS,
)


if __name__ == "__main__":
    sys.exit(common.main(BENCHMARK))
