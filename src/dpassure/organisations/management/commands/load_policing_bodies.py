"""``dpassure load-policing-bodies``: the 43 policing bodies of England and Wales."""

from django.core.management.base import BaseCommand

from dpassure.organisations.services import organisations_load_policing_bodies


class Command(BaseCommand):
    help = "Create or refresh an organisation for each policing body in England and Wales."

    def handle(self, *args, **options):
        created, updated = organisations_load_policing_bodies()
        self.stdout.write(f"Policing bodies: {created} created, {updated} updated.")
