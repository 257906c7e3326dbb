"""The import pages, driven through the Django test client as an editor would use them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dpassure.core.roles import Role
from dpassure.organisations import import_services
from dpassure.organisations.models import ImportStatus, PeopleImport, Person
from tests.factories import DepartmentFactory, PersonFactory
from tests.organisations.test_import_services import make_people_import, rows
from tests.organisations.test_importing import HEADERS, csv_bytes, person_row, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORT_PAGES = [
    "person-import-check",
    "person-import-result",
    "person-import-errors",
    "person-import-progress",
    "person-import-progress-status",
]


@pytest.fixture
def custody(org):
    return DepartmentFactory(organisation=org, name="Custody", code="CUS")


def url(org, name, people_import=None):
    kwargs = {"org_slug": org.slug}
    if people_import is not None:
        kwargs["pk"] = people_import.pk
    return reverse(f"organisations:{name}", kwargs=kwargs)


def post_file(client, org, content, name="staff.csv"):
    return client.post(url(org, "person-import"), {"file": SimpleUploadedFile(name, content)})


def test_upload_check_and_import(
    editor_client, org, editor, custody, django_capture_on_commit_callbacks
):
    PersonFactory(organisation=org, employee_number="E1", first_name="Old", department=custody)
    page = editor_client.get(url(org, "person-import"))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'type="file"' in body and 'class="govuk-file-upload' in body
    assert 'enctype="multipart/form-data"' in body

    response = post_file(editor_client, org, csv_bytes(rows(3)))
    people_import = PeopleImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(org, "person-import-check", people_import)

    page = editor_client.get(response["Location"]).content.decode()
    assert "Match the columns" in page
    assert '<label class="govuk-label govuk-label--s" for="id_employee_number">' in page
    assert '<option value="Employee number" selected>Employee number</option>' in page
    assert "Check the file" in page

    response = editor_client.post(
        url(org, "person-import-check", people_import), people_import.mapping
    )
    assert response.status_code == 302
    assert response["Location"] == url(org, "person-import-result", people_import)

    page = editor_client.get(response["Location"]).content.decode()
    assert "Check the people before you import them" in page
    assert '<th scope="row" class="govuk-table__header govuk-table__header--numeric">2</th>' in page
    assert "Lovelace" in page
    assert 'To create</dt><dd class="govuk-summary-list__value">2' in page
    assert 'To update</dt><dd class="govuk-summary-list__value">1' in page
    assert "Import 3 people" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url(org, "person-import-result", people_import))
    assert response.status_code == 302
    assert response["Location"] == url(org, "person-import-progress", people_import)
    page = editor_client.get(response["Location"]).content.decode()
    assert "People imported" in page
    assert "2 added, 1 updated" in page
    assert Person.objects.filter(organisation=org).count() == 3
    assert Person.objects.get(employee_number="E1").first_name == "Ada"
    assert {
        h.history_user for h in Person.history.filter(history_type="+", employee_number="E2")
    } == {editor}


def test_problems_are_reported_by_row_and_nothing_is_imported(editor_client, org, custody):
    content = csv_bytes(
        [
            person_row(),
            person_row(**{"Employee number": "E2", "Start date": "31/02/2024"}),
            person_row(**{"Employee number": "E3", "Department": "=HYPERLINK(1)"}),
        ]
    )
    post_file(editor_client, org, content)
    people_import = PeopleImport.objects.get()
    editor_client.post(url(org, "person-import-check", people_import), people_import.mapping)
    page = editor_client.get(url(org, "person-import-result", people_import)).content.decode()
    assert "There are problems with 2 rows" in page
    assert "Nothing has been imported" in page
    assert "Upload a corrected file" in page
    assert '<th scope="col" class="govuk-table__header">Problem</th>' in page
    assert "&#x27;31/02/2024&#x27; is not a real date" in page
    assert "Import 3 people" not in page
    assert not Person.objects.exists()

    download = editor_client.get(url(org, "person-import-errors", people_import))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Row,Column,Problem"
    assert lines[1] == "3,Start date,'31/02/2024' is not a real date"
    assert lines[2] == "4,Department,No department is called or coded '=HYPERLINK(1)'"

    # The import cannot be started by posting anyway.
    response = editor_client.post(url(org, "person-import-result", people_import))
    assert response["Location"] == url(org, "person-import-result", people_import)
    assert not Person.objects.exists()


def test_a_bad_mapping_is_shown_on_the_form(editor_client, org):
    post_file(editor_client, org, csv_bytes(rows(1)))
    people_import = PeopleImport.objects.get()
    mapping = {**people_import.mapping, "first_name": "Last name", "start_date": ""}
    response = editor_client.post(url(org, "person-import-check", people_import), mapping)
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: " in page
    assert 'href="#id_start_date"' in page
    assert "Select the column that holds the start date" in page
    assert "The column &#x27;Last name&#x27; is already used for the first name" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("staff.pdf", b"%PDF-1.4", "The selected file must be a CSV or XLSX"),
        ("staff.xls", b"\xd0\xcf\x11\xe0", "old Excel format (.xls)"),
        (
            "staff.csv",
            "Employee number,First name\nE1,Zoë\n".encode("cp1252"),
            "The file is not UTF-8 encoded. In Excel, save it as &#x27;CSV UTF-8&#x27;.",
        ),
        ("staff.xlsx", b"not a workbook", "could not be opened as an Excel workbook"),
    ],
)
def test_unusable_files_get_a_specific_message(editor_client, org, name, content, message):
    response = post_file(editor_client, org, content, name)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'href="#id_file"' in page
    assert "govuk-file-upload--error" in page
    assert not PeopleImport.objects.exists()


def test_no_file_and_too_large_files_are_refused(editor_client, org, settings):
    response = editor_client.post(url(org, "person-import"), {})
    assert "Select a CSV or XLSX file" in response.content.decode()
    settings.DPASSURE_MAX_UPLOAD_BYTES = 50
    response = post_file(editor_client, org, csv_bytes(rows(3)))
    assert response.status_code == 400
    assert "The selected file must be smaller than" in response.content.decode()


def test_xlsx_files_import(editor_client, org, custody, django_capture_on_commit_callbacks):
    post_file(editor_client, org, xlsx_bytes(rows(2)), "staff.xlsx")
    people_import = PeopleImport.objects.get()
    editor_client.post(url(org, "person-import-check", people_import), people_import.mapping)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url(org, "person-import-result", people_import))
    assert Person.objects.filter(organisation=org).count() == 2


def test_unchanged_file_offers_nothing_to_import(editor_client, org, editor):
    import_services.people_import_commit(make_people_import(org, uploaded_by=editor), actor=editor)
    post_file(editor_client, org, csv_bytes(rows(2)))
    second = PeopleImport.objects.get(status=ImportStatus.UPLOADED)
    editor_client.post(url(org, "person-import-check", second), second.mapping)
    page = editor_client.get(url(org, "person-import-result", second)).content.decode()
    assert "There is nothing to import" in page
    assert 'Unchanged</dt><dd class="govuk-summary-list__value">2' in page


def test_progress_page_polls_with_htmx_and_works_without_it(editor_client, org, editor):
    people_import = make_people_import(org, uploaded_by=editor)
    PeopleImport.objects.filter(pk=people_import.pk).update(
        status=ImportStatus.IMPORTING, processed_rows=500, total_rows=1200
    )
    page = editor_client.get(url(org, "person-import-progress", people_import)).content.decode()
    status_url = url(org, "person-import-progress-status", people_import)
    assert f'hx-get="{status_url}" hx-trigger="every 2s"' in page
    assert "Checked 500 of 1,200 rows" in page
    assert '<progress class="dpa-progress' in page and 'value="500"' in page
    assert f'href="{url(org, "person-import-progress", people_import)}">Refresh' in page

    fragment = editor_client.get(status_url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert 'hx-trigger="every 2s"' in fragment.content.decode()

    PeopleImport.objects.filter(pk=people_import.pk).update(status=ImportStatus.DONE)
    finished = editor_client.get(status_url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    page = editor_client.get(url(org, "person-import-progress", people_import)).content.decode()
    assert "People imported" in page
    assert "hx-get" not in page


def test_outsiders_and_other_editors_get_404(client, org, editor, outsider, make_member):
    people_import = make_people_import(org, uploaded_by=editor)
    colleague = make_member(org, Role.EDITOR, username="colleague")
    for user in (outsider, colleague):
        client.force_login(user)
        for name in IMPORT_PAGES:
            assert client.get(url(org, name, people_import)).status_code == 404, (user, name)
        assert client.post(url(org, "person-import-result", people_import)).status_code == 404
        assert client.post(url(org, "person-import-check", people_import)).status_code == 404
    client.force_login(outsider)
    assert client.get(url(org, "person-import")).status_code == 404
    assert not Person.objects.filter(organisation=org).exists()


def test_viewers_get_403(client, org, editor, viewer):
    people_import = make_people_import(org, uploaded_by=editor)
    client.force_login(viewer)
    assert client.get(url(org, "person-import")).status_code == 403
    assert client.get(url(org, "person-import-template")).status_code == 403
    response = client.post(url(org, "person-import"), {"file": SimpleUploadedFile("a.csv", b"x")})
    assert response.status_code == 403
    for name in IMPORT_PAGES:
        assert client.get(url(org, name, people_import)).status_code == 403, name
    assert client.post(url(org, "person-import-result", people_import)).status_code == 403


def test_template_has_the_default_headers(editor_client, org):
    response = editor_client.get(url(org, "person-import-template"))
    assert response.content.decode("utf-8-sig").strip() == ",".join(HEADERS)


def test_home_and_people_list_link_to_the_import_for_editors_only(client, org, editor, viewer):
    import_url = url(org, "person-import")
    client.force_login(editor)
    for page in (url(org, "home"), url(org, "person-list")):
        body = client.get(page).content.decode()
        assert f'href="{import_url}"' in body, page
        assert "Import people from an HR extract" in body
    client.force_login(viewer)
    for page in (url(org, "home"), url(org, "person-list")):
        assert import_url not in client.get(page).content.decode()
