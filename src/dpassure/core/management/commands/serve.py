"""``dpassure serve``: the production web server (gunicorn) for the configured database."""

import os

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve DP Assure with gunicorn (production). Run collectstatic and migrate first."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("DPASSURE_BIND", "0.0.0.0:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3))
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the gunicorn command only."
        )

    def handle(self, *args, bind, workers, dry_run, **options):
        argv = [
            "gunicorn",
            "dpassure.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        if dry_run:
            self.stdout.write(" ".join(argv))
            return
        from gunicorn.app.wsgiapp import run

        os.sys.argv = argv
        run()
