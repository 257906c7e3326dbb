"""The demo's worked example: the seed's undertaking at Wessex Police, followed up and issued."""

import pytest

from dpassure.incidents.demo import load_incidents_demo
from dpassure.organisations.demo import load_demo
from dpassure.undertakings.demo import load_undertakings_demo
from dpassure.undertakings.models import IssuedReport, Requirement, Undertaking


@pytest.mark.django_db
def test_the_demo_case_is_complete_and_loads_once():
    load_demo()
    load_incidents_demo()
    assert load_undertakings_demo() == 2
    assert load_undertakings_demo() == 0
    case = Undertaking.objects.get(subject__slug="wessex-police")
    assert case.organisation.slug == "northern-assurance"
    assert case.status == "referred"
    requirements = Requirement.objects.filter(undertaking=case).order_by("number")
    assert [r.number for r in requirements] == [1, 2, 3, 4, 5, 6, 7]
    assert "within three months" in requirements.last().text
    assert len({r.due_on for r in requirements}) == 1
    report = IssuedReport.objects.get(undertaking=case)
    assert report.verdicts == {
        "1": "implemented",
        "2": "not_evidenced",
        "3": "not_evidenced",
        "4": "not_evidenced",
        "5": "not_implemented",
        "6": "not_implemented",
    }
    # Breaches since the undertaking come from the force's own incident register.
    breaches = report.follow_up.subsequent_breaches.all()
    assert breaches and all(b.incident.organisation == case.subject for b in breaches)
    assert Undertaking.objects.get(subject__slug="opcc-wessex").status == "in_force"
