"""``dpassure training-report ORG --course CODE --as-of DATE --format csv|json``: the
completion table by department, for scripting.

Prints one row per department (department, people, completed, percent) and the overall row,
the same figures as the completion report page.
"""

import csv
import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from dpassure.core import clock
from dpassure.organisations.models import Organisation, Person
from dpassure.training import report_selectors as reports
from dpassure.training.models import Course

FIELDS = ("department", "people", "completed", "percent")


class Command(BaseCommand):
    help = "Print training completion by department for a course on a day, as CSV or JSON."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation's slug.")
        parser.add_argument("--course", required=True, help="The course code.")
        parser.add_argument(
            "--as-of", dest="as_of", help="The day, as YYYY-MM-DD (default: today)."
        )
        parser.add_argument("--format", choices=("csv", "json"), default="csv")

    def handle(self, *args, organisation, course, as_of, format, **options):
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"No organisation has the slug {organisation!r}.")
        found = reports.reportable_courses(Course.objects.filter(organisation=org))
        chosen = found.filter(code=course).first() or found.filter(code__iexact=course).first()
        if chosen is None:
            codes = ", ".join(found.values_list("code", flat=True)) or "none"
            raise CommandError(f"{org} has no course with the code {course!r} (courses: {codes}).")
        on = _date(as_of) if as_of else clock.today()
        rows, total = reports.completion_table(
            Person.objects.filter(organisation=org), course=chosen, on=on
        )
        lines = [_line(row) for row in rows] + [_line(total)]
        if format == "json":
            payload = {
                "organisation": org.slug,
                "course": chosen.code,
                "as_of": on.isoformat(),
                "departments": lines[:-1],
                "overall": lines[-1],
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        writer = csv.DictWriter(self.stdout, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(lines)


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of must be a date as YYYY-MM-DD, not {text!r}.") from None


def _line(row) -> dict:
    return {
        "department": row.department,
        "people": row.people,
        "completed": row.completed,
        "percent": row.percent,
    }
