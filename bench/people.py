"""Benchmark of the staff directory (people) pages at 10,000 and 1,000,000 rows.

Run from the repository root:

    uv run python bench/people.py [--rows 10000 1000000] [--repeat 50]

It needs a local PostgreSQL (trust auth, user ``postgres``). The database named by
``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/dpassure_bench``) is created if
missing, migrated, and emptied with TRUNCATE before each size. ``--drop-db`` drops it at the end.

The harness (settings, warm-up, query capture, timing rounds, verdicts, tables, JSON) is
``bench/common.py``; this file adds the directory's data, pages and candidate fixes, which
rights.py, incidents.py and the training benchmarks reuse. See bench/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import common

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dpassure_bench"

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


def create_fixtures(role: str = "viewer"):
    """Two organisations, their departments, and ``bench-viewer``, who has ``role`` in both."""
    from dpassure.organisations.models import Department

    main, other, user = common.create_organisations(
        main_slug=MAIN_SLUG, other_slug=OTHER_SLUG, user="viewer", role=role
    )
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
    def fill() -> dict:
        common.reset_database()
        main, other, user, departments = create_fixtures()
        load_people(main, departments[main.pk], rows, "E", seed=0.42)
        load_people(other, departments[other.pk], other_rows, "X", seed=0.24)
        return {"main": main, "other": other, "user": user, "departments": departments}

    return common.timed_load(
        fill,
        table="organisations_person",
        vacuum=(
            "organisations_person",
            "organisations_department",
            "organisations_membership",
            "organisations_organisation",
            "auth_user",
        ),
    )


# --- Pages -------------------------------------------------------------------------------


# Two surnames of about the same frequency (~0.3 % of people each, neither part of another
# surname): one early in the alphabet and one late, because a name-ordered index walk that
# filters on the search term costs more the further into the alphabet the matches are.
SEARCH_EARLY = "Chapman"
SEARCH_LATE = "Wilkinson"


def pages_for(data: dict) -> list[tuple[str, str, dict]]:
    """(name, URL, expectations) of the pages measured."""
    main = data["main"]
    live_sql = "FROM organisations_person WHERE organisation_id = %s AND archived_at IS NULL"
    (live,) = common.scalar(f"SELECT count(*) {live_sql}", [main.pk])
    person_id, employee_number = common.scalar(
        f"SELECT id, employee_number {live_sql} ORDER BY employee_number OFFSET %s LIMIT 1",
        [main.pk, live // 2],
    )
    matches = {}
    for surname in (SEARCH_EARLY, SEARCH_LATE):
        (matches[surname],) = common.scalar(
            f"SELECT count(*) {live_sql} AND (upper(employee_number) LIKE %s OR upper(first_name) "
            "LIKE %s OR upper(last_name) LIKE %s OR upper(email) LIKE %s)",
            [main.pk] + [f"%{surname.upper()}%"] * 4,
        )
    department_id = data["departments"][main.pk][MAIN_DEPARTMENTS // 2]
    (department_count,) = common.scalar(
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


def candidate_fixes() -> list[dict]:
    """The fixes measured before they went into main (fix C, ordering searches by Lower(), is
    main's own search order now, so there is nothing left to patch for it)."""
    return [
        {"label": "A covering indexes", **fix_covering_indexes()},
        {"label": "B + trigram GIN", **fix_trigram_indexes()},
    ]


def person_model():
    from dpassure.organisations.models import Person

    return Person


BENCHMARK = common.PageBenchmark(
    name="people",
    noun="people",
    description=__doc__.splitlines()[0],
    database_url=DEFAULT_DATABASE_URL,
    database_url_option=False,
    model=person_model,
    load=load,
    pages=pages_for,
    candidate_fixes=candidate_fixes,
    fixes_help="the candidate fixes applied (in the bench database and this process only)",
    fix_heading="with fixes {label} ({seconds:.1f} s to apply)",
    postgres_settings=(
        *common.POSTGRES_SETTINGS,
        "jit",
        "max_parallel_workers_per_gather",
    ),
    record_code=True,
    summarise_fixes=True,
)


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH_DIR.parent / "src"))
    sys.exit(common.main(BENCHMARK))
