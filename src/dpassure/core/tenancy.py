"""The one scoping path: what a user may see and do in an organisation.

Every page, export, API endpoint and command that reaches organisation-owned rows gets them
from a :class:`Scope`. A user who is not a member of an organisation is told it does not
exist (404), so membership of other organisations cannot be inferred.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import Http404

from dpassure.core.roles import Role, role_at_least


@dataclass(frozen=True)
class Scope:
    user: object
    organisation: object
    role: str

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    def can(self, minimum_role: str) -> bool:
        return role_at_least(self.role, minimum_role)

    def require(self, minimum_role: str) -> None:
        if not self.can(minimum_role):
            raise PermissionDenied(
                f"You need the {Role(minimum_role).label.lower()} role in "
                f"{self.organisation} to do this."
            )

    def rows(self, model_or_queryset: type[Model] | QuerySet) -> QuerySet:
        """The rows of a register that belong to this scope's organisation."""
        if isinstance(model_or_queryset, type):
            queryset = model_or_queryset._default_manager.all()
        else:
            queryset = model_or_queryset.all()
        return queryset.filter(organisation=self.organisation)

    def rows_about(self, model_or_queryset: type[Model] | QuerySet) -> QuerySet:
        """The rows another organisation keeps about this one (an assessor's undertaking of a
        force, seen by the force): rows whose ``subject`` is this scope's organisation."""
        if isinstance(model_or_queryset, type):
            queryset = model_or_queryset._default_manager.all()
        else:
            queryset = model_or_queryset.all()
        return queryset.filter(subject=self.organisation)


def scope_for(user, organisation_slug: str) -> Scope:
    """The user's scope in the organisation with this slug, or 404 if they are not a member."""
    from dpassure.organisations.models import Membership

    if not getattr(user, "is_authenticated", False):
        raise Http404("No such organisation.")
    membership = (
        Membership.objects.select_related("organisation")
        .filter(
            user=user,
            organisation__slug=organisation_slug,
            archived_at__isnull=True,
            user__is_active=True,
        )
        .first()
    )
    if membership is None:
        raise Http404("No such organisation.")
    return Scope(user=user, organisation=membership.organisation, role=membership.role)


def organisations_for(user) -> QuerySet:
    """The organisations a user belongs to, for the switcher and the organisations API."""
    from dpassure.organisations.models import Membership, Organisation

    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    member_of = Membership.objects.filter(
        organisation=OuterRef("pk"), user=user, archived_at__isnull=True
    )
    return Organisation.objects.filter(Exists(member_of)).order_by("name")
