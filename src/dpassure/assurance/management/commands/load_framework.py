"""``dpassure load-framework FILE``: load a control framework from a YAML file.

Idempotent per key and version. A malformed file is refused with every problem found (file,
where in the document, what is wrong) and nothing is saved.
"""

from django.core.management.base import BaseCommand, CommandError

from dpassure.assurance.frameworks import FrameworkFileError, load_framework_file


class Command(BaseCommand):
    help = "Load a control framework from a YAML file (see src/dpassure/assurance/frameworks/)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The framework's YAML file.")

    def handle(self, *args, file, **options):
        try:
            result = load_framework_file(file)
        except FrameworkFileError as error:
            raise CommandError(f"The framework was not loaded.\n{error}") from None
        framework = result.framework
        controls = framework.controls.count()
        if result.created:
            self.stdout.write(
                f"Loaded {framework}: {framework.scope_areas.count()} scope areas, "
                f"{controls} controls."
            )
        else:
            self.stdout.write(f"{framework} is already loaded: nothing changed.")
