"""``dpassure training-report``: the completion table by department for scripts."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.training.test_reports import ON, world  # noqa: F401 (the shared fixture)

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("training_report", *args, stdout=out)
    return out.getvalue()


def test_csv_prints_the_table_and_the_overall_row(world, org):  # noqa: F811
    output = run(org.slug, "--course", "DP001", "--as-of", ON.isoformat())
    assert list(csv.reader(io.StringIO(output))) == [
        ["department", "people", "completed", "percent"],
        ["Alpha Unit", "5", "2", "40"],
        ["Beta Unit", "3", "1", "33"],
        ["No department", "1", "0", "0"],
        ["All departments", "9", "3", "33"],
    ]


def test_json(world, org):  # noqa: F811
    output = run(org.slug, "--course", "dp001", "--as-of", ON.isoformat(), "--format", "json")
    payload = json.loads(output)
    assert payload["course"] == "DP001" and payload["as_of"] == "2026-12-01"
    assert payload["departments"][0] == {
        "department": "Alpha Unit",
        "people": 5,
        "completed": 2,
        "percent": 40,
    }
    assert payload["overall"] == {
        "department": "All departments",
        "people": 9,
        "completed": 3,
        "percent": 33,
    }


def test_as_of_defaults_to_today(world, org, monkeypatch):  # noqa: F811
    monkeypatch.setattr("dpassure.core.clock.today", lambda: ON)
    assert run(org.slug, "--course", "DP001").splitlines()[-1] == "All departments,9,3,33"


@pytest.mark.parametrize(
    "args, message",
    [
        (["nowhere", "--course", "DP001"], "No organisation has the slug 'nowhere'"),
        (["wessex", "--course", "NOPE"], "has no course with the code 'NOPE' (courses: DP001)"),
        (["wessex", "--course", "DP001", "--as-of", "31/12/2026"], "--as-of must be a date"),
    ],
)
def test_clear_errors(world, org, args, message):  # noqa: F811
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(*args)


def test_an_other_organisations_course_is_unknown(world, org, other_org):  # noqa: F811
    with pytest.raises(CommandError, match="has no course"):
        run(other_org.slug, "--course", "DP001")
