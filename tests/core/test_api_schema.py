"""The OpenAPI schema, its docs page, and schemathesis against every operation."""

import re

import pytest
import schemathesis
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from dpassure.core.roles import Role
from dpassure.wsgi import application
from tests.conftest import member
from tests.factories import DepartmentFactory, PersonFactory


def test_schema_is_openapi_3_and_documents_the_registers(client, db):
    response = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for register in ("departments", "people", "service-breaks", "members"):
        assert f"/api/v1/o/{{org_slug}}/{register}/" in paths
    assert "/api/v1/organisations/" in paths


def test_docs_render_from_our_own_static_files(client, db):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert not re.match(r"(https?:)?//", asset), f"external asset: {asset}"
        served = client.get(asset)
        assert served.status_code == 200, f"{asset}: {served.status_code}"
        served.close()


@pytest.fixture
def token(org):
    user = member(org, Role.ADMIN, username="api-admin")
    department = DepartmentFactory(organisation=org)
    PersonFactory(organisation=org, department=department)
    return Token.objects.create(user=user).key


CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


@pytest.fixture
def connection_kept_open():
    """Keep the test's database connection across requests, as Django's test client does.

    Calling the WSGI app directly fires request_started/finished, whose close_old_connections
    would close PostgreSQL's connection in the middle of the test's transaction.
    """
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_api_operations_never_fail_and_match_the_schema(token, org, connection_kept_open):
    """schemathesis generates requests for every operation (valid and invalid data).

    It is driven through hypothesis directly: its pytest plugin does not support pytest 9 yet.
    """
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    headers = {"Authorization": f"Token {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case):
            if "org_slug" in (case.path_parameters or {}):
                case.path_parameters["org_slug"] = org.slug
            case.call_and_validate(headers=headers, checks=CHECKS)

        exercise()
