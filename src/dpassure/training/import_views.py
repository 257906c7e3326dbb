"""Pages to import completions from a learning platform: upload, match columns, the
data-quality report, import (all clean rows, or the clean rows with the rest left out), progress.

Editors and above see every training import of their organisation, including those a nightly
``dpassure import-training`` made, so its report can be read on the web.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponseRedirect

from dpassure.organisations.import_views import (
    WORKING,
    FileImportView,
    ImportCheckView,
    ImportProgressView,
    ImportTemplateView,
    ImportUploadView,
    PeopleImportUploadForm,
    csv_download,
    mapping_form,
    problems_filename,
)
from dpassure.organisations.importing import size_text
from dpassure.organisations.models import ImportStatus
from dpassure.training import import_services, importing
from dpassure.training.importing.report import PROBLEMS_CSV_HEADER
from dpassure.training.models import TrainingImport


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


class ImportView(FileImportView):
    """Editors see every training import of the organisation, whoever made it."""

    model = TrainingImport
    url_namespace = "training"
    url_prefix = "trainingimport"
    result_step = "detail"
    object_name = "training_import"
    targets = importing.TARGETS

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


class TrainingImportUpload(ImportView, ImportUploadView):
    template_name = "training/import_upload.html"
    form_class = TrainingImportUploadForm
    upload_service = import_services.training_import_upload


class TrainingImportTemplate(ImportView, ImportTemplateView):
    """An empty export with the default column headers."""

    template_filename = "training-import-template.csv"


class TrainingImportCheck(ImportView, ImportCheckView):
    """Match the file's columns to the fields of a training record, then check every row."""

    template_name = "training/import_check.html"
    form_class = TrainingImportMappingForm
    check_service = import_services.training_import_queue_check
    result_step = "progress"


class TrainingImportDetail(ImportView):
    """The data-quality report, and the operator's choice: import, or import the clean rows."""

    template_name = "training/import_report.html"

    def get(self, request, *args, **kwargs):
        training_import = self.get_import()
        if training_import.status == ImportStatus.UPLOADED:
            return HttpResponseRedirect(self.url("trainingimport-check", training_import))
        if training_import.status in WORKING:
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
        filename = problems_filename(training_import.filename)
        if training_import.problems_file:
            return FileResponse(
                training_import.problems_file.open("rb"),
                as_attachment=True,
                filename=filename,
                content_type="text/csv",
            )
        return csv_download([PROBLEMS_CSV_HEADER], filename)


class TrainingImportProgress(ImportView, ImportProgressView):
    """How far the check or the import is; once checked, the report; if the check stopped,
    the column matching (which says why)."""

    template_name = "training/import_progress.html"
    next_step = {ImportStatus.UPLOADED: "check", ImportStatus.CHECKED: "detail"}

    def get(self, request, *args, **kwargs):
        training_import = self.get_import()
        step = self.next_step.get(training_import.status)
        if step and not (self.polled and request.htmx):
            return HttpResponseRedirect(self.url(f"trainingimport-{step}", training_import))
        return super().get(request, *args, **kwargs)

    def progress(self, training_import) -> dict:
        return {
            **super().progress(training_import),
            "report_url": self.url("trainingimport-detail", training_import),
        }


class TrainingImportProgressStatus(TrainingImportProgress):
    """The part of the progress page that htmx fetches every two seconds."""

    template_name = "training/import_progress_status.html"
    polled = True
