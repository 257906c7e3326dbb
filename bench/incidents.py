"""Benchmark of the incident pages at 10,000 and 1,000,000 rows.

Run from the repository root:

    uv run python bench/incidents.py [--rows 10000 1000000] [--repeat 30] [--try-fixes] [--drop-db]

It needs a local PostgreSQL (trust auth, user ``postgres``). It uses its own database,
``postgres://postgres@127.0.0.1:5432/dpassure_bench_incidents`` (``--database-url`` to change
it; an inherited ``DATABASE_URL`` is ignored so the run cannot empty another database). The
database is created if missing, migrated, and emptied with TRUNCATE before each size.

The harness (settings, warm-up, query capture, timing rounds, verdicts, tables, plans, JSON)
is ``bench/common.py`` and the organisations with their departments come from
``bench/people.py``; this file adds only the incident data, the pages and the candidate
indexes. See bench/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR), str(BENCH_DIR.parent / "src")]

import common  # noqa: E402  (needs bench/ on sys.path)
import people  # noqa: E402
from common import weighted  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dpassure_bench_incidents"
SPAN_DAYS = 3650  # incidents were discovered over the last ten years
SEARCH_WORD = "USB"  # in about 2 % of the "what happened" texts
MONTH = "2026-05"

# The shape of the register (shares of rows).
NEAR_MISS = 0.25
OPEN_RECENT = 0.70  # of those discovered in the last 30 days, still open
OPEN_OLD = 0.02  # of older ones, still open
BREACH = 0.60  # of triaged incidents (not near misses), a personal data breach
REPORTED_LATE = 0.12  # of reports to the ICO, after the 72 hours
NO_DEPARTMENT = 0.03  # of triaged rows
ARCHIVED = 0.01

CAUSES = weighted(
    [
        ("wrong_recipient", 35),
        ("lost_paperwork", 12),
        ("unauthorised_access", 12),
        ("lost_device", 8),
        ("system_error", 8),
        ("verbal", 6),
        ("cyber_attack", 5),
        ("disposal_failure", 5),
        ("publication", 5),
        ("other", 4),
    ]
)
PROPERTIES = weighted([("confidentiality", 80), ("availability", 15), ("integrity", 5)])
WHAT = weighted(
    [
        ("An email with a witness statement attached was sent to the wrong address.", 20),
        ("A case file was left on a train and handed in to lost property the next day.", 8),
        ("An officer looked up a neighbour on the intelligence system without a reason.", 8),
        ("A laptop was stolen from a car; the disk was encrypted.", 6),
        ("A letter to a victim was put in an envelope addressed to the suspect.", 8),
        ("Custody records were printed and left on a shared printer.", 6),
        ("A phishing email led to one mailbox being accessed by an outsider.", 4),
        ("A spreadsheet of names was published on the website by mistake.", 4),
        ("Confidential waste was found in an ordinary bin outside the station.", 5),
        ("A call handler read out an address to the wrong caller.", 5),
        ("A system update showed some records to users without access.", 6),
        ("Body-worn video was shared with the wrong solicitor.", 8),
        ("An unencrypted USB stick with interview notes was lost.", 2),
    ]
)

INCIDENT_INSERT = """
INSERT INTO incidents_incident (
    created_at, updated_at, archived_at, reference, is_near_miss, what_happened, occurred_at,
    discovered_at, information_involved, people_affected_estimate, status, aware_at,
    security_property, cause, containment, is_personal_data_breach, regime,
    data_subject_categories, data_subjects_count, records_count, special_category, likelihood,
    severity, risk, report_to_ico, ico_decision_reasons, tell_individuals, individuals_exception,
    individuals_decision_reasons, dpo_advice, individuals_told_at, report_due_at,
    reported_to_ico_at, ico_reference, delay_reason, likely_consequences, measures_taken,
    contact_point, root_cause, lessons_learned, closed_at, archived_by_id, department_id,
    organisation_id, reported_by_id
)
SELECT
    s.created,
    GREATEST(s.created, s.aware_at, s.reported_at, s.closed_at),
    CASE WHEN s.r_archived < %(archived)s
         THEN LEAST(s.created + interval '60 days', %(now)s::timestamptz) END,
    'INC-' || s.year || '-' ||
        CASE WHEN s.n < 100000 THEN lpad(s.n::text, 5, '0') ELSE s.n::text END,
    s.near_miss,
    (%(what)s::text[])[1 + floor(s.r_what * %(what_count)s)::int],
    s.discovered - (1 + floor(s.r_occ * 72)) * interval '1 hour',
    s.discovered,
    'Names, addresses and dates of birth.',
    1 + floor(s.r_people ^ 3 * 500)::int,
    CASE WHEN s.closed_at IS NOT NULL THEN 'closed'
         WHEN s.risk <> '' THEN 'assessed'
         WHEN s.triaged THEN 'triaged'
         ELSE 'reported' END,
    s.aware_at,
    CASE WHEN s.triaged AND NOT s.near_miss
         THEN (%(properties)s::text[])[1 + floor(s.r_property * %(property_count)s)::int]
         ELSE '' END,
    s.cause,
    CASE WHEN s.triaged THEN 'Recipient asked to delete it; deletion confirmed.' ELSE '' END,
    s.breach,
    s.regime,
    CASE WHEN s.assessed THEN 'Victims and witnesses' ELSE '' END,
    CASE WHEN s.assessed THEN s.people END,
    CASE WHEN s.assessed THEN s.people * 3 END,
    s.special,
    s.likelihood,
    s.severity,
    s.risk,
    s.report_to_ico,
    CASE WHEN s.report_to_ico IS NOT NULL THEN 'From the risk matrix and the DPO''s advice.'
         ELSE '' END,
    CASE WHEN s.assessed THEN s.risk = 'high' END,
    '',
    '',
    CASE WHEN s.assessed THEN 'Report if the risk matrix says so.' ELSE '' END,
    CASE WHEN s.assessed AND s.risk = 'high' AND s.closed_at IS NOT NULL
         THEN s.aware_at + interval '5 days' END,
    s.report_due_at,
    s.reported_at,
    CASE WHEN s.reported_at IS NOT NULL THEN 'IC-' || lpad(s.g::text, 7, '0') ELSE '' END,
    CASE WHEN s.reported_at > s.report_due_at
         THEN 'The facts were not established until the following week.' ELSE '' END,
    CASE WHEN s.assessed THEN 'Distress; possible risk to safety.' ELSE '' END,
    CASE WHEN s.assessed THEN 'Recall requested; staff reminded of the procedure.' ELSE '' END,
    'Data Protection Officer',
    CASE WHEN s.closed_at IS NOT NULL THEN 'Human error under time pressure.' ELSE '' END,
    CASE WHEN s.closed_at IS NOT NULL THEN 'Check the recipient before sending.' ELSE '' END,
    s.closed_at,
    NULL,
    s.department_id,
    %(organisation_id)s,
    %(user_id)s
FROM (
    SELECT
        e.*,
        extract(year FROM e.created AT TIME ZONE 'Europe/London')::int AS year,
        row_number() OVER (
            PARTITION BY extract(year FROM e.created AT TIME ZONE 'Europe/London')
            ORDER BY e.created, e.g
        ) AS n,
        CASE WHEN e.closed THEN LEAST(
            GREATEST(e.discovered, e.aware_at, e.reported_at)
                + (3 + floor(e.r_close * 50)) * interval '1 day',
            %(now)s::timestamptz) END AS closed_at
    FROM (
        SELECT
            d.*,
            CASE WHEN d.report_to_ico AND (d.closed OR d.r_reported < 0.5) THEN LEAST(
                COALESCE(d.aware_at, d.discovered) + CASE
                    WHEN d.r_late < %(reported_late)s THEN 73 + floor(d.r_hours * 168)
                    ELSE 2 + floor(d.r_hours * 69) END * interval '1 hour',
                %(now)s::timestamptz) END AS reported_at
        FROM (
            SELECT
                c.*,
                CASE WHEN c.assessed THEN CASE
                    WHEN c.likelihood * LEAST(4, c.severity + c.special::int
                                                 + (c.people > 100)::int) >= 8 THEN 'high'
                    WHEN c.likelihood * LEAST(4, c.severity + c.special::int
                                                 + (c.people > 100)::int) >= 3 THEN 'risk'
                    ELSE 'none' END ELSE '' END AS risk,
                CASE WHEN c.assessed THEN c.likelihood * LEAST(
                    4, c.severity + c.special::int + (c.people > 100)::int) >= 3 END
                    AS report_to_ico,
                CASE WHEN NOT c.near_miss AND c.breach IS DISTINCT FROM false
                     THEN COALESCE(c.aware_at, c.discovered) + interval '72 hours' END
                    AS report_due_at
            FROM (
                SELECT
                    b.*,
                    b.triaged AND b.breach IS TRUE AND b.stage <> 'triaged' AS assessed,
                    CASE WHEN b.triaged AND b.breach IS TRUE AND b.stage <> 'triaged'
                         THEN 1 + floor(b.r_like * 4)::int END AS likelihood,
                    CASE WHEN b.triaged AND b.breach IS TRUE AND b.stage <> 'triaged'
                         THEN 1 + floor(b.r_sev * 4)::int END AS severity
                FROM (
                    SELECT
                        a.*,
                        a.stage <> 'reported' AS triaged,
                        a.stage = 'closed' AS closed,
                        CASE WHEN a.stage = 'reported' THEN NULL
                             WHEN a.near_miss THEN false
                             ELSE a.r_breach < %(breach)s END AS breach,
                        CASE WHEN a.stage <> 'reported' THEN LEAST(
                            a.discovered + floor(a.r_aware * 36) * interval '1 hour',
                            %(now)s::timestamptz) END AS aware_at,
                        CASE WHEN a.stage = 'reported' THEN ''
                             ELSE (%(causes)s::text[])[1 + floor(a.r_cause * %(cause_count)s)::int]
                        END AS cause,
                        CASE WHEN a.stage = 'reported' OR a.r_dept < %(no_department)s THEN NULL
                             ELSE (%(departments)s::bigint[])[
                                 1 + floor(((a.r_dept - %(no_department)s)
                                            / (1 - %(no_department)s)) ^ 2
                                           * %(department_count)s)::int]
                        END AS department_id
                    FROM (
                        SELECT
                            r.*,
                            r.r_near < %(near_miss)s AS near_miss,
                            CASE WHEN r.r_regime < 0.15 THEN 'part3' ELSE 'uk_gdpr' END
                                AS regime,
                            r.r_special < 0.2 AS special,
                            1 + floor(r.r_people ^ 3 * 500)::int AS people,
                            %(now)s::timestamptz - r.r_disc * %(span)s * interval '1 day'
                                AS discovered,
                            LEAST(%(now)s::timestamptz - r.r_disc * %(span)s * interval '1 day'
                                  + r.r_created * interval '2 hours', %(now)s::timestamptz)
                                AS created,
                            CASE WHEN r.r_open >= CASE WHEN r.r_disc * %(span)s < 30
                                                       THEN %(open_recent)s
                                                       ELSE %(open_old)s END THEN 'closed'
                                 WHEN r.r_stage < 0.4 THEN 'reported'
                                 WHEN r.r_stage < 0.7 THEN 'triaged'
                                 ELSE 'assessed' END AS stage
                        FROM (
                            SELECT g, random() AS r_disc, random() AS r_occ,
                                   random() AS r_near, random() AS r_open,
                                   random() AS r_stage, random() AS r_breach,
                                   random() AS r_cause, random() AS r_dept,
                                   random() AS r_like, random() AS r_sev,
                                   random() AS r_late, random() AS r_hours,
                                   random() AS r_close, random() AS r_archived,
                                   random() AS r_what, random() AS r_aware,
                                   random() AS r_people, random() AS r_special,
                                   random() AS r_regime, random() AS r_created,
                                   random() AS r_property, random() AS r_reported
                            FROM generate_series(1, %(rows)s) AS g
                        ) AS r
                    ) AS a
                ) AS b
            ) AS c
        ) AS d
    ) AS e
) AS s
"""


# --- Data --------------------------------------------------------------------------------


def load_incidents(organisation, user, departments, rows, now, seed: float) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        cursor.execute(
            INCIDENT_INSERT,
            {
                "rows": rows,
                "now": now,
                "span": SPAN_DAYS,
                "near_miss": NEAR_MISS,
                "open_recent": OPEN_RECENT,
                "open_old": OPEN_OLD,
                "breach": BREACH,
                "reported_late": REPORTED_LATE,
                "no_department": NO_DEPARTMENT,
                "archived": ARCHIVED,
                "causes": CAUSES,
                "cause_count": len(CAUSES),
                "properties": PROPERTIES,
                "property_count": len(PROPERTIES),
                "what": WHAT,
                "what_count": len(WHAT),
                "departments": departments,
                "department_count": len(departments),
                "organisation_id": organisation.pk,
                "user_id": user.pk,
            },
        )


def load(rows: int, other_rows: int) -> dict:
    from dpassure.core import clock

    now = clock.now()

    def fill() -> dict:
        common.reset_database("incidents")
        # people.py's two organisations with departments; the user is their DPO.
        main, other, user, departments = people.create_fixtures(role="dpo")
        load_incidents(main, user, departments[main.pk], rows, now, seed=0.42)
        load_incidents(other, user, departments[other.pk], other_rows, now, seed=0.24)
        return {
            "main": main,
            "other": other,
            "user": user,
            "departments": departments,
            "now": now,
        }

    return common.timed_load(
        fill,
        table="incidents_incident",
        vacuum=(
            "incidents_incident",
            "organisations_department",
            "organisations_membership",
            "organisations_organisation",
            "auth_user",
        ),
    )


# --- Pages -------------------------------------------------------------------------------


def pages_for(data: dict) -> list[tuple[str, str, dict]]:
    """(name, URL, expectations) of the pages measured; expectations counted in SQL."""
    main = data["main"]
    live = "FROM incidents_incident WHERE organisation_id = %s AND archived_at IS NULL"
    department_id = data["departments"][main.pk][people.MAIN_DEPARTMENTS // 2]
    year, month = (int(part) for part in MONTH.split("-"))

    def count(where: str, params=()) -> int:
        return common.scalar(f"SELECT count(*) {live} {where}", [main.pk, *params])[0]

    like = f"%{SEARCH_WORD.upper()}%"
    counts = {
        "live": count(""),
        "breach": count("AND is_personal_data_breach"),
        "near_miss": count("AND is_near_miss"),
        "wrong_recipient": count("AND cause = 'wrong_recipient'"),
        "department": count("AND department_id = %s", [department_id]),
        "status_reported": count("AND status = 'reported'"),
        "reported_late": count(
            "AND reported_to_ico_at IS NOT NULL AND reported_to_ico_at > report_due_at"
        ),
        "month": count(
            "AND extract(year FROM discovered_at AT TIME ZONE 'Europe/London') = %s "
            "AND extract(month FROM discovered_at AT TIME ZONE 'Europe/London') = %s",
            [year, month],
        ),
        "search": count(
            "AND (upper(reference) LIKE %s OR upper(what_happened) LIKE %s "
            "OR upper(ico_reference) LIKE %s)",
            [like] * 3,
        ),
        "due": count("AND report_due_at IS NOT NULL"),
    }
    # A closed breach reported to the ICO, about 1/200 of the way down the list.
    pk, reference = common.scalar(
        f"SELECT id, reference {live} AND reported_to_ico_at IS NOT NULL "
        "ORDER BY discovered_at DESC, id DESC OFFSET %s LIMIT 1",
        [main.pk, max(0, counts["breach"] // 200)],
    )
    data["targets"] = {
        **counts,
        "department_id": department_id,
        "detail_id": pk,
        "detail_reference": reference,
    }
    base = f"/o/{main.slug}/incidents/"

    def rows(key: str) -> dict:
        return {"rows": min(25, counts[key])}

    return [
        ("list page 1", base, rows("live")),
        ("list page 200", f"{base}?page=200", {"rows": 25}),
        ("breach=yes", f"{base}?breach=yes", rows("breach")),
        ("near_miss=yes", f"{base}?near_miss=yes", rows("near_miss")),
        ("cause=wrong_recipient", f"{base}?cause=wrong_recipient", rows("wrong_recipient")),
        ("department", f"{base}?department={department_id}", rows("department")),
        ("status=reported", f"{base}?status=reported", rows("status_reported")),
        ("reported_late=yes", f"{base}?reported_late=yes", rows("reported_late")),
        (f"month={MONTH}", f"{base}?month={MONTH}", rows("month")),
        (f"q={SEARCH_WORD}", f"{base}?q={SEARCH_WORD}", rows("search")),
        ("sort=report_due_at", f"{base}?sort=report_due_at", {"rows": 25}),
        ("incident detail", f"{base}{pk}/", {"contains": reference}),
        ("dashboard", f"{base}dashboard/", {"contains": "reported after 72 hours"}),
        ("api list", f"/api/v1/o/{main.slug}/incidents/", {"results": 50}),
    ]


# --- Candidate fixes, tried in the bench database only ------------------------------------
#
# Cumulative; common.py applies them through Django's schema editor and undoes them.


def candidate_fixes() -> list[dict]:
    from django.contrib.postgres.indexes import GinIndex, OpClass
    from django.db import models
    from django.db.models import OrderBy, Q
    from django.db.models.functions import Collate, Upper
    from django.db.models.indexes import IndexExpression

    IndexExpression.register_wrappers(OrderBy, OpClass, Collate)
    live = Q(archived_at__isnull=True)
    order = ["organisation", "-discovered_at", "-id"]
    return [
        {
            "label": "A list-order filter indexes",
            # One index per equality filter, in list order, live rows only: the page is the
            # first 25 entries and the capped count reads at most 10,001 index entries.
            "add": [
                models.Index(
                    fields=["organisation", "cause", "-discovered_at", "-id"],
                    condition=live,
                    name="inc_org_cause_disc_idx",
                ),
                models.Index(
                    fields=["organisation", "department", "-discovered_at", "-id"],
                    condition=live,
                    name="inc_org_dept_disc_idx",
                ),
                models.Index(
                    fields=["organisation", "status", "-discovered_at", "-id"],
                    condition=live,
                    name="inc_org_status_disc_idx",
                ),
                models.Index(
                    fields=order,
                    condition=live & Q(is_personal_data_breach=True),
                    name="inc_breach_disc_idx",
                ),
                models.Index(
                    fields=order,
                    condition=live & Q(is_near_miss=True),
                    name="inc_near_miss_disc_idx",
                ),
                models.Index(
                    fields=order,
                    condition=live
                    & Q(reported_to_ico_at__isnull=False)
                    & Q(reported_to_ico_at__gt=models.F("report_due_at")),
                    name="inc_reported_late_disc_idx",
                ),
            ],
        },
        {
            "label": "B + trigram GIN for search",
            "sql": ["CREATE EXTENSION IF NOT EXISTS pg_trgm"],
            "add": [
                GinIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=f"inc_{field}_trgm")
                for field in ("reference", "what_happened", "ico_reference")
            ],
        },
    ]


def incident_model():
    from dpassure.incidents.models import Incident

    return Incident


BENCHMARK = common.PageBenchmark(
    name="incidents",
    noun="incidents",
    description=__doc__.splitlines()[0],
    database_url=DEFAULT_DATABASE_URL,
    model=incident_model,
    load=load,
    pages=pages_for,
    candidate_fixes=candidate_fixes,
    repeat=30,
    # The dashboard aggregates 12 months and every reported breach: reported, no target.
    no_target={"dashboard": "no target (aggregates 12 months and all reported breaches)"},
    dated=("now",),
)


if __name__ == "__main__":
    sys.exit(common.main(BENCHMARK))
