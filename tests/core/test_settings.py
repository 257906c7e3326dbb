"""Production settings pass Django's deployment checks; settings come from the environment."""

import os
import subprocess
import sys

PRODUCTION_ENV = {
    "DPASSURE_DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789-abcdefghijk",
    "ALLOWED_HOSTS": "dpassure.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


OUR_VARIABLES = ("DPASSURE_", "DJANGO_", "SECURE_", "SESSION_", "CSRF_")
OUR_NAMES = {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}


def clean_env() -> dict:
    """The test process's environment without any setting the suite itself put there."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(OUR_VARIABLES) and k not in OUR_NAMES
    }


def run_dpassure(*args, env):
    clean = clean_env()
    return subprocess.run(
        [sys.executable, "-m", "dpassure.cli", *args],
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "dpassure.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_warnings():
    result = run_dpassure("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_secret_key_is_required_outside_debug():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_dpassure("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_url_selects_postgresql():
    code = (
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://u:p@db.internal:5432/dpassure"}
    clean = clean_env()
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "dpassure.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "dpassure"], result.stderr


def test_demo_defaults_to_sqlite_in_the_data_directory(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    clean = clean_env()
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **clean,
            "DPASSURE_DEBUG": "true",
            "DPASSURE_DATA_DIR": str(tmp_path / "data"),
            "DJANGO_SETTINGS_MODULE": "dpassure.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == str(tmp_path / "data" / "dpassure.sqlite3"), result.stderr


def test_the_demo_runs_background_tasks_at_once_since_it_has_no_worker(tmp_path):
    code = (
        "import contextlib, io, os\n"
        "from dpassure import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    cli.main(['dpassure', 'demo', '--help'])\n"
        "from django.conf import settings\n"
        "print(settings.TASKS['default']['BACKEND'])"
    )
    env = {**clean_env(), "DPASSURE_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "django_tasks.backends.immediate.ImmediateBackend", (
        result.stderr
    )


def test_collectstatic_works_with_the_production_storage(tmp_path):
    """WhiteNoise's manifest storage refuses CSS that refers to a file we do not ship."""
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path / "static")}
    result = run_dpassure("collectstatic", "--noinput", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "dpassure/dpassure.css" in manifest
