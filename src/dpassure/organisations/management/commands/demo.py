"""``dpassure demo``: migrate the embedded database, load demo data and serve the app."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from dpassure.assurance.demo import load_assurance_demo
from dpassure.incidents.demo import load_incidents_demo, load_spot_checks_demo
from dpassure.organisations.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from dpassure.rights.demo import load_rights_demo
from dpassure.training.demo import load_training_demo
from dpassure.undertakings.demo import load_undertakings_demo


def load_everything(*, scale: str = "small") -> dict[str, int]:
    """Every app's demo data, in the order they build on each other. Safe to run again."""
    created = load_demo(scale=scale)
    created["requests"] = load_rights_demo()
    created["incidents"] = load_incidents_demo()
    load_spot_checks_demo()
    created["training_records"] = load_training_demo()
    load_undertakings_demo()  # after training: its report is attached as a live snapshot
    load_assurance_demo()  # frameworks, the OPCC sector project, the Wessex OPCC engagement
    return created


class Command(BaseCommand):
    help = "Create or migrate the database, load the demo data and serve DP Assure."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Load the data and stop.")
        parser.add_argument("--scale", choices=["small", "large"], default="small")

    def handle(self, *args, port, no_serve, scale, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_policing_bodies", stdout=self.stdout)
        created = load_everything(scale=scale)
        self.stdout.write(
            f"Demo data ready ({created['force_people']} force and {created['opcc_people']} "
            f"OPCC people, {created['requests']} requests for personal data, "
            f"{created['incidents']} incidents and {created['training_records']} training records "
            "added this run) "
            f"in {settings.DATABASES['default']['NAME']}."
        )
        self.stdout.write("")
        self.stdout.write(
            f"Sign in at http://127.0.0.1:{port}/ with password {DEMO_PASSWORD!r} as:"
        )
        for username, (first, last, roles) in DEMO_USERS.items():
            where = ", ".join(f"{role.label.lower()} in {slug}" for slug, role in roles.items())
            self.stdout.write(f"  {username:<10} {first} {last}: {where}")
        if not no_serve:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
