"""Pages to import people from an HR extract: upload, match columns, check, import, progress.

Each import is reached through the organisation's scope and only by the person who uploaded
it: the stored file may hold columns (pay, addresses) that DP Assure does not import.
"""

from __future__ import annotations

import csv
import io

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRefresh

from dpassure.core.forms import GovukForm
from dpassure.core.registers.exports import safe_cell
from dpassure.core.registers.views import OrganisationView
from dpassure.core.roles import Role
from dpassure.organisations import import_services, importing
from dpassure.organisations.models import ImportStatus, PeopleImport

ERRORS_SHOWN = 200

# --- Forms (kept beside the pages they serve) ---------------------------------------------


class PeopleImportUploadForm(GovukForm, forms.Form):
    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a CSV or XLSX file",
            "empty": "The selected file is empty",
        },
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        size = importing.size_text(settings.DPASSURE_MAX_UPLOAD_BYTES)
        self.fields["file"].help_text = f"A CSV (UTF-8) or Excel (XLSX) file, smaller than {size}."


def mapping_form(name: str, *, targets, problems, hints: dict):
    """The column-mapping form of an import: one choice of header per field it can fill, and
    every problem with the chosen mapping at once (``problems(mapping, headers)``, the same
    check the import's service makes). The people and training imports both use it."""

    class MappingForm(GovukForm, forms.Form):
        def __init__(self, *args, headers: list[str], **kwargs):
            super().__init__(*args, **kwargs)
            self.headers = headers
            choices = [("", "Not in this file"), *((header, header) for header in headers)]
            for target in targets:
                self.fields[target.name].choices = choices

        def clean(self):
            cleaned = super().clean()
            mapping = {field: cleaned.get(field) or "" for field in self.fields}
            for field, problem in problems(mapping, self.headers).items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, problem)
            return cleaned

    fields = {
        target.name: forms.ChoiceField(
            label=target.header,
            required=target.required,
            help_text=hints.get(target.name, ""),
            error_messages={
                "required": f"Select the column that holds the {target.header.lower()}"
            },
        )
        for target in targets
    }
    return type(name, (MappingForm,), fields)


HINTS = {
    "employee_number": "People already in the directory with this number are updated.",
    "department": "Matched to a department by its name or its code.",
    "start_date": "As DD/MM/YYYY, YYYY-MM-DD or an Excel date.",
    "leaving_date": "As DD/MM/YYYY, YYYY-MM-DD or an Excel date.",
}

PeopleImportMappingForm = mapping_form(
    "PeopleImportMappingForm",
    targets=importing.TARGETS,
    problems=importing.mapping_problems,
    hints=HINTS,
)


# --- Pages ------------------------------------------------------------------------------


class ImportView(OrganisationView):
    model = PeopleImport
    required_role = Role.EDITOR

    def url(self, name: str, people_import: PeopleImport | None = None) -> str:
        kwargs = {"org_slug": self.scope.organisation.slug}
        if people_import is not None:
            kwargs["pk"] = people_import.pk
        return reverse(f"organisations:{name}", kwargs=kwargs)

    def imports(self):
        return self.scope.rows(PeopleImport).filter(uploaded_by=self.request.user)

    def get_import(self) -> PeopleImport:
        """The user's own import in this organisation; the stored file loads only if used."""
        try:
            return self.imports().defer("content").get(pk=self.kwargs["pk"])
        except (PeopleImport.DoesNotExist, ValueError):
            raise Http404("No such import.") from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["people_url"] = self.url("person-list")
        context["upload_url"] = self.url("person-import")
        return context


class PersonImportUpload(ImportView):
    template_name = "organisations/import_upload.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(form=PeopleImportUploadForm(scope=self.scope))
        )

    def post(self, request, *args, **kwargs):
        form = PeopleImportUploadForm(request.POST, request.FILES, scope=self.scope)
        if form.is_valid():
            try:
                people_import = import_services.people_import_upload(
                    organisation=self.scope.organisation,
                    actor=request.user,
                    uploaded_file=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return HttpResponseRedirect(self.url("person-import-check", people_import))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["targets"] = importing.TARGETS
        context["template_url"] = self.url("person-import-template")
        context["recent"] = self.imports().defer("content")[:5]
        return context


class PersonImportTemplate(ImportView):
    """An empty extract with the default column headers, to fill in or to copy from."""

    def get(self, request, *args, **kwargs):
        buffer = io.StringIO()
        csv.writer(buffer).writerow(importing.DEFAULT_HEADERS)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="people-import-template.csv"'
        return response


class PersonImportCheck(ImportView):
    """Match the file's columns to the directory's fields, then check every row."""

    template_name = "organisations/import_check.html"

    def get(self, request, *args, **kwargs):
        people_import = self.get_import()
        if people_import.status in (ImportStatus.IMPORTING, ImportStatus.DONE):
            return HttpResponseRedirect(self.url("person-import-progress", people_import))
        form = self.form(people_import, initial=people_import.mapping)
        return self.page(people_import, form)

    def post(self, request, *args, **kwargs):
        people_import = self.get_import()
        if people_import.status in (ImportStatus.IMPORTING, ImportStatus.DONE):
            return HttpResponseRedirect(self.url("person-import-progress", people_import))
        form = self.form(people_import, data=request.POST)
        if form.is_valid():
            try:
                import_services.people_import_check(
                    people_import, actor=request.user, mapping=form.cleaned_data
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return HttpResponseRedirect(self.url("person-import-result", people_import))
        return self.page(people_import, form, status=400)

    def form(self, people_import, **kwargs):
        return PeopleImportMappingForm(headers=people_import.headers, scope=self.scope, **kwargs)

    def page(self, people_import, form, status=200):
        context = self.get_context_data(people_import=people_import, form=form)
        return self.render_to_response(context, status=status)


class PersonImportResult(ImportView):
    """What checking found: a preview, the counts, and every problem by row."""

    template_name = "organisations/import_result.html"

    def get(self, request, *args, **kwargs):
        people_import = self.get_import()
        if people_import.status == ImportStatus.UPLOADED:
            return HttpResponseRedirect(self.url("person-import-check", people_import))
        if people_import.status in (ImportStatus.IMPORTING, ImportStatus.DONE):
            return HttpResponseRedirect(self.url("person-import-progress", people_import))
        errors = people_import.errors
        context = self.get_context_data(
            people_import=people_import,
            preview_headers=[
                t.header for t in import_services.mapped_targets(people_import.mapping)
            ],
            preview=people_import.preview,
            errors=errors[:ERRORS_SHOWN],
            errors_total=len(errors),
            error_rows=len({error["row"] for error in errors}),
            errors_url=self.url("person-import-errors", people_import),
            check_url=self.url("person-import-check", people_import),
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        """The "Import N people" button: queue the import and follow its progress."""
        people_import = self.get_import()
        try:
            people_import = import_services.people_import_start(people_import, actor=request.user)
        except ValidationError:
            return HttpResponseRedirect(self.url("person-import-result", people_import))
        return HttpResponseRedirect(self.url("person-import-progress", people_import))


class PersonImportErrors(ImportView):
    """The problems found, as a CSV to work through beside the HR extract."""

    def get(self, request, *args, **kwargs):
        people_import = self.get_import()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["Row", "Column", "Problem"])
        for error in people_import.errors:
            writer.writerow([error["row"], safe_cell(error["column"]), safe_cell(error["message"])])
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        filename = f"problems-in-{people_import.filename.rsplit('.', 1)[0]}"[:100]
        safe_name = "".join(c if c.isalnum() or c in "-_" else "-" for c in filename)
        response["Content-Disposition"] = f'attachment; filename="{safe_name}.csv"'
        return response


class PersonImportProgress(ImportView):
    template_name = "organisations/import_progress.html"

    def get(self, request, *args, **kwargs):
        people_import = self.get_import()
        return self.render_to_response(self.get_context_data(**self.progress(people_import)))

    def progress(self, people_import) -> dict:
        total = people_import.total_rows
        return {
            "people_import": people_import,
            "running": people_import.status == ImportStatus.IMPORTING,
            "done": people_import.status == ImportStatus.DONE,
            "failed": people_import.status == ImportStatus.FAILED,
            "not_started": people_import.status in (ImportStatus.UPLOADED, ImportStatus.CHECKED),
            "next_url": people_import.get_absolute_url(),
            "saving": people_import.processed_rows >= total,
            "percent": (100 * people_import.processed_rows // total) if total else 0,
            "progress_url": self.url("person-import-progress", people_import),
            "status_url": self.url("person-import-progress-status", people_import),
            "result_url": self.url("person-import-result", people_import),
        }


class PersonImportProgressStatus(PersonImportProgress):
    """The part of the progress page that htmx fetches every two seconds."""

    template_name = "organisations/import_progress_status.html"

    def get(self, request, *args, **kwargs):
        people_import = self.get_import()
        if people_import.status != ImportStatus.IMPORTING and request.htmx:
            # Finished: reload the whole page, which shows the outcome and stops polling.
            return HttpResponseClientRefresh()
        return self.render_to_response(self.get_context_data(**self.progress(people_import)))


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
