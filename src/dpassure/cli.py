"""The ``dpassure`` command: Django's management commands plus DP Assure's own.

``dpassure demo`` runs in debug mode on the embedded SQLite database unless told otherwise,
and runs background tasks (imports, reminders) at once inside the request, since the demo has
no ``dpassure worker``; every other command reads the environment as the web app does.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "demo":
        os.environ.setdefault("DPASSURE_DEBUG", "true")
        os.environ.setdefault(
            "DPASSURE_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    if len(argv) > 1:
        argv[1] = argv[1].replace("-", "_") if not argv[1].startswith("-") else argv[1]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dpassure.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
