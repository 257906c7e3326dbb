"""``dpassure grant-role USERNAME ORG_SLUG ROLE``: give a user a role in an organisation."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dpassure.core.roles import Role
from dpassure.organisations.models import Membership, Organisation
from dpassure.organisations.services import membership_create, membership_update


class Command(BaseCommand):
    help = "Make a user a member of an organisation with a role (the first administrator)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("organisation", help="The organisation's slug.")
        parser.add_argument("role", choices=list(Role.values))

    def handle(self, *args, username, organisation, role, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"No organisation has the slug {organisation!r}.")
        existing = Membership.objects.filter(
            organisation=org, user=user, archived_at__isnull=True
        ).first()
        try:
            if existing:
                membership_update(existing, actor=None, role=role)
            else:
                membership_create(organisation=org, actor=None, user=user, role=role)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"{username} is now {Role(role).label.lower()} in {org}.")
