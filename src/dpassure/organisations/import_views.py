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
from dpassure.core.registers.views import OrganisationView, _add_errors
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


# --- The pages of a file import, shared with the training import ---------------------------

#: An import in these states has its own progress page instead of the column matching.
RUNNING = (ImportStatus.CHECKING, ImportStatus.IMPORTING, ImportStatus.DONE)
#: The progress page polls while an import is in one of these states.
WORKING = (ImportStatus.CHECKING, ImportStatus.IMPORTING)


def csv_download(rows, filename: str) -> HttpResponse:
    """A small CSV attachment that Excel opens as UTF-8 (it starts with a byte-order mark)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def problems_filename(filename: str) -> str:
    """The name of the problems download of an upload: letters, digits, "-" and "_" only."""
    stem = f"problems-in-{filename.rsplit('.', 1)[0]}"[:100]
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in stem) + ".csv"


class FileImportView(OrganisationView):
    """A page of an import (a model with ``status``, ``headers``, ``mapping`` and row counts).

    Each app's import names its model, its URLs (``url_prefix``-check, -progress,
    -progress-status and ``result_step``), the name the templates know it by
    (``object_name``) and the fields a column can fill (``targets``).
    """

    required_role = Role.EDITOR
    url_namespace = ""
    url_prefix = ""
    result_step = "result"
    object_name = ""
    targets: tuple = ()

    def url(self, name: str, file_import=None) -> str:
        kwargs = {"org_slug": self.scope.organisation.slug}
        if file_import is not None:
            kwargs["pk"] = file_import.pk
        return reverse(f"{self.url_namespace}:{name}", kwargs=kwargs)

    def step_url(self, step: str, file_import) -> str:
        return self.url(f"{self.url_prefix}-{step}", file_import)

    def imports(self):
        return self.scope.rows(self.model)

    def get_import(self):
        try:
            return self.imports().get(pk=self.kwargs["pk"])
        except (self.model.DoesNotExist, ValueError):
            raise Http404("No such import.") from None


class ImportUploadView(FileImportView):
    """Upload a file; the service stores it and reads its header row."""

    form_class = None
    upload_service = None

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(form=self.form_class(scope=self.scope))
        )

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, request.FILES, scope=self.scope)
        if form.is_valid():
            try:
                file_import = type(self).upload_service(
                    organisation=self.scope.organisation,
                    actor=request.user,
                    uploaded_file=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return HttpResponseRedirect(self.step_url("check", file_import))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["targets"] = self.targets
        context["template_url"] = self.url(f"{self.url_prefix}-template")
        return context


class ImportTemplateView(FileImportView):
    """An empty file with the default column headers, to fill in or to copy from."""

    template_filename = ""

    def get(self, request, *args, **kwargs):
        return csv_download([[target.header for target in self.targets]], self.template_filename)


class ImportCheckView(FileImportView):
    """Match the file's columns to the fields they fill, then check every row."""

    form_class = None
    check_service = None

    def get(self, request, *args, **kwargs):
        file_import = self.get_import()
        if file_import.status in RUNNING:
            return HttpResponseRedirect(self.step_url("progress", file_import))
        return self.page(file_import, self.form(file_import, initial=file_import.mapping))

    def post(self, request, *args, **kwargs):
        file_import = self.get_import()
        if file_import.status in RUNNING:
            return HttpResponseRedirect(self.step_url("progress", file_import))
        form = self.form(file_import, data=request.POST)
        if form.is_valid():
            try:
                type(self).check_service(file_import, actor=request.user, mapping=form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return HttpResponseRedirect(self.step_url(self.result_step, file_import))
        return self.page(file_import, form, status=400)

    def form(self, file_import, **kwargs):
        return self.form_class(headers=file_import.headers, scope=self.scope, **kwargs)

    def page(self, file_import, form, status=200):
        context = self.get_context_data(**{self.object_name: file_import}, form=form)
        return self.render_to_response(context, status=status)


class ImportProgressView(FileImportView):
    """How far the import is; with ``polled``, the part htmx fetches every two seconds."""

    polled = False

    def get(self, request, *args, **kwargs):
        file_import = self.get_import()
        if self.polled and file_import.status not in WORKING and request.htmx:
            # Finished: reload the whole page, which shows the outcome and stops polling.
            return HttpResponseClientRefresh()
        return self.render_to_response(self.get_context_data(**self.progress(file_import)))

    def progress(self, file_import) -> dict:
        total, status = file_import.total_rows, file_import.status
        return {
            self.object_name: file_import,
            "running": status in WORKING,
            "checking": status == ImportStatus.CHECKING,
            "done": status == ImportStatus.DONE,
            "failed": status == ImportStatus.FAILED,
            "not_started": status in (ImportStatus.UPLOADED, ImportStatus.CHECKED),
            "percent": min(100, 100 * file_import.processed_rows // total) if total else 0,
            "progress_url": self.step_url("progress", file_import),
            "status_url": self.step_url("progress-status", file_import),
        }


# --- The people import's pages ------------------------------------------------------------


class ImportView(FileImportView):
    """Each import is the uploader's own: the file may hold columns (pay, addresses) that DP
    Assure does not import. The stored file loads only where it is used."""

    model = PeopleImport
    url_namespace = "organisations"
    url_prefix = "person-import"
    object_name = "people_import"
    targets = importing.TARGETS

    def imports(self):
        return self.scope.rows(PeopleImport).filter(uploaded_by=self.request.user).defer("content")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["people_url"] = self.url("person-list")
        context["upload_url"] = self.url("person-import")
        return context


class PersonImportUpload(ImportView, ImportUploadView):
    template_name = "organisations/import_upload.html"
    form_class = PeopleImportUploadForm
    upload_service = import_services.people_import_upload

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent"] = self.imports()[:5]
        return context


class PersonImportTemplate(ImportView, ImportTemplateView):
    template_filename = "people-import-template.csv"


class PersonImportCheck(ImportView, ImportCheckView):
    """Match the file's columns to the directory's fields, then check every row."""

    template_name = "organisations/import_check.html"
    form_class = PeopleImportMappingForm
    check_service = import_services.people_import_check


class PersonImportResult(ImportView):
    """What checking found: a preview, the counts, and every problem by row."""

    template_name = "organisations/import_result.html"

    def get(self, request, *args, **kwargs):
        people_import = self.get_import()
        if people_import.status == ImportStatus.UPLOADED:
            return HttpResponseRedirect(self.url("person-import-check", people_import))
        if people_import.status in RUNNING:
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
        rows = [
            [error["row"], safe_cell(error["column"]), safe_cell(error["message"])]
            for error in people_import.errors
        ]
        return csv_download(
            [["Row", "Column", "Problem"], *rows], problems_filename(people_import.filename)
        )


class PersonImportProgress(ImportView, ImportProgressView):
    template_name = "organisations/import_progress.html"

    def progress(self, people_import) -> dict:
        return {
            **super().progress(people_import),
            "next_url": people_import.get_absolute_url(),
            "saving": people_import.processed_rows >= people_import.total_rows,
            "result_url": self.url("person-import-result", people_import),
        }


class PersonImportProgressStatus(PersonImportProgress):
    """The part of the progress page that htmx fetches every two seconds."""

    template_name = "organisations/import_progress_status.html"
    polled = True
