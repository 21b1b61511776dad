"""An operator's commands: manage.py works on the embedded default without extra environment,
refuses to guess a key in production, and `check --deploy` is clean with docs/operations.md's
production environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# docs/operations.md, "Production environment" (the deploy kit's environment file sets these).
PRODUCTION = {
    "PRODUCTION": "1",
    "HTTPS": "1",
    "ALLOWED_HOSTS": "siec.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://siec.example.org",
    "SITE_URL": "https://siec.example.org",
    "DATABASE_URL": "postgres://network@127.0.0.1:5432/network",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "TASK_BACKEND": "database",
    "EMAIL_HOST": "smtp.example.org",
    "FILE_SERVING": "nginx",
    "TRUSTED_PROXY_COUNT": "1",
}
CLEARED = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "VAR_DIR"}


def manage(*args: str, var_dir: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in CLEARED}
    environment.update(VAR_DIR=str(var_dir), **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def var_dir(tmp_path):
    """A var/ folder as `make setup` leaves it: a generated key and a migrated database."""
    (tmp_path / "secret_key").write_text(secrets.token_urlsafe(50) + "\n")
    return tmp_path


def test_commands_use_the_generated_key_without_any_environment(var_dir):
    assert manage("migrate", "--noinput", "-v0", var_dir=var_dir).returncode == 0
    created = manage(
        "create_member", "ola@example.org", "--password", "Dluga-fraza-123", var_dir=var_dir
    )
    assert created.returncode == 0, created.stderr
    # The member is in the database the next command reads.
    listed = manage(
        "shell",
        "--no-imports",
        "-c",
        "from members.models import User; print(User.objects.get().email)",
        var_dir=var_dir,
    )
    assert listed.stdout.strip() == "ola@example.org", listed.stderr


def test_without_a_key_the_error_names_the_variable_and_how_to_make_one(tmp_path):
    result = manage("check", var_dir=tmp_path)
    assert result.returncode != 0
    expected = (
        "Configuration error: SECRET_KEY is required when DEBUG is off: set it, or run "
        f"`make setup` (or `make run`) to generate {tmp_path / 'secret_key'}."
    )
    assert result.stderr.strip().splitlines() == [expected]


def test_production_never_reads_the_generated_key(var_dir):
    result = manage("check", var_dir=var_dir, **PRODUCTION)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Configuration error: SECRET_KEY is required when PRODUCTION is set."
    ]
    debug = manage("check", var_dir=var_dir, DEBUG="1", **PRODUCTION)
    assert debug.stderr.strip().splitlines() == [
        "Configuration error: DEBUG may not be on when PRODUCTION is set."
    ]


def test_check_deploy_is_clean_with_the_documented_production_environment(tmp_path):
    key = secrets.token_urlsafe(50)
    result = manage("check", "--deploy", var_dir=tmp_path, SECRET_KEY=key, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    # The same check does find the gaps when TLS is left out.
    plain = manage(
        "check", "--deploy", var_dir=tmp_path, SECRET_KEY=key, **{**PRODUCTION, "HTTPS": "0"}
    )
    assert "security.W004" in plain.stderr + plain.stdout
