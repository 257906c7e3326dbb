"""Every management command that DP Assure adds, run as a user would run it."""

import io

import pytest
from django.core.management import CommandError, call_command

from dpassure.organisations.models import Membership, Organisation, Person
from tests.factories import UserFactory


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_policing_bodies_is_idempotent():
    assert run("load_policing_bodies") == "Policing bodies: 43 created, 0 updated.\n"
    assert run("load_policing_bodies") == "Policing bodies: 0 created, 0 updated.\n"
    assert Organisation.objects.count() == 43
    mopac = Organisation.objects.get(body_type="MAYOR_LONDON_MOPAC")
    assert mopac.force_area.startswith("Metropolitan Police")
    assert Organisation.objects.filter(body_type="PFCC").count() == 4


@pytest.mark.django_db
def test_demo_loads_fictional_organisations_idempotently():
    first = run("demo", "--no-serve")
    assert "wessex-demo-2026" in first and "dpo" in first
    people = Person.objects.count()
    assert people > 600
    second = run("demo", "--no-serve")
    assert "0 requests for personal data, 0 incidents and 0 training records added" in second
    assert Person.objects.count() == people
    demo = Organisation.objects.filter(is_demo=True)
    assert {o.slug for o in demo} == {
        "wessex-police",
        "opcc-wessex",
        "northern-assurance",
        *(f"opcc-{area}" for area in ("elmet", "rheged", "lyonesse", "avalon")),
    }
    real = Organisation.objects.filter(is_demo=False)
    assert not Person.objects.filter(organisation__in=real).exists()


@pytest.mark.django_db
def test_api_token_prints_the_same_token_each_time():
    UserFactory(username="robot")
    first = run("api_token", "robot").strip()
    assert len(first) == 40 and run("api_token", "robot").strip() == first
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        run("api_token", "nobody")


@pytest.mark.django_db
def test_grant_role_creates_then_updates(org):
    UserFactory(username="first-admin")
    assert "administrator" in run("grant_role", "first-admin", org.slug, "admin")
    run("grant_role", "first-admin", org.slug, "dpo")
    membership = Membership.objects.get(user__username="first-admin")
    assert membership.role == "dpo" and membership.history.count() == 2
    with pytest.raises(CommandError, match="No organisation"):
        run("grant_role", "first-admin", "nowhere", "dpo")


def test_serve_uses_gunicorn():
    assert run("serve", "--dry-run", "--workers", "2").startswith(
        "gunicorn dpassure.wsgi:application --bind 0.0.0.0:8000 --workers 2"
    )


@pytest.mark.django_db(transaction=True)
def test_worker_runs_queued_tasks_then_stops(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    from dpassure.core.tasks import ping

    result = ping.enqueue("hello")
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"
    run("worker", "--batch")
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"


def test_cli_maps_dashed_names_to_commands(capsys):
    from dpassure.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["dpassure", "load-policing-bodies", "--help"])
    assert exit_info.value.code == 0
    assert "policing body" in capsys.readouterr().out
