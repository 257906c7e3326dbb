"""``dpassure worker``: run background tasks (imports, later reminders and reports)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a background task worker on the database queue."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty.")

    def handle(self, *args, batch, **options):
        call_command("db_worker", batch=batch, stdout=self.stdout, stderr=self.stderr)
