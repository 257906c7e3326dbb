"""Shared fixtures: two organisations with a member each, so every test can prove tenancy."""

import pytest
from rest_framework.test import APIClient

from dpassure.core.roles import Role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Wessex Police", slug="wessex")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Mercia Police", slug="mercia")


def member(organisation, role, username=None):
    user = UserFactory(username=username or f"{organisation.slug}-{role}")
    MembershipFactory(organisation=organisation, user=user, role=role)
    return user


@pytest.fixture
def make_member():
    return member


@pytest.fixture
def editor(org):
    return member(org, Role.EDITOR)


@pytest.fixture
def admin_user(org):
    return member(org, Role.ADMIN)


@pytest.fixture
def viewer(org):
    return member(org, Role.VIEWER)


@pytest.fixture
def outsider(other_org):
    """An administrator of another organisation: must never see ``org``'s rows."""
    return member(other_org, Role.ADMIN)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def api(editor):
    api_client = APIClient()
    api_client.force_authenticate(editor)
    return api_client
