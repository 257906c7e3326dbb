"""The demo shows training working on a realistic case, with something in every report."""

import datetime

import pytest

from dpassure.organisations.demo import load_demo
from dpassure.organisations.models import Organisation, Person
from dpassure.training import selectors
from dpassure.training.demo import INDUCTION, REFRESHER, load_training_demo
from dpassure.training.models import Course

pytestmark = pytest.mark.django_db


def test_the_demo_force_has_uneven_training_and_loading_again_adds_nothing():
    load_demo()
    added = load_training_demo()
    assert added > 600
    assert load_training_demo() == 0
    force = Organisation.objects.get(slug="wessex-police")
    on = datetime.date(2026, 12, 1)
    induction = Course.objects.get(organisation=force, code=INDUCTION)
    rows = {
        row.department: row
        for row in selectors.completion_by_department(organisation=force, course=induction, on=on)
    }
    assert rows["Student Officers"].percent < rows["Human Resources"].percent
    total = selectors.overall(list(rows.values()))
    assert 60 < total.percent < 95 and total.never_completed > 0
    refresher = Course.objects.get(organisation=force, code=REFRESHER)
    refreshed = selectors.overall(
        selectors.completion_by_department(organisation=force, course=refresher, on=on)
    )
    assert refreshed.overdue > 0 and refreshed.due_soon > 0 and refreshed.completed > 0
    assert Person.objects.filter(organisation=force, line_manager__isnull=False).exists()
