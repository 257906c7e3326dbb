"""The people, departments and members API: same services, scope and roles as the pages."""

import pytest
from rest_framework.test import APIClient

from dpassure.core.roles import Role
from dpassure.organisations.models import Person
from tests.factories import DepartmentFactory, PersonFactory

NEW_PERSON = {
    "employee_number": "API1",
    "first_name": "Bea",
    "last_name": "Lewis",
    "start_date": "2023-02-01",
}


def test_create_read_update_archive(api, org, editor):
    url = f"/api/v1/o/{org.slug}/people/"
    created = api.post(url, NEW_PERSON, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api.get(f"{url}{pk}/").json()["last_name"] == "Lewis"
    patched = api.patch(f"{url}{pk}/", {"last_name": "Lewis-Hall"}, format="json")
    assert patched.status_code == 200 and patched.json()["last_name"] == "Lewis-Hall"
    assert api.delete(f"{url}{pk}/").status_code == 204
    person = Person.objects.get(pk=pk)
    assert person.archived_at is not None
    assert [h.history_user for h in person.history.all()] == [editor, editor, editor]
    assert api.get(url).json()["count"] == 0
    assert api.get(url + "?archived=true").json()["count"] == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start_date": "31/02/2024"}, "start_date", "Date has wrong format"),
        ({"employee_number": ""}, "employee_number", "This field may not be blank."),
        ({"email": "nope"}, "email", "Enter a valid email address."),
        ({"leaving_date": "2020-01-01"}, "non_field_errors", "leaving date cannot be before"),
    ],
)
def test_field_errors(api, org, changes, field, message):
    response = api.post(f"/api/v1/o/{org.slug}/people/", {**NEW_PERSON, **changes}, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors and any(message in e for e in errors[field]), errors
    assert not Person.objects.exists()


def test_duplicate_employee_number_is_a_400(api, org):
    PersonFactory(organisation=org, employee_number="API1")
    response = api.post(f"/api/v1/o/{org.slug}/people/", NEW_PERSON, format="json")
    assert response.status_code == 400
    assert "already has this employee number" in str(response.json())


def test_another_organisations_department_is_refused(api, org, other_org):
    theirs = DepartmentFactory(organisation=other_org)
    response = api.post(
        f"/api/v1/o/{org.slug}/people/", {**NEW_PERSON, "department": theirs.pk}, format="json"
    )
    assert response.status_code == 400 and "department" in response.json()


def test_filters_are_the_list_pages_filters(api, org):
    department = DepartmentFactory(organisation=org)
    PersonFactory(organisation=org, last_name="Findme", department=department)
    PersonFactory(organisation=org, last_name="Other")
    url = f"/api/v1/o/{org.slug}/people/"
    assert [p["last_name"] for p in api.get(url + "?q=findme").json()["results"]] == ["Findme"]
    by_department = api.get(url + f"?department={department.pk}").json()["results"]
    assert [p["last_name"] for p in by_department] == ["Findme"]


def test_viewers_read_only_and_members_api_is_for_admins(org, make_member):
    client = APIClient()
    client.force_authenticate(make_member(org, Role.VIEWER))
    assert client.get(f"/api/v1/o/{org.slug}/people/").status_code == 200
    assert (
        client.post(f"/api/v1/o/{org.slug}/people/", NEW_PERSON, format="json").status_code == 403
    )
    assert client.get(f"/api/v1/o/{org.slug}/members/").status_code == 403


def test_token_authentication(org, make_member):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=make_member(org, Role.VIEWER, username="tokenuser"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(f"/api/v1/o/{org.slug}/people/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token wrong")
    assert client.get(f"/api/v1/o/{org.slug}/people/").status_code == 401


def test_admin_adds_a_member_by_email(org, make_member):
    client = APIClient()
    client.force_authenticate(make_member(org, Role.ADMIN, username="api-boss"))
    response = client.post(
        f"/api/v1/o/{org.slug}/members/",
        {"email": "new@wessex.example", "role": "dpo"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["username"] == "new@wessex.example"
    assert response.json()["role"] == "dpo"
