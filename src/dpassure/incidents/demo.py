"""Demo incidents, near misses and breaches at Wessex Police, deterministic from a seed.

A year of reports across causes and departments: near misses recorded in their own right,
breaches assessed with the matrix, most reported to the ICO within 72 hours and one late with
its reasons, one breach whose clock is running now, people involved and follow-up actions.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from dpassure.core import clock
from dpassure.incidents import services
from dpassure.incidents.choices import Cause
from dpassure.incidents.models import Incident, SpotCheck, SpotCheckTemplate
from dpassure.organisations.models import Department, Organisation, Person

SEED = 20261201
STORIES = [
    (
        Cause.WRONG_RECIPIENT,
        "Emailed a witness statement to the wrong 'J. Smith'.",
        "Witness name, address, statement",
    ),
    (
        Cause.WRONG_RECIPIENT,
        "Case file posted to the victim's former address.",
        "Victim's details and injuries",
    ),
    (
        Cause.LOST_DEVICE,
        "Work phone left on a bus; it was PIN-locked and encrypted.",
        "Contacts and emails",
    ),
    (
        Cause.LOST_PAPERWORK,
        "Pocket notebook lost during a search of open land.",
        "Names and descriptions of suspects",
    ),
    (
        Cause.UNAUTHORISED_ACCESS,
        "Officer looked up a neighbour on the crime system.",
        "Crime records of one person",
    ),
    (
        Cause.CYBER_ATTACK,
        "Phishing email opened; password entered on a fake page.",
        "Mailbox of one member of staff",
    ),
    (
        Cause.SYSTEM_ERROR,
        "Disclosure schedule exported with hidden columns showing informants.",
        "Informant identities",
    ),
    (
        Cause.DISPOSAL_FAILURE,
        "Confidential waste bag found in a general waste skip.",
        "Custody records",
    ),
    (
        Cause.PUBLICATION,
        "Press release photo showed a whiteboard with names.",
        "Names of people under investigation",
    ),
    (Cause.VERBAL, "Victim's new address said aloud at the front counter.", "Victim's address"),
]
NEAR_MISSES = [
    (
        Cause.WRONG_RECIPIENT,
        "Nearly sent a file to the wrong CPS lawyer; caught by the autocomplete check.",
    ),
    (Cause.LOST_PAPERWORK, "Unlocked filing cabinet found open overnight; nothing taken."),
    (Cause.CYBER_ATTACK, "Phishing email reported before anyone clicked."),
]


@transaction.atomic
def load_incidents_demo(*, slug: str = "wessex-police", count: int = 36) -> int:
    organisation = Organisation.objects.get(slug=slug)
    if Incident.objects.filter(organisation=organisation).exists():
        return 0
    rng = random.Random(SEED)
    actor = get_user_model().objects.filter(username="dpo").first()
    now = clock.now()
    departments = list(Department.objects.filter(organisation=organisation, parent__isnull=False))
    people = list(Person.objects.filter(organisation=organisation)[:400])
    moments = sorted(
        now - datetime.timedelta(hours=rng.randint(30, 360 * 24)) for _ in range(count)
    )
    # The second newest breach was discovered this morning: its 72-hour clock is running.
    moments[-2] = now - datetime.timedelta(hours=20)
    created = 0
    for number, discovered in enumerate(moments):
        near_miss = number % 4 == 3
        if near_miss:
            cause, story = NEAR_MISSES[number % len(NEAR_MISSES)]
            information = ""
        else:
            cause, story, information = STORIES[number % len(STORIES)]
        incident = services.incident_report(
            organisation=organisation,
            actor=actor,
            now=now,
            is_near_miss=near_miss,
            what_happened=story,
            occurred_at=discovered - datetime.timedelta(hours=rng.randint(0, 48)),
            discovered_at=discovered,
            information_involved=information,
            people_affected_estimate=rng.choice([1, 1, 2, 5, 40]) if not near_miss else None,
        )
        created += 1
        aware = discovered + datetime.timedelta(hours=rng.randint(0, 6))
        department = rng.choice(departments) if departments else None
        services.incident_update(
            incident,
            actor=actor,
            now=now,
            aware_at=aware,
            cause=cause,
            department=department,
            security_property="confidentiality" if cause != Cause.SYSTEM_ERROR else "integrity",
            is_personal_data_breach=not near_miss,
            containment="Recipient asked to delete it and confirmed in writing."
            if cause == Cause.WRONG_RECIPIENT
            else "Access removed and the item recovered or disabled.",
        )
        if people and not near_miss:
            services.involved_person_create(
                organisation=organisation,
                actor=actor,
                incident=incident,
                person=rng.choice(people),
                involvement="caused",
            )
        if near_miss:
            continue
        likelihood, severity = rng.choice([(1, 1), (2, 2), (3, 3), (2, 3), (3, 2)])
        high = likelihood * severity >= 6
        decision = {
            "regime": "part3"
            if cause in (Cause.SYSTEM_ERROR, Cause.UNAUTHORISED_ACCESS)
            else "uk_gdpr",
            "data_subject_categories": "Victims and witnesses",
            "data_subjects_count": rng.choice([1, 2, 5, 40]),
            "records_count": rng.choice([1, 3, 12, 60]),
            "special_category": cause in (Cause.DISPOSAL_FAILURE, Cause.SYSTEM_ERROR),
            "likelihood": likelihood,
            "severity": severity,
            "dpo_advice": "Report: the people affected could be put at risk of harm."
            if high
            else "No report needed: the information was recovered unread.",
        }
        services.incident_update(incident, actor=actor, now=now, **decision)
        incident.refresh_from_db()
        must_report = incident.risk != "none"
        reasons = "Risk to the people affected." if must_report else "Unlikely to result in a risk."
        if number == count - 2:
            # A breach discovered earlier today: the clock is running.
            services.incident_update(
                incident, actor=actor, now=now, report_to_ico=True, ico_decision_reasons=reasons
            )
            continue
        fields = {"report_to_ico": must_report, "ico_decision_reasons": reasons}
        if incident.risk == "high":
            fields |= {
                "tell_individuals": True,
                "individuals_decision_reasons": "High risk: they need to protect themselves.",
                "individuals_told_at": aware + datetime.timedelta(hours=30),
            }
        if must_report:
            late = number % 9 == 0
            fields |= {
                "reported_to_ico_at": aware
                + datetime.timedelta(hours=80 if late else rng.randint(4, 60)),
                "ico_reference": f"IC-{400000 + number * 37}",
                "delay_reason": "The facts were not clear until the system supplier reported back."
                if late
                else "",
                "likely_consequences": "Distress; possible risk of intimidation of a witness.",
                "measures_taken": "Recipient confirmed deletion; staff briefed; checks added.",
                "contact_point": "Data Protection Officer, Wessex Police",
            }
        if (now - aware).days > 30:
            fields |= {
                "root_cause": "Autocomplete selected the wrong address; no second check.",
                "lessons_learned": "Two-person check before sending case files outside.",
                "closed_at": aware + datetime.timedelta(days=rng.randint(10, 25)),
            }
        services.incident_update(incident, actor=actor, now=now, **fields)
        if (now - aware).days > 10:
            services.action_create(
                organisation=organisation,
                actor=actor,
                incident=incident,
                description="Refresher on secure email for the team",
                owner=department.name + " manager" if department else "Information Security",
                due_on=(aware + datetime.timedelta(days=21)).date(),
                done_on=(aware + datetime.timedelta(days=18)).date() if number % 3 else None,
            )
    return created


@transaction.atomic
def load_spot_checks_demo(*, slug: str = "wessex-police") -> int:
    """The standard checklists and a year of spot checks: done (one with failures and the
    actions they raised), overdue and coming up."""
    organisation = Organisation.objects.get(slug=slug)
    if SpotCheck.objects.filter(organisation=organisation).exists():
        return 0
    actor = get_user_model().objects.filter(username="editor").first()
    services.spot_check_templates_adopt_standard(organisation=organisation, actor=actor)
    templates = list(SpotCheckTemplate.objects.filter(organisation=organisation).order_by("name"))
    departments = list(Department.objects.filter(organisation=organisation, parent__isnull=False))
    today = clock.today()
    rng = random.Random(SEED + 1)
    scheduled = 0
    for number in range(14):
        due = today + datetime.timedelta(days=(number - 9) * 21)
        check = services.spot_check_schedule(
            organisation=organisation,
            actor=actor,
            template=templates[number % len(templates)],
            department=rng.choice(departments) if departments else None,
            location=rng.choice(["Headquarters, floor 2", "Northtown station", "Custody suite"]),
            due_on=due,
        )
        scheduled += 1
        if due <= today and number not in (7, 8):  # two are overdue
            items = check.template.item_list
            failing = {rng.randrange(len(items))} if number % 3 == 0 else set()
            services.spot_check_record_results(
                check,
                actor=actor,
                done_on=due,
                done_by="Information Security Officer",
                results=[
                    (
                        item,
                        index not in failing,
                        "Found during the walk-round" if index in failing else "",
                    )
                    for index, item in enumerate(items)
                ],
                action_owner="Station manager",
                action_due_on=due + datetime.timedelta(days=14),
                today=today,
            )
    return scheduled
