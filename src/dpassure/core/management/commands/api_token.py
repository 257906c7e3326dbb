"""``dpassure api-token USERNAME``: print (creating if needed) the user's API token."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Print an API token for a user, creating it if they have none."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
