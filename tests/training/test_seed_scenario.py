"""The undertaking follow-up's figures (seeds/001, requirement 4), rebuilt from files.

The force could only give the ICO "a list of departments, number of employees, number of these
that had completed the training and overall percentage of completion per department": student
officers 23%, integrated offender management 11%, counter terrorism 18%, criminal justice 12%,
information management 7%, twelve departments at 0%, overall 32%. Here the same picture comes
from an HR extract and a learning-platform export imported through the commands a nightly job
runs — and every one of those percentages is backed by named people with dates and scores.
"""

import csv
import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from dpassure.organisations.models import Person
from dpassure.organisations.services import department_create
from dpassure.training import selectors, services
from dpassure.training.models import TrainingRecord

pytestmark = pytest.mark.django_db

ON = datetime.date(2018, 5, 16)  # the day of the ICO's follow-up assessment
ZERO = [
    "Force Executive Team",
    "Police and Crime Commissioner",
    "Corporate Communications",
    "Legal Services",
    "Finance",
    "Human Resources",
    "Estates",
    "Procurement",
    "Fleet",
    "Corporate Development",
    "Business Insight",
    "Force Contact",
]
#: department: (people, completed)
SEED = {
    "Student Officers": (100, 23),
    "Integrated Offender Management": (100, 11),
    "Counter Terrorism Unit": (50, 9),
    "Criminal Justice Services": (100, 12),
    "Information Management": (100, 7),
    **dict.fromkeys(ZERO, (10, 0)),
    "Response Policing": (430, 258),  # the rest of the force, so that overall is 32%
}


def write_files(tmp_path):
    people, completions = StringIO(), StringIO()
    hr = csv.writer(people)
    hr.writerow(["Employee number", "First name", "Last name", "Department", "Start date"])
    lms = csv.writer(completions)
    lms.writerow(["Employee number", "Course code", "Completion date", "Score"])
    number = 0
    for department, (size, completed) in SEED.items():
        for index in range(size):
            number += 1
            hr.writerow([f"WM{number:05d}", "Alex", f"Officer{number}", department, "04/09/2017"])
            if index < completed:
                lms.writerow([f"WM{number:05d}", "DPA-NCALT", "2018-01-15", "85%"])
            elif index == completed:  # one person in each department tried and failed
                lms.writerow([f"WM{number:05d}", "DPA-NCALT", "15/01/2018", "55"])
    (tmp_path / "hr.csv").write_text(people.getvalue(), encoding="utf-8")
    (tmp_path / "ncalt.csv").write_text(completions.getvalue(), encoding="utf-8")


def test_the_seed_figures_come_out_exactly_from_imported_files(org, tmp_path):
    for department in SEED:
        department_create(organisation=org, actor=None, name=department)
    course = services.course_create(
        organisation=org,
        actor=None,
        code="DPA-NCALT",
        title="Data Protection Act e-learning",
        kind="induction",
        pass_mark=70,
        validity_months=0,
        gates_access=True,
    )
    write_files(tmp_path)
    call_command("import_people", org.slug, str(tmp_path / "hr.csv"), stdout=StringIO())
    call_command("import_training", org.slug, str(tmp_path / "ncalt.csv"), stdout=StringIO())
    assert Person.objects.filter(organisation=org).count() == 1000
    assert TrainingRecord.objects.filter(organisation=org).count() == 320 + len(SEED)

    rows = selectors.completion_by_department(organisation=org, course=course, on=ON)
    figures = {row.department: (row.people, row.completed, row.percent) for row in rows}
    assert figures["Student Officers"] == (100, 23, 23)
    assert figures["Integrated Offender Management"] == (100, 11, 11)
    assert figures["Counter Terrorism Unit"] == (50, 9, 18)
    assert figures["Criminal Justice Services"] == (100, 12, 12)
    assert figures["Information Management"] == (100, 7, 7)
    assert [name for name, (_, _, percent) in figures.items() if percent == 0] == sorted(
        ZERO, key=str.lower
    )
    overall = selectors.overall(rows)
    assert (overall.people, overall.completed, overall.percent) == (1000, 320, 32)

    # The figure the force could not give: the named people behind each percentage.
    students = next(row for row in rows if row.department == "Student Officers")
    named = selectors.people_with_status(
        Person.objects.filter(organisation=org, department_id=students.department_id),
        course=course,
        on=ON,
        policy=selectors.policy_for(org),
    )
    passed = [p for p in named if p.last_pass is not None]
    assert len(passed) == 23 and {p.last_pass for p in passed} == {datetime.date(2018, 1, 15)}
    assert (
        TrainingRecord.objects.filter(
            person__department_id=students.department_id, passed=False
        ).count()
        == 1
    )

    # The same table from the command line, for scripting.
    out = StringIO()
    call_command(
        "training_report",
        org.slug,
        course="DPA-NCALT",
        as_of="2018-05-16",
        format="json",
        stdout=out,
    )
    printed = json.loads(out.getvalue())
    rows_by_name = {row["department"]: row for row in printed["departments"]}
    assert rows_by_name["Counter Terrorism Unit"]["percent"] == 18
    assert printed["overall"]["percent"] == 32
