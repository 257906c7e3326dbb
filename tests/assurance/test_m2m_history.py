"""Many-to-many links in the audit trail: who changed an engagement's assessors and scope areas,
and when, recorded through the service the pages use and shown on the audit and history pages."""

import pytest
from django.urls import reverse

from dpassure.assurance import engagement_services as es
from dpassure.core.audit import audit_log, audited_models, history_entries
from dpassure.core.roles import Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    make_assessor,
    make_engagement,
)

pytestmark = pytest.mark.django_db


def person(organisation, role, first_name, last_name):
    user = UserFactory(username=first_name.lower(), first_name=first_name, last_name=last_name)
    MembershipFactory(organisation=organisation, user=user, role=role)
    return user


@pytest.fixture
def assessor():
    return make_assessor(slug="northern")


@pytest.fixture
def helen(assessor):
    return person(assessor, Role.EDITOR, "Helen", "Ward")


@pytest.fixture
def raj(assessor):
    return person(assessor, Role.EDITOR, "Raj", "Patel")


@pytest.fixture
def dpo(assessor):
    return person(assessor, Role.DPO, "Dana", "Okafor")


@pytest.fixture
def engagement(assessor, helen):
    opcc = OrganisationFactory(name="Wessex OPCC", slug="opcc", kind="local_policing_body")
    return make_engagement(assessor, subject=opcc, assessors=[helen])


@pytest.fixture
def changed(engagement, raj, dpo):
    """The DPO swaps Helen for Raj and agrees the first scope area, in one save."""
    area = engagement.framework.scope_areas.order_by("position").first()
    before = engagement.history.order_by("-history_id").first().history_id
    es.engagement_update(engagement, actor=dpo, assessors=[raj], scope_areas=[area])
    return engagement.history.filter(history_id__gt=before).order_by("history_id"), area


def test_every_many_to_many_field_of_an_audited_assurance_model_is_recorded():
    untracked = [
        f"{model.__name__}.{field.name}"
        for model in audited_models()
        if model._meta.app_label == "assurance"
        for field in model._meta.many_to_many
        if field not in model.history.model._history_m2m_fields
    ]
    assert untracked == []


def test_the_new_links_are_recorded_with_the_actor(changed, raj, dpo):
    versions, area = changed
    assert versions.exists()
    assert {v.history_user for v in versions} == {dpo}
    latest = versions.last()
    assert [row.user for row in latest.assessors.all()] == [raj]
    assert [row.scopearea for row in latest.scope_areas.all()] == [area]


def test_the_change_is_one_history_entry_naming_the_actor(changed, engagement, helen, dpo):
    _, area = changed
    entries = history_entries(engagement)
    assert [e.action for e in entries] == ["Changed", "Created"]
    assert entries[0].who == "Dana Okafor"
    assert {(c.field, c.before, c.after) for c in entries[0].changes} == {
        ("Assessors", "Helen Ward", "Raj Patel"),
        ("Agreed scope areas", "", str(area)),
    }
    created = {(c.field, c.after) for c in entries[1].changes}
    assert ("Assessors", "Helen Ward") in created


def test_links_changed_later_are_a_change_of_their_own(engagement, raj, dpo):
    es.engagement_update(engagement, actor=dpo, assessors=[raj])
    es.engagement_update(engagement, actor=raj, assessors=[])
    entries = history_entries(engagement)
    assert [(e.who, e.action) for e in entries[:2]] == [
        ("Raj Patel", "Changed"),
        ("Dana Okafor", "Changed"),
    ]
    assert [(c.field, c.before, c.after) for c in entries[0].changes] == [
        ("Assessors", "Raj Patel", "")
    ]


def test_the_audit_log_page_shows_the_change_and_links_to_its_history(
    client, changed, engagement, assessor, dpo
):
    versions, area = changed
    rows = list(audit_log(organisation=assessor, user_id=dpo.pk))
    assert {(r["record_type"], r["id"]) for r in rows} == {("assurance.engagement", engagement.pk)}
    assert {r["history_id"] for r in rows} == {v.history_id for v in versions}

    client.force_login(dpo)
    page = client.get(
        f"/o/{assessor.slug}/audit/?record_type=assurance.engagement&user={dpo.pk}"
    ).content.decode()
    history_url = reverse(
        "assurance:engagement-history", kwargs={"org_slug": assessor.slug, "pk": engagement.pk}
    )
    assert "Dana Okafor" in page and "Changed" in page
    assert f'href="{history_url}">Engagement: Data protection assurance</a>' in page

    history = client.get(history_url).content.decode()
    assert "Changed by Dana Okafor" in history
    assert "<del>Helen Ward</del>" in history and "<ins>Raj Patel</ins>" in history
    assert f"<ins>{area}</ins>" in history
