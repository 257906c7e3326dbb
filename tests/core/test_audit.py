"""The audit trail: every create, update and archive of every register row, who and when."""

import datetime

import pytest
from django.apps import apps

from dpassure.core.audit import audit_log, audited_models, history_entries
from dpassure.core.roles import Role
from dpassure.organisations import services
from dpassure.organisations.models import Person
from tests.factories import DepartmentFactory


@pytest.fixture
def person(org, editor):
    return services.person_create(
        organisation=org,
        actor=editor,
        employee_number="W100",
        first_name="Ada",
        last_name="Jones",
        start_date=datetime.date(2021, 4, 1),
    )


def test_every_dpassure_model_is_audited():
    ours = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("dpassure.") and not m.__name__.startswith("Historical")
    ]
    assert ours, "no models found"
    missing = [m.__name__ for m in ours if m not in audited_models()]
    assert missing == []


def test_create_update_archive_record_who_and_what(person, editor, org):
    services.person_update(person, actor=editor, last_name="Jones-Smith")
    services.person_archive(person, actor=editor)
    entries = history_entries(person)
    assert [e.action for e in entries] == ["Archived", "Changed", "Created"]
    assert {e.who for e in entries} == {editor.get_full_name()}
    change = entries[1].changes
    assert [(c.field, c.before, c.after) for c in change] == [("Last name", "Jones", "Jones-Smith")]
    created_fields = {c.field for c in entries[2].changes}
    assert {"Employee number", "First name", "Start date"} <= created_fields


def test_related_rows_are_shown_by_name(person, editor, org):
    department = DepartmentFactory(organisation=org, name="Contact Centre")
    services.person_update(person, actor=editor, department=department)
    change = history_entries(person)[0].changes
    assert [(c.field, c.after) for c in change] == [("Department", "Contact Centre")]


def test_audit_log_is_per_organisation_and_filterable(person, editor, org, other_org, make_member):
    stranger = make_member(other_org, Role.EDITOR)
    services.person_create(
        organisation=other_org,
        actor=stranger,
        employee_number="M1",
        first_name="Not",
        last_name="Mine",
        start_date=datetime.date(2020, 1, 1),
    )
    rows = list(audit_log(organisation=org))
    assert rows and all(r["history_user_id"] in (editor.pk, None) for r in rows)
    people = list(audit_log(organisation=org, record_type="organisations.person"))
    assert [r["id"] for r in people] == [person.pk]
    assert list(audit_log(organisation=org, user_id=stranger.pk)) == []
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    assert list(audit_log(organisation=org, since=tomorrow)) == []


def test_audit_log_page_and_csv(client, org, person, make_member):
    dpo = make_member(org, Role.DPO, username="the-dpo")
    client.force_login(dpo)
    page = client.get(f"/o/{org.slug}/audit/?record_type=organisations.person")
    assert page.status_code == 200
    assert "Person: Ada Jones" in page.content.decode()
    export = client.get(f"/o/{org.slug}/audit/?record_type=organisations.person&export=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "When,Changed by,Action,Record,Reason"
    assert len(lines) == 2 and "Created" in lines[1]


def test_audit_log_refuses_bad_dates_with_a_message(client, org, make_member):
    client.force_login(make_member(org, Role.DPO, username="dpo2"))
    page = client.get(
        f"/o/{org.slug}/audit/?since_0=5&since_1=6&since_2=2026&until_0=1&until_1=1&until_2=2026"
    )
    body = page.content.decode()
    assert "There is a problem" in body and "To must be the same as or after From" in body


def test_editors_cannot_see_the_audit_log(editor_client, org):
    assert editor_client.get(f"/o/{org.slug}/audit/").status_code == 403


def test_no_url_can_change_the_trail(client, org, person, make_member):
    client.force_login(make_member(org, Role.ADMIN, username="boss"))
    before = Person.history.count()
    for method in ("post", "put", "delete"):
        response = getattr(client, method)(f"/o/{org.slug}/audit/")
        assert response.status_code == 405
    assert Person.history.count() == before


def test_references_count_past_five_digits(org):
    from dpassure.core.references import next_reference
    from dpassure.rights.models import RightsRequest
    from tests.factories import RightsRequestFactory

    request = RightsRequestFactory(organisation=org)
    RightsRequest.objects.filter(pk=request.pk).update(reference="RR-2026-99999")
    RightsRequestFactory(organisation=org)
    rows = RightsRequest.objects.filter(organisation=org)
    assert rows.filter(reference="RR-2026-100000").exists()
    assert next_reference(rows, "RR-2026-") == "RR-2026-100001"
    assert next_reference(rows, "RR-2027-") == "RR-2027-00001"
