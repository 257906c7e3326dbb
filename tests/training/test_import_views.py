"""The training import pages, driven through the Django test client as an editor uses them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dpassure.core.roles import Role
from dpassure.organisations.models import ImportStatus
from dpassure.training.models import TrainingImport, TrainingRecord
from tests.training import test_import_services
from tests.training.test_import_services import CLEAN, make_training_import
from tests.training.test_importing import csv_bytes

pytestmark = pytest.mark.django_db
world = test_import_services.world  # the same people and course

PAGES = [
    "trainingimport-detail",
    "trainingimport-check",
    "trainingimport-problems",
    "trainingimport-progress",
    "trainingimport-progress-status",
]


def url(org, name, training_import=None):
    kwargs = {"org_slug": org.slug}
    if training_import is not None:
        kwargs["pk"] = training_import.pk
    return reverse(f"training:{name}", kwargs=kwargs)


def post_file(client, org, content, name="lms.csv"):
    return client.post(
        url(org, "trainingimport-create"), {"file": SimpleUploadedFile(name, content)}
    )


def test_upload_match_report_and_import(
    editor_client,
    org,
    world,
    django_capture_on_commit_callbacks,
):
    page = editor_client.get(url(org, "trainingimport-create"))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()

    response = post_file(editor_client, org, csv_bytes(CLEAN))
    training_import = TrainingImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(org, "trainingimport-check", training_import)

    page = editor_client.get(response["Location"]).content.decode()
    assert "Match the columns" in page and 'for="id_completed_on"' in page

    with django_capture_on_commit_callbacks(execute=True):  # the check, in the background
        response = editor_client.post(response["Location"], training_import.mapping)
    assert response["Location"] == url(org, "trainingimport-progress", training_import)
    response = editor_client.get(response["Location"])  # checked: on to the report
    assert response["Location"] == url(org, "trainingimport-detail", training_import)
    report = editor_client.get(response["Location"]).content.decode()
    assert "Check the completions before you import them" in report
    assert "Import 3 records" in report
    assert 'id="preview"' in report

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url(org, "trainingimport-detail", training_import))
    assert response["Location"] == url(org, "trainingimport-progress", training_import)
    done = editor_client.get(response["Location"]).content.decode()
    assert "Completions imported" in done and "3 new records" in done
    assert TrainingRecord.objects.count() == 3
    listing = editor_client.get(url(org, "trainingimport-list")).content.decode()
    assert "lms.csv" in listing and "Done" in listing


def test_problems_are_reported_and_clean_rows_can_be_chosen(
    editor_client,
    org,
    world,
    django_capture_on_commit_callbacks,
):
    bad = [["E1", "", "DP1", "01/03/2024", "85"]] * 50 + [["E1", "", "NOPE", "01/03/2099", "x"]]
    post_file(editor_client, org, csv_bytes([*CLEAN[1:], *bad]))
    training_import = TrainingImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            url(org, "trainingimport-check", training_import), training_import.mapping
        )
    report = editor_client.get(url(org, "trainingimport-detail", training_import)).content.decode()
    assert "There are problems with 50 rows" in report
    assert "Duplicate lines: 49" in report
    assert "Repeats row 4: E1, course DP1 on 01/03/2024, same result" in report
    assert "Unknown courses: 1" in report and "Impossible dates: 1" in report
    assert "Import the 3 clean rows and leave the listed rows out" in report

    problems = editor_client.get(url(org, "trainingimport-problems", training_import))
    body = b"".join(problems.streaming_content).decode("utf-8-sig")
    assert len(body.splitlines()) == 1 + 49 + 3  # header, duplicates, three problems on row 53

    # The plain import is refused; the operator's choice is recorded.
    response = editor_client.post(url(org, "trainingimport-detail", training_import))
    assert response["Location"] == url(org, "trainingimport-detail", training_import)
    assert not TrainingRecord.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            url(org, "trainingimport-detail", training_import), {"commit_clean_rows": "yes"}
        )
    training_import.refresh_from_db()
    assert training_import.status == ImportStatus.DONE and training_import.commit_clean_rows
    assert TrainingRecord.objects.count() == 3


def test_the_check_runs_in_the_background_with_its_progress(
    editor_client, org, world, django_capture_on_commit_callbacks
):
    post_file(editor_client, org, csv_bytes(CLEAN))
    training_import = TrainingImport.objects.get()
    check_url = url(org, "trainingimport-check", training_import)
    with django_capture_on_commit_callbacks() as queued:  # queued, not run yet
        response = editor_client.post(check_url, training_import.mapping)
    assert len(queued) == 1
    training_import.refresh_from_db()
    assert training_import.status == ImportStatus.CHECKING
    page = editor_client.get(response["Location"]).content.decode()
    assert "Checking the file" in page and "Checked 0 of about 3 rows" in page
    assert 'hx-trigger="every 2s"' in page
    # While it is being checked, the other steps lead to the progress page.
    for name in ("trainingimport-check", "trainingimport-detail"):
        response = editor_client.get(url(org, name, training_import))
        assert response["Location"] == url(org, "trainingimport-progress", training_import)

    queued[0]()  # the worker runs the check
    training_import.refresh_from_db()
    assert training_import.status == ImportStatus.CHECKED and training_import.new_count == 3
    status_url = url(org, "trainingimport-progress-status", training_import)
    assert editor_client.get(status_url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    response = editor_client.get(url(org, "trainingimport-progress", training_import))
    assert response["Location"] == url(org, "trainingimport-detail", training_import)


def test_a_check_that_stops_goes_back_to_the_columns_and_says_why(
    editor_client, org, world, django_capture_on_commit_callbacks
):
    post_file(editor_client, org, csv_bytes(CLEAN))
    training_import = TrainingImport.objects.get()
    with django_capture_on_commit_callbacks() as queued:
        editor_client.post(
            url(org, "trainingimport-check", training_import), training_import.mapping
        )
    training_import.file.delete(save=False)  # the stored file is gone before the worker runs
    TrainingImport.objects.filter(pk=training_import.pk).update(file="")
    queued[0]()
    training_import.refresh_from_db()
    assert training_import.status == ImportStatus.UPLOADED
    response = editor_client.get(url(org, "trainingimport-progress", training_import))
    assert response["Location"] == url(org, "trainingimport-check", training_import)
    page = editor_client.get(response["Location"]).content.decode()
    assert "govuk-warning-text" in page and "The file is no longer stored" in page
    assert not TrainingRecord.objects.exists()


def test_bad_files_get_a_clear_message_not_a_stack_trace(editor_client, org, world):
    response = post_file(editor_client, org, "Emp\nÉ\n".encode("utf-16"))
    assert response.status_code == 400
    assert "UTF-16" in response.content.decode()
    response = post_file(editor_client, org, b"just,a,header\n")
    assert "no completions in it" in response.content.decode()
    assert not TrainingImport.objects.exists()


def test_missing_columns_are_shown_on_the_mapping_page(editor_client, org, world):
    post_file(editor_client, org, csv_bytes([["E1", "x"]], headers=["Staff", "Other"]))
    training_import = TrainingImport.objects.get()
    response = editor_client.post(url(org, "trainingimport-check", training_import), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select the column that holds the completion date" in page
    assert "course code or the course title" in page


def test_progress_page_polls_with_htmx_and_works_without_it(editor_client, org, editor):
    training_import = make_training_import(org, uploaded_by=editor)
    training_import.status = ImportStatus.IMPORTING
    training_import.processed_rows = 0
    training_import.save()
    page = editor_client.get(url(org, "trainingimport-progress", training_import)).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Refresh" in page and "<progress" in page
    status_url = url(org, "trainingimport-progress-status", training_import)
    assert editor_client.get(status_url).status_code == 200
    training_import.status = ImportStatus.DONE
    training_import.save()
    response = editor_client.get(status_url, headers={"HX-Request": "true"})
    assert response.headers.get("HX-Refresh") == "true"


@pytest.mark.parametrize("name", ["trainingimport-list", "trainingimport-create", *PAGES])
def test_viewers_are_refused(client, org, editor, make_member, name):
    training_import = make_training_import(org, uploaded_by=editor)
    client.force_login(make_member(org, Role.VIEWER, username="a-viewer"))
    args = (training_import,) if name in PAGES else ()
    assert client.get(url(org, name, *args)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_another_organisations_import_is_404(client, org, other_org, editor, outsider, name):
    training_import = make_training_import(org, uploaded_by=editor)
    client.force_login(outsider)
    assert client.get(url(org, name, training_import)).status_code == 404
    assert client.get(url(other_org, name, training_import)).status_code == 404


def test_every_editor_of_the_organisation_sees_its_imports(client, org, editor, make_member):
    training_import = make_training_import(org, uploaded_by=editor)  # someone else's
    client.force_login(make_member(org, Role.EDITOR, username="colleague"))
    page = client.get(url(org, "trainingimport-detail", training_import))
    assert page.status_code == 200
    assert "Import 1 record" in page.content.decode()


def test_template_lists_the_default_headers(editor_client, org):
    response = editor_client.get(url(org, "trainingimport-template"))
    assert response.content.decode("utf-8-sig").strip() == (
        "Employee number,Email,Learner name,Course code,Course title,Completion date,Score,"
        "Result,Certificate reference"
    )
