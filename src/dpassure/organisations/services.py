"""Every write to organisations, departments, people, service breaks and memberships."""

from __future__ import annotations

import csv
import importlib.resources

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from dpassure.core.roles import Role
from dpassure.core.services import register_archive, register_create, register_update
from dpassure.organisations.choices import BodyType, OrganisationKind
from dpassure.organisations.models import Department, Membership, Organisation, Person, ServiceBreak


def department_create(*, organisation, actor, **fields) -> Department:
    return register_create(Department, organisation=organisation, actor=actor, **fields)


def department_update(department: Department, *, actor, **fields) -> Department:
    return register_update(department, actor=actor, **fields)


def department_archive(department: Department, *, actor) -> Department:
    if department.people.filter(archived_at__isnull=True).exists():
        raise ValidationError(
            "This department still has people in it. Move them to another department first."
        )
    if department.children.filter(archived_at__isnull=True).exists():
        raise ValidationError("This department still has departments inside it. Move them first.")
    return register_archive(department, actor=actor)


def person_create(*, organisation, actor, **fields) -> Person:
    return register_create(Person, organisation=organisation, actor=actor, **fields)


def person_update(person: Person, *, actor, **fields) -> Person:
    return register_update(person, actor=actor, **fields)


def person_archive(person: Person, *, actor) -> Person:
    return register_archive(person, actor=actor)


def service_break_create(*, organisation, actor, **fields) -> ServiceBreak:
    return register_create(ServiceBreak, organisation=organisation, actor=actor, **fields)


def service_break_update(service_break: ServiceBreak, *, actor, **fields) -> ServiceBreak:
    return register_update(service_break, actor=actor, **fields)


def service_break_archive(service_break: ServiceBreak, *, actor) -> ServiceBreak:
    return register_archive(service_break, actor=actor)


def membership_create(*, organisation, actor, **fields) -> Membership:
    return register_create(Membership, organisation=organisation, actor=actor, **fields)


def membership_update(membership: Membership, *, actor, **fields) -> Membership:
    return register_update(membership, actor=actor, **fields)


def membership_archive(membership: Membership, *, actor) -> Membership:
    if membership.user_id == getattr(actor, "pk", None):
        raise ValidationError("You cannot remove your own membership.")
    return register_archive(membership, actor=actor)


def organisation_create(*, actor=None, **fields) -> Organisation:
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation._history_user = actor
    with transaction.atomic():
        organisation.save()
    return organisation


POLICING_BODIES_CSV = "policing_bodies.csv"


def policing_bodies() -> list[dict]:
    """The 43 local policing bodies of England and Wales (DOMAIN_RULES.md §11), as shipped."""
    text = importlib.resources.files("dpassure.organisations.data").joinpath(POLICING_BODIES_CSV)
    with text.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def organisations_load_policing_bodies(*, actor=None) -> tuple[int, int]:
    """Create or refresh an organisation for each policing body. Idempotent.

    Returns (created, updated). Bodies are matched by slug, so a re-run changes nothing.
    """
    created = updated = 0
    with transaction.atomic():
        for row in policing_bodies():
            slug = slugify(f"{row['force_area']} {row['body_type']}")[:80]
            values = {
                "kind": OrganisationKind.LOCAL_POLICING_BODY,
                "name": row["policing_body_name"],
                "force_area": row["force_area"],
                "body_type": BodyType(row["body_type"]),
            }
            existing = Organisation.objects.filter(slug=slug).first()
            if existing is None:
                organisation_create(actor=actor, slug=slug, **values)
                created += 1
            elif any(getattr(existing, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(existing, key, value)
                existing._history_user = actor
                existing.full_clean()
                existing.save()
                updated += 1
    return created, updated


def membership_invite(
    *,
    organisation,
    actor,
    email: str,
    role: str = Role.VIEWER,
    first_name: str = "",
    last_name: str = "",
) -> Membership:
    """Add someone to an organisation by email, creating their account if they are new.

    A new user gets an email with a one-time link to choose a password. The answer is the
    same whether or not the address already had an account, so nobody can use this form to
    find out who uses DP Assure elsewhere.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(username=email, email=email, first_name=first_name, last_name=last_name)
            user.set_unusable_password()
            user.full_clean()
            user.save()
            transaction.on_commit(lambda: _send_invitation(user, organisation))
        return membership_create(organisation=organisation, actor=actor, user=user, role=role)


def _send_invitation(user, organisation) -> None:
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    send_mail(
        subject=f"You have been added to {organisation} on DP Assure",
        message=(
            f"You have been given access to {organisation} on DP Assure.\n\n"
            f"Choose your password here:\n{settings.DPASSURE_BASE_URL}{link}\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )
