"""The register pages for people and departments, through the Django test client."""

import datetime

import pytest

from dpassure.core.roles import Role
from dpassure.organisations.models import Department, Person
from tests.factories import DepartmentFactory, PersonFactory

PERSON = {
    "employee_number": "W1234",
    "first_name": "Ada",
    "last_name": "Jones",
    "email": "ada.jones@wessex.example",
    "job_title": "Police Constable",
    "start_date_0": "6",
    "start_date_1": "1",
    "start_date_2": "2020",
}


def test_add_a_person(editor_client, org):
    department = DepartmentFactory(organisation=org, name="Contact Centre")
    response = editor_client.post(
        f"/o/{org.slug}/people/new/", {**PERSON, "department": department.pk}, follow=True
    )
    person = Person.objects.get(employee_number="W1234")
    assert person.organisation == org and person.department == department
    assert person.start_date == datetime.date(2020, 1, 6)
    assert person.history.get().history_user.username == f"{org.slug}-editor"
    body = response.content.decode()
    assert "Person “Ada Jones” added" in body and "6 January 2020" in body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_date_0": "31", "start_date_1": "2"}, "Start date must be a real date"),
        ({"start_date_1": ""}, "Start date must include a month"),
        ({"start_date_2": "20"}, "Year must include 4 numbers"),
        ({"first_name": ""}, "Enter first name"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        (
            {"leaving_date_0": "1", "leaving_date_1": "1", "leaving_date_2": "2019"},
            "Leaving date must be the same as or after start date",
        ),
    ],
)
def test_bad_input_is_refused_with_a_specific_message(editor_client, org, changes, message):
    response = editor_client.post(f"/o/{org.slug}/people/new/", {**PERSON, **changes})
    body = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in body
    assert "There is a problem" in body and message in body
    assert 'class="govuk-form-group govuk-form-group--error"' in body
    assert not Person.objects.exists()


def test_duplicate_employee_number_is_refused(editor_client, org):
    PersonFactory(organisation=org, employee_number="W1234")
    response = editor_client.post(f"/o/{org.slug}/people/new/", PERSON)
    assert response.status_code == 400
    assert "already has this employee number" in response.content.decode()
    assert Person.objects.count() == 1


def test_another_organisations_department_cannot_be_chosen(editor_client, org, other_org):
    theirs = DepartmentFactory(organisation=other_org)
    response = editor_client.post(f"/o/{org.slug}/people/new/", {**PERSON, "department": theirs.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_edit_and_history(editor_client, org):
    person = PersonFactory(organisation=org, last_name="Jones")
    form = {
        **PERSON,
        "employee_number": person.employee_number,
        "last_name": "Jones-Smith",
    }
    response = editor_client.post(f"/o/{org.slug}/people/{person.pk}/edit/", form)
    assert response.status_code == 302
    history = editor_client.get(f"/o/{org.slug}/people/{person.pk}/history/").content.decode()
    assert "<del>Jones</del>" in history and "<ins>Jones-Smith</ins>" in history


def test_archive_asks_then_hides_from_the_list(editor_client, org):
    person = PersonFactory(organisation=org, last_name="Leaving")
    confirm = editor_client.get(f"/o/{org.slug}/people/{person.pk}/archive/")
    assert "Are you sure you want to archive" in confirm.content.decode()
    done = editor_client.post(f"/o/{org.slug}/people/{person.pk}/archive/", follow=True)
    assert f"“{person}” archived" in done.content.decode()
    person.refresh_from_db()
    assert person.archived_at is not None
    listing = editor_client.get(f"/o/{org.slug}/people/").content.decode()
    assert "Leaving" not in listing
    archived = editor_client.get(f"/o/{org.slug}/people/?archived=on").content.decode()
    assert "Leaving" in archived


def test_department_with_people_cannot_be_archived(editor_client, org):
    department = DepartmentFactory(organisation=org)
    PersonFactory(organisation=org, department=department)
    response = editor_client.post(f"/o/{org.slug}/departments/{department.pk}/archive/")
    assert response.status_code == 400
    assert "still has people in it" in response.content.decode()
    assert Department.objects.get(pk=department.pk).archived_at is None


def test_department_cannot_be_part_of_itself(editor_client, org):
    parent = DepartmentFactory(organisation=org, name="Local Policing")
    child = DepartmentFactory(organisation=org, name="Response", parent=parent)
    response = editor_client.post(
        f"/o/{org.slug}/departments/{parent.pk}/edit/",
        {"name": "Local Policing", "parent": child.pk},
    )
    assert response.status_code == 400
    assert "cannot be part of itself" in response.content.decode()


def test_list_search_filter_sort_and_export(editor_client, org):
    contact = DepartmentFactory(organisation=org, name="Contact Centre")
    PersonFactory(organisation=org, last_name="Abbott", department=contact, employee_number="A1")
    PersonFactory(organisation=org, last_name="Zephyr", employee_number="Z1")
    url = f"/o/{org.slug}/people/"
    assert "Zephyr" not in editor_client.get(url + "?q=abbott").content.decode()
    filtered = editor_client.get(url + f"?department={contact.pk}").content.decode()
    assert "Abbott" in filtered and "Zephyr" not in filtered
    body = editor_client.get(url + "?sort=-last_name").content.decode()
    assert body.index("Zephyr") < body.index("Abbott")
    assert 'aria-sort="descending"' in body
    export = editor_client.get(url + "?q=abbott&export=csv")
    lines = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("A1,")


def test_export_neutralises_spreadsheet_formulae(editor_client, org):
    PersonFactory(organisation=org, first_name="=HYPERLINK(evil)", employee_number="X1")
    export = editor_client.get(f"/o/{org.slug}/people/?export=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in text


def test_list_pages_keep_a_fixed_number_of_queries(
    editor_client, org, django_assert_max_num_queries
):
    PersonFactory.create_batch(30, organisation=org)
    with django_assert_max_num_queries(12):
        assert editor_client.get(f"/o/{org.slug}/people/").status_code == 200


def test_viewers_can_read_but_not_write(client, org, make_member):
    client.force_login(make_member(org, Role.VIEWER))
    person = PersonFactory(organisation=org)
    assert client.get(f"/o/{org.slug}/people/{person.pk}/").status_code == 200
    assert client.get(f"/o/{org.slug}/people/new/").status_code == 403
    assert client.post(f"/o/{org.slug}/people/{person.pk}/archive/").status_code == 403


def test_unknown_page_number_is_404(editor_client, org):
    assert editor_client.get(f"/o/{org.slug}/people/?page=999").status_code == 404
    assert editor_client.get(f"/o/{org.slug}/people/?page=abc").status_code == 404


def test_service_break_recorded_from_the_persons_page(editor_client, org):
    person = PersonFactory(organisation=org, start_date=datetime.date(2015, 1, 1))
    response = editor_client.post(
        f"/o/{org.slug}/people/{person.pk}/service-breaks/new/",
        {
            "start_date_0": "1",
            "start_date_1": "3",
            "start_date_2": "2022",
            "end_date_0": "30",
            "end_date_1": "9",
            "end_date_2": "2022",
            "reason": "Career break",
        },
    )
    assert response.status_code == 302, response.content.decode()
    page = editor_client.get(f"/o/{org.slug}/people/{person.pk}/").content.decode()
    assert "1 March 2022" in page and "Career break" in page


def test_members_invite_sends_an_email_once(
    client, org, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(make_member(org, Role.ADMIN, username="boss"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/o/{org.slug}/members/new/", {"email": "New.Person@Wessex.example", "role": "viewer"}
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "Choose your password" in mailoutbox[0].body
    again = client.post(
        f"/o/{org.slug}/members/new/", {"email": "new.person@wessex.example", "role": "dpo"}
    )
    assert again.status_code == 400
    assert "already a member" in again.content.decode()


def test_switcher_goes_to_a_member_organisation_only(client, org, other_org, make_member):
    user = make_member(org, Role.VIEWER, username="switcher")
    client.force_login(user)
    assert client.get(f"/switch/?organisation={org.slug}")["Location"] == f"/o/{org.slug}/"
    assert client.get(f"/switch/?organisation={other_org.slug}").status_code == 404


def test_error_pages_are_govuk_styled(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_searches_count_fewer_rows(editor_client, org, monkeypatch):
    from dpassure.core.registers import views

    monkeypatch.setattr(views, "SEARCH_COUNT_LIMIT", 2)
    for number in range(4):
        PersonFactory(organisation=org, last_name=f"Chapman{number}")
    body = editor_client.get(f"/o/{org.slug}/people/?q=chapman").content.decode()
    assert "More than 2 people" in body
    assert "4 people" in editor_client.get(f"/o/{org.slug}/people/").content.decode()
