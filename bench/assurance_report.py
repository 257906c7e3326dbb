"""Benchmark of the assurance report and the engagement page, on PostgreSQL.

Builds (in a throwaway database, ``dpassure_bench_assurance`` unless ``DATABASE_URL`` says
otherwise) an engagement with 150 findings — each an area for improvement with one
recommendation and a management response — then times:

- the report rendered to PDF (WeasyPrint, tagged PDF/UA) and to Word, target under 5 s;
- the engagement page and the report preview page through Django's test client, p95 of 20
  requests after warm-up, target under 200 ms, with their query counts.

Run: ``uv run python bench/assurance_report.py``.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import time

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dpassure_bench_assurance")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dpassure.settings")
os.environ.setdefault("DPASSURE_DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

FINDINGS = 150


def create_database() -> None:
    import psycopg

    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')


def build():
    from tests.conftest import member
    from tests.factories import OrganisationFactory, make_assessed_engagement

    from dpassure.assurance import findings_services as fs
    from dpassure.core.roles import Role

    assessor = OrganisationFactory(name="Bench Assurance Unit", slug="bench-assurance")
    engagement = make_assessed_engagement(assessor, stage="management_response")
    controls = list(engagement.framework.controls.all())
    priorities = ["urgent", "high", "medium", "low"]
    for n in range(FINDINGS):
        finding = fs.finding_create(
            organisation=assessor,
            actor=None,
            engagement=engagement,
            control=controls[n % len(controls)],
            kind="area_for_improvement",
            text=f"Finding {n + 1}: the organisation has not completed a DPIA for a high-risk "
            "processing activity, and historic DPIAs have not been revisited since 2018.",
        )
        rec = fs.recommendation_create(
            organisation=assessor,
            actor=None,
            finding=finding,
            priority=priorities[n % 4],
            text="Complete a DPIA before further processing and review the historic DPIAs "
            "against current legislation.",
            owner="Chief Executive",
        )
        fs.management_response_create(
            organisation=engagement.subject,
            actor=None,
            recommendation=rec,
            decision="accepted",
            action="The DPO will draft it for the SIRO.",
            owner="DPO",
        )
    for area in engagement.scope_areas.all():
        fs.scope_rating_create(
            organisation=assessor,
            actor=None,
            engagement=engagement,
            scope_area=area,
            rating="limited",
            opinion="Considerable scope for improvement.",
        )
    user = member(assessor, Role.ADMIN, username="bench-assessor")
    return engagement, user


def p95(values):
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def time_page(client, url, rounds=20):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return status, len(queries), p95(times), statistics.median(times)


def main() -> int:
    create_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    call_command("migrate", verbosity=0)
    from dpassure.assurance import report, report_render

    started = time.perf_counter()
    engagement, user = build()
    print(f"built {FINDINGS} findings in {time.perf_counter() - started:.1f} s")

    content = report.engagement_report(engagement)
    pdf_times, docx_times = [], []
    for _ in range(3):
        start = time.perf_counter()
        pdf = report_render.render_pdf(content)
        pdf_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        report_render.render_docx(content)
        docx_times.append(time.perf_counter() - start)
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"PDF, {FINDINGS} findings, {pages} pages: best {min(pdf_times):.2f} s, "
        f"median {statistics.median(pdf_times):.2f} s (target < 5 s)"
    )
    print(f"Word: best {min(docx_times):.2f} s, median {statistics.median(docx_times):.2f} s")

    client = Client()
    client.force_login(user)
    slug = engagement.organisation.slug
    urls = {
        "report preview": reverse(
            "assurance:engagement-report-draft",
            kwargs={"org_slug": slug, "engagement_pk": engagement.pk},
        )
    }
    with contextlib.suppress(NoReverseMatch):
        urls["engagement page"] = reverse(
            "assurance:engagement-detail", kwargs={"org_slug": slug, "pk": engagement.pk}
        )
    for label, url in urls.items():
        status, queries, high, middle = time_page(client, url)
        print(
            f"{label}: HTTP {status}, {queries} queries, p95 {high:.1f} ms, "
            f"median {middle:.1f} ms (target < 200 ms)"
        )
    with open("/proc/loadavg") as load:
        print(f"load average: {load.read().split()[0]}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main())
