"""``dpassure import-training ORG FILE``: import course completions from a learning platform.

Runs the same upload, check and commit services as the import pages, in this process, and
prints the data-quality report. If rows have problems it imports nothing and exits with an
error, unless ``--commit-clean-rows`` says to import the clean rows and leave those out.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dpassure.organisations.importing import mapping_from_option
from dpassure.organisations.models import ImportStatus, Organisation
from dpassure.training import import_services, importing


class RolledBack(Exception):
    """Raised to roll back a dry run or a refused file once its report is printed."""

    def __init__(self, message: str = ""):
        self.message = message


class Command(BaseCommand):
    help = (
        "Import course completions (CSV or XLSX) from a learning platform export. Prints the "
        "data-quality report; with problems, imports nothing unless --commit-clean-rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation's slug.")
        parser.add_argument("file", help="The CSV or XLSX file.")
        parser.add_argument(
            "--mapping",
            help="Which column fills each field: JSON, a JSON file, or field=Header pairs, "
            'for example "employee_number=Staff ID,completed_on=Date passed". Fields left '
            "out are guessed from the headers.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; import nothing."
        )
        parser.add_argument(
            "--commit-clean-rows",
            action="store_true",
            help="Import the clean rows and leave the rows with problems out.",
        )
        parser.add_argument(
            "--source",
            default=import_services.SOURCE_LMS,
            help='The kind of file; the column mapping is remembered per source (default "lms").',
        )
        parser.add_argument("--user", help="Username to record in the audit trail.")

    def handle(self, *args, organisation, file, mapping, dry_run, commit_clean_rows, **options):
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"No organisation has the slug {organisation!r}.")
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user is called {options['user']!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file at {file}.")
        overrides = _mapping(mapping)
        self.stored = None
        try:
            with transaction.atomic():
                self._run(org, actor, path, overrides, dry_run, commit_clean_rows, options)
        except RolledBack as rolled_back:
            import_services.training_import_discard_files(self.stored)
            if rolled_back.message:
                raise CommandError(rolled_back.message) from None
            self.stdout.write("Dry run: nothing was imported.")
        except ValidationError as error:
            if self.stored is not None:
                import_services.training_import_discard_files(self.stored)
            raise CommandError(" ".join(_messages(error))) from None

    def _run(self, org, actor, path, overrides, dry_run, commit_clean_rows, options):
        with path.open("rb") as handle:
            training_import = import_services.training_import_upload(
                organisation=org,
                actor=actor,
                uploaded_file=File(handle, name=path.name),
                source=options["source"],
            )
        self.stored = training_import
        # A guessed column that --mapping gives to another field is not guessed twice.
        given = set(overrides.values())
        guessed = {k: ("" if v in given else v) for k, v in training_import.mapping.items()}
        chosen = {**guessed, **overrides}
        training_import = import_services.training_import_check(
            training_import, actor=actor, mapping=chosen
        )
        self._report(training_import)
        problems = training_import.problem_count
        if problems and not commit_clean_rows:
            raise RolledBack(
                f"{problems} {'row has' if problems == 1 else 'rows have'} problems. Nothing was "
                "imported: correct the file, or run again with --commit-clean-rows to import "
                "the clean rows and leave these out."
            )
        if dry_run:
            raise RolledBack
        training_import = import_services.training_import_start(
            training_import, actor=actor, commit_clean_rows=commit_clean_rows, queue=False
        )
        training_import = import_services.training_import_commit(training_import, actor=actor)
        if training_import.status != ImportStatus.DONE:
            self._report(training_import)
            raise RolledBack(training_import.failure_message or "Nothing was imported.")
        left_out = f", {problems} rows left out" if problems else ""
        self.stdout.write(
            f"Imported {path.name} into {org}: {training_import.new_count} new records, "
            f"{training_import.unchanged_count} already imported{left_out}."
        )

    def _report(self, training_import):
        report = training_import.report
        out = self.stdout.write
        out("Columns:")
        for target in importing.TARGETS:
            header = training_import.mapping.get(target.name) or "(not imported)"
            out(f"  {target.header:<22} {header}")
        same = import_services.same_file_imports(training_import).filter(status=ImportStatus.DONE)
        if same.exists():
            out("This exact file was imported before: importing it again changes nothing.")
        for warning in report.get("warnings", []):
            out(f"Warning: {warning}")
        out(
            f"{training_import.total_rows} rows: {training_import.new_count} new, "
            f"{training_import.unchanged_count} already imported, "
            f"{training_import.problem_count} with problems."
        )
        for category in report.get("categories", []):
            out(f"{category['label']}: {category['count']}")
            for group in category["groups"]:
                rows = ", ".join(str(row) for row in group["rows"])
                more = (
                    f" … {group['count']} rows in all"
                    if group["count"] > len(group["rows"])
                    else ""
                )
                column = f", {group['column']}" if group["column"] else ""
                out(f"  Row {rows}{more}{column}: {group['message']}")
            if category["more"]:
                out(f"  … and {category['more']} more")
        no_account = report.get("no_account", {})
        if no_account.get("count"):
            out(f"People in service with no learning account: {no_account['count']}")
            for person in no_account["examples"][:20]:
                out(f"  {person['employee_number']} {person['name']}")


def _mapping(value: str | None) -> dict:
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
        return mapping_from_option(text, targets=importing.TARGETS)
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
