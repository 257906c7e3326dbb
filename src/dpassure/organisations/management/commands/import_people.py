"""``dpassure import-people ORG_SLUG FILE``: import people from an HR extract (CSV or XLSX).

Runs the same upload, check and commit services as the import pages, in this process. If any
row has a problem it prints every problem, imports nobody and exits with an error.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dpassure.organisations import import_services, importing
from dpassure.organisations.models import ImportStatus, Organisation


class DryRun(Exception):
    """Raised to roll back a dry run once its report is printed."""


class Command(BaseCommand):
    help = "Import people from an HR extract (CSV or XLSX): all rows, or none if any is wrong."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation's slug.")
        parser.add_argument("file", help="The CSV or XLSX file.")
        parser.add_argument(
            "--mapping",
            help="Which column fills each field: JSON, a JSON file, or field=Header pairs, for "
            'example \'{"employee_number": "Emp No", "email": ""}\' or '
            '"employee_number=Emp No,line_manager=Manager". Fields left out are guessed '
            'from the headers; "" leaves a field out of the import.',
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; import nothing."
        )
        parser.add_argument(
            "--user", help="Username to record in the audit trail as having made the changes."
        )

    def handle(self, *args, organisation, file, mapping, dry_run, user, **options):
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"No organisation has the slug {organisation!r}.")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user is called {user!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file at {file}.")
        overrides = _mapping(mapping)
        try:
            with transaction.atomic():
                self._run(org, actor, path, overrides, dry_run)
        except DryRun:
            self.stdout.write("Dry run: nothing was imported.")
        except ValidationError as error:
            raise CommandError(" ".join(_messages(error))) from None

    def _run(self, org, actor, path, overrides, dry_run):
        with path.open("rb") as handle:
            people_import = import_services.people_import_upload(
                organisation=org, actor=actor, uploaded_file=File(handle, name=path.name)
            )
        chosen = {**people_import.mapping, **overrides}
        people_import = import_services.people_import_check(
            people_import, actor=actor, mapping=chosen
        )
        self._report(people_import)
        if people_import.errors:
            rows = len({error["row"] for error in people_import.errors})
            raise CommandError(
                f"{rows} {'row has' if rows == 1 else 'rows have'} problems. Nothing was imported."
            )
        if dry_run:
            raise DryRun
        people_import = import_services.people_import_commit(people_import, actor=actor)
        if people_import.status != ImportStatus.DONE:
            self._report(people_import)
            raise CommandError(people_import.failure_message or "Nothing was imported.")
        self.stdout.write(
            f"Imported {path.name} into {org}: {people_import.created_count} added, "
            f"{people_import.updated_count} updated, {people_import.unchanged_count} unchanged."
        )

    def _report(self, people_import):
        self.stdout.write("Columns:")
        for target in importing.TARGETS:
            header = people_import.mapping.get(target.name) or "(not imported)"
            self.stdout.write(f"  {target.header:<16} {header}")
        self.stdout.write(
            f"{people_import.total_rows} rows: {people_import.created_count} to create, "
            f"{people_import.updated_count} to update, {people_import.unchanged_count} unchanged."
        )
        for error in people_import.errors:
            column = f", {error['column']}" if error["column"] else ""
            self.stdout.write(f"Row {error['row']}{column}: {error['message']}")


def _mapping(value: str | None) -> dict:
    """``--mapping``: JSON, a JSON file, or ``field=Header,field=Header``."""
    if not value:
        return {}
    text = value
    if not value.lstrip().startswith("{") and "=" not in value:
        path = Path(value)
        if not path.is_file():
            raise CommandError(
                f"--mapping is neither JSON nor a file (nor field=Header pairs): {value}"
            )
        text = path.read_text(encoding="utf-8-sig")
    try:
        return importing.mapping_from_option(text)
    except ValueError as error:
        raise CommandError(str(error)) from None


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        labels = {target.name: target.header for target in importing.TARGETS}
        return [
            f"{labels[field]}: {message}" if field in labels else message
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return error.messages
