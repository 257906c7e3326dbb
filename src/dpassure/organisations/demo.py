"""Demo data: fictional organisations only, deterministic from a seed.

Wessex is an invented county: its OPCC and force, and an assessor body, are made up, so no
invented record is ever attached to a real policing body.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from faker import Faker
from simple_history.utils import bulk_create_with_history

from dpassure.core.roles import Role
from dpassure.organisations.choices import BodyType, OrganisationKind
from dpassure.organisations.models import Department, Membership, Organisation, Person, ServiceBreak
from dpassure.organisations.services import organisation_create

DEMO_PASSWORD = "wessex-demo-2026"
SEED = 20261201

FORCE_DEPARTMENTS = {
    "Chief Officer Group": ["Force Executive Team", "Corporate Communications", "Legal Services"],
    "Local Policing": [
        "Neighbourhood Policing North",
        "Neighbourhood Policing South",
        "Response Policing",
        "Student Officers",
        "Contact Centre",
    ],
    "Crime and Public Protection": [
        "Criminal Investigation Department",
        "Public Protection Unit",
        "Integrated Offender Management",
        "Counter Terrorism Unit",
    ],
    "Justice": ["Criminal Justice Services", "Custody"],
    "Support Services": [
        "Information Management",
        "Professional Standards",
        "Human Resources",
        "Finance",
        "Digital Services",
    ],
}
OPCC_DEPARTMENTS = {
    "Office of the Commissioner": [
        "Complaints Reviews",
        "Commissioning and Partnerships",
        "Finance and Estates",
        "Governance and Scrutiny",
    ]
}
RANKS = [
    "Police Constable",
    "Police Constable",
    "Police Constable",
    "Detective Constable",
    "Sergeant",
    "Inspector",
    "Chief Inspector",
    "Police Staff – Analyst",
    "Police Staff – Administrator",
    "Police Staff – Call Handler",
    "Police Staff – Investigator",
    "Special Constable",
]
OPCC_ROLES = [
    "Policy Officer",
    "Complaints Review Officer",
    "Commissioning Officer",
    "Office Manager",
]

DEMO_USERS = {
    # username: (first, last, {organisation slug: role})
    "dpo": ("Priya", "Shah", {"wessex-police": Role.DPO, "opcc-wessex": Role.DPO}),
    "admin": ("Tom", "Hughes", {"wessex-police": Role.ADMIN, "opcc-wessex": Role.ADMIN}),
    "editor": ("Gareth", "Evans", {"wessex-police": Role.EDITOR}),
    "viewer": ("Sian", "Morgan", {"opcc-wessex": Role.VIEWER}),
    "assessor": ("Helen", "Clarke", {"northern-assurance": Role.ADMIN}),
}


def _organisations() -> dict[str, Organisation]:
    specs = [
        dict(
            slug="opcc-wessex",
            name="Office of the Police and Crime Commissioner for Wessex",
            kind=OrganisationKind.LOCAL_POLICING_BODY,
            body_type=BodyType.PCC,
            force_area="Wessex",
            ico_registration_number="ZA000101",
            valid_to=datetime.date(2028, 5, 31),
        ),
        dict(
            slug="wessex-police",
            name="Wessex Police",
            kind=OrganisationKind.POLICE_FORCE,
            force_area="Wessex",
            ico_registration_number="ZA000102",
        ),
        dict(
            slug="northern-assurance",
            name="Northern Data Protection Assurance Unit",
            kind=OrganisationKind.ASSESSOR_BODY,
        ),
    ]
    found = {}
    for spec in specs:
        organisation = Organisation.objects.filter(slug=spec["slug"]).first()
        if organisation is None:
            organisation = organisation_create(**spec)
            Organisation.objects.filter(pk=organisation.pk).update(is_demo=True)
        found[spec["slug"]] = organisation
    return found


def _departments(organisation, tree: dict, actor, extra: int = 0) -> list[Department]:
    leaves = []
    for parent_name, children in tree.items():
        parent, _ = Department.objects.get_or_create(
            organisation=organisation, name=parent_name, archived_at=None
        )
        for child in children:
            leaf, _ = Department.objects.get_or_create(
                organisation=organisation, name=child, archived_at=None, defaults={"parent": parent}
            )
            leaves.append(leaf)
    for number in range(extra):
        leaf, _ = Department.objects.get_or_create(
            organisation=organisation,
            name=f"Local Policing Team {number + 1:02d}",
            archived_at=None,
            defaults={"parent": leaves[0].parent},
        )
        leaves.append(leaf)
    return leaves


def _people(organisation, departments, count: int, prefix: str, titles, actor) -> int:
    if Person.objects.filter(organisation=organisation).exists():
        return 0
    fake = Faker("en_GB")
    fake.seed_instance(SEED + count)
    rng = random.Random(SEED + count)
    today = datetime.date(2026, 12, 1)
    people = []
    for number in range(count):
        first, last = fake.first_name(), fake.last_name()
        start = today - datetime.timedelta(days=rng.randint(10, 30 * 365))
        leaving = None
        if rng.random() < 0.06:
            leaving = min(today, start + datetime.timedelta(days=rng.randint(200, 4000)))
        people.append(
            Person(
                organisation=organisation,
                employee_number=f"{prefix}{number + 1:06d}",
                first_name=first,
                last_name=last,
                email=f"{first}.{last}.{number + 1}@{organisation.slug}.example".lower().replace(
                    "'", ""
                ),
                department=rng.choice(departments),
                job_title=rng.choice(titles),
                start_date=start,
                leaving_date=leaving,
            )
        )
    bulk_create_with_history(people, Person, batch_size=2000, default_user=actor)
    # A few career breaks, for the training rules that read them.
    breaks = []
    for person in rng.sample(
        list(Person.objects.filter(organisation=organisation)), k=max(1, count // 50)
    ):
        begin = person.start_date + datetime.timedelta(days=rng.randint(100, 400))
        if begin >= today:
            continue
        end = begin + datetime.timedelta(days=rng.randint(30, 500))
        breaks.append(
            ServiceBreak(
                organisation=organisation,
                person=person,
                start_date=begin,
                end_date=end if end < today else None,
                reason=rng.choice(
                    ["Career break", "Maternity leave", "Secondment out", "Left and re-joined"]
                ),
            )
        )
    bulk_create_with_history(breaks, ServiceBreak, batch_size=2000, default_user=actor)
    return len(people)


def _users(organisations) -> None:
    User = get_user_model()
    for username, (first, last, roles) in DEMO_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@dpassure.example",
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        for slug, role in roles.items():
            Membership.objects.get_or_create(
                organisation=organisations[slug],
                user=user,
                archived_at=None,
                defaults={"role": role},
            )


@transaction.atomic
def load_demo(*, scale: str = "small") -> dict[str, int]:
    """Create the demo organisations, users and staff directories. Safe to run again."""
    organisations = _organisations()
    _users(organisations)
    actor = get_user_model().objects.get(username="admin")
    force, opcc = organisations["wessex-police"], organisations["opcc-wessex"]
    force_size, extra = (15_000, 40) if scale == "large" else (600, 0)
    force_departments = _departments(force, FORCE_DEPARTMENTS, actor, extra=extra)
    opcc_departments = _departments(opcc, OPCC_DEPARTMENTS, actor)
    return {
        "force_people": _people(force, force_departments, force_size, "WP", RANKS, actor),
        "opcc_people": _people(opcc, opcc_departments, 28, "OPCC", OPCC_ROLES, actor),
    }
