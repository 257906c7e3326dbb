"""Pages to import completions from a learning platform: upload, match columns, the
data-quality report, import (all clean rows, or the clean rows with the rest left out), progress.

Editors and above see every training import of their organisation, including those a nightly
``dpassure import-training`` made, so its report can be read on the web.
"""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRefresh

from dpassure.core.registers.views import OrganisationView
from dpassure.core.roles import Role
from dpassure.organisations.import_views import PeopleImportUploadForm, mapping_form
from dpassure.organisations.importing import size_text
from dpassure.organisations.models import ImportStatus
from dpassure.training import import_services, importing
from dpassure.training.importing.report import PROBLEMS_CSV_HEADER
from dpassure.training.models import TrainingImport

RUNNING = (ImportStatus.IMPORTING, ImportStatus.DONE)


class TrainingImportUploadForm(PeopleImportUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        size = size_text(import_services.max_upload_bytes())
        self.fields[
            "file"
        ].help_text = (
            f"A CSV (UTF-8) or Excel (XLSX) export from the learning platform, smaller than {size}."
        )


HINTS = {
    "employee_number": "Learners are matched to people by employee number, then by email.",
    "course_code": "Matched to a course by its code, or else by its title.",
    "completed_on": "As DD/MM/YYYY, YYYY-MM-DD, 1 March 2024, 01-Mar-2024 or an Excel date.",
    "score": "A percentage from 0 to 100, such as 85 or 85%. N/A or blank: no score.",
    "result": "Passed or Failed. Used when the course has no pass mark or there is no score.",
}


TrainingImportMappingForm = mapping_form(
    "TrainingImportMappingForm",
    targets=importing.TARGETS,
    problems=importing.mapping_problems,
    hints=HINTS,
)


class ImportView(OrganisationView):
    model = TrainingImport
    required_role = Role.EDITOR

    def url(self, name: str, training_import: TrainingImport | None = None) -> str:
        kwargs = {"org_slug": self.scope.organisation.slug}
        if training_import is not None:
            kwargs["pk"] = training_import.pk
        return reverse(f"training:{name}", kwargs=kwargs)

    def get_import(self) -> TrainingImport:
        try:
            return self.scope.rows(TrainingImport).get(pk=self.kwargs["pk"])
        except (TrainingImport.DoesNotExist, ValueError):
            raise Http404("No such import.") from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["list_url"] = self.url("trainingimport-list")
        context["upload_url"] = self.url("trainingimport-create")
        return context


class TrainingImportList(ImportView):
    template_name = "training/import_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["imports"] = self.scope.rows(TrainingImport).select_related("uploaded_by")[:50]
        return context


class TrainingImportUpload(ImportView):
    template_name = "training/import_upload.html"

    def get(self, request, *args, **kwargs):
        form = TrainingImportUploadForm(scope=self.scope)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = TrainingImportUploadForm(request.POST, request.FILES, scope=self.scope)
        if form.is_valid():
            try:
                training_import = import_services.training_import_upload(
                    organisation=self.scope.organisation,
                    actor=request.user,
                    uploaded_file=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return HttpResponseRedirect(self.url("trainingimport-check", training_import))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["targets"] = importing.TARGETS
        context["template_url"] = self.url("trainingimport-template")
        return context


class TrainingImportTemplate(ImportView):
    """An empty export with the default column headers."""

    def get(self, request, *args, **kwargs):
        buffer = io.StringIO()
        csv.writer(buffer).writerow(importing.DEFAULT_HEADERS)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="training-import-template.csv"'
        return response


class TrainingImportCheck(ImportView):
    """Match the file's columns to the fields of a training record, then check every row."""

    template_name = "training/import_check.html"

    def get(self, request, *args, **kwargs):
        training_import = self.get_import()
        if training_import.status in RUNNING:
            return HttpResponseRedirect(self.url("trainingimport-progress", training_import))
        return self.page(
            training_import, self.form(training_import, initial=training_import.mapping)
        )

    def post(self, request, *args, **kwargs):
        training_import = self.get_import()
        if training_import.status in RUNNING:
            return HttpResponseRedirect(self.url("trainingimport-progress", training_import))
        form = self.form(training_import, data=request.POST)
        if form.is_valid():
            try:
                import_services.training_import_check(
                    training_import, actor=request.user, mapping=form.cleaned_data
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return HttpResponseRedirect(self.url("trainingimport-detail", training_import))
        return self.page(training_import, form, status=400)

    def form(self, training_import, **kwargs):
        return TrainingImportMappingForm(
            headers=training_import.headers, scope=self.scope, **kwargs
        )

    def page(self, training_import, form, status=200):
        context = self.get_context_data(training_import=training_import, form=form)
        return self.render_to_response(context, status=status)


class TrainingImportDetail(ImportView):
    """The data-quality report, and the operator's choice: import, or import the clean rows."""

    template_name = "training/import_report.html"

    def get(self, request, *args, **kwargs):
        training_import = self.get_import()
        if training_import.status == ImportStatus.UPLOADED:
            return HttpResponseRedirect(self.url("trainingimport-check", training_import))
        if training_import.status == ImportStatus.IMPORTING:
            return HttpResponseRedirect(self.url("trainingimport-progress", training_import))
        report = training_import.report or {}
        context = self.get_context_data(
            training_import=training_import,
            report=report,
            same_file=import_services.same_file_imports(training_import)
            .filter(status=ImportStatus.DONE)
            .first(),
            problems_url=self.url("trainingimport-problems", training_import),
            check_url=self.url("trainingimport-check", training_import),
            can_import=training_import.status in (ImportStatus.CHECKED, ImportStatus.FAILED),
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        training_import = self.get_import()
        try:
            training_import = import_services.training_import_start(
                training_import,
                actor=request.user,
                commit_clean_rows=request.POST.get("commit_clean_rows") == "yes",
            )
        except ValidationError:
            return HttpResponseRedirect(self.url("trainingimport-detail", training_import))
        return HttpResponseRedirect(self.url("trainingimport-progress", training_import))


class TrainingImportProblems(ImportView):
    """Every problem the check found, as the CSV kept beside the import."""

    def get(self, request, *args, **kwargs):
        training_import = self.get_import()
        stem = training_import.filename.rsplit(".", 1)[0]
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in f"problems-in-{stem}"[:100])
        if training_import.problems_file:
            return FileResponse(
                training_import.problems_file.open("rb"),
                as_attachment=True,
                filename=f"{safe}.csv",
                content_type="text/csv",
            )
        buffer = io.StringIO()
        csv.writer(buffer).writerow(PROBLEMS_CSV_HEADER)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{safe}.csv"'
        return response


class TrainingImportProgress(ImportView):
    template_name = "training/import_progress.html"

    def get(self, request, *args, **kwargs):
        training_import = self.get_import()
        return self.render_to_response(self.get_context_data(**self.progress(training_import)))

    def progress(self, training_import) -> dict:
        total = training_import.total_rows
        return {
            "training_import": training_import,
            "running": training_import.status == ImportStatus.IMPORTING,
            "done": training_import.status == ImportStatus.DONE,
            "failed": training_import.status == ImportStatus.FAILED,
            "not_started": training_import.status in (ImportStatus.UPLOADED, ImportStatus.CHECKED),
            "percent": min(100, 100 * training_import.processed_rows // total) if total else 0,
            "progress_url": self.url("trainingimport-progress", training_import),
            "status_url": self.url("trainingimport-progress-status", training_import),
            "report_url": self.url("trainingimport-detail", training_import),
        }


class TrainingImportProgressStatus(TrainingImportProgress):
    """The part of the progress page that htmx fetches every two seconds."""

    template_name = "training/import_progress_status.html"

    def get(self, request, *args, **kwargs):
        training_import = self.get_import()
        if training_import.status != ImportStatus.IMPORTING and request.htmx:
            return HttpResponseClientRefresh()
        return self.render_to_response(self.get_context_data(**self.progress(training_import)))


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
