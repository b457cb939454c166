"""Settings fail fast with a message naming the variable, refuse a missing or default
SECRET_KEY with DEBUG off, and `check --deploy` is clean for a production environment.

Each case starts a fresh interpreter with a crafted environment (no ENFORCEMENT_TESTING,
no pytest in the child), cwd the project, so that settings.py runs as in production. The
children run in parallel to keep this quick.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SETUP = [sys.executable, "-c", "import django; django.setup(); print('started')"]
CHECK_DEPLOY = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
GOOD_KEY = secrets.token_urlsafe(50)


def _env(tmp: Path, **overrides: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "enforcement.settings",
        "DATABASE_URL": f"sqlite:///{tmp / 'settings-test.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "STATIC_ROOT": str(tmp / "static"),
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


CASES: dict[str, tuple[list[str], dict[str, str | None]]] = {
    "db_bad_port": (SETUP, {"DEBUG": "1", "DATABASE_URL": "postgres://u@localhost:notaport/db"}),
    "db_unknown_scheme": (SETUP, {"DEBUG": "1", "DATABASE_URL": "foo://bar/baz"}),
    "db_empty": (SETUP, {"DEBUG": "1", "DATABASE_URL": ""}),
    "no_secret": (SETUP, {"DEBUG": "0", "ALLOWED_HOSTS": "example.gov.cn"}),
    "default_secret": (
        SETUP,
        {
            "DEBUG": "0",
            "SECRET_KEY": "dev-insecure-secret-change-me",
            "ALLOWED_HOSTS": "example.gov.cn",
        },
    ),
    "short_secret": (SETUP, {"DEBUG": "0", "SECRET_KEY": "abc", "ALLOWED_HOSTS": "example.gov.cn"}),
    "bad_debug": (SETUP, {"DEBUG": "maybe"}),
    "bad_redis": (SETUP, {"DEBUG": "1", "REDIS_URL": "http://localhost:6379"}),
    "deploy": (
        CHECK_DEPLOY,
        {"DEBUG": "0", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "example.gov.cn"},
    ),
    "debug_ok": (SETUP, {"DEBUG": "1"}),
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    tmp = tmp_path_factory.mktemp("settings")
    running = {
        name: subprocess.Popen(
            argv,
            cwd=ROOT,
            env=_env(tmp, **extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, (argv, extra) in CASES.items()
    }
    results = {}
    for name, proc in running.items():
        out, err = proc.communicate(timeout=120)
        results[name] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return results


def _last_line(result: subprocess.CompletedProcess) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def test_child_is_not_in_test_mode(outcomes):
    """The reference case starts; it proves the crafted environment itself is fine."""
    result = outcomes["debug_ok"]
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_bad_database_url_names_the_variable(outcomes):
    result = outcomes["db_bad_port"]
    assert result.returncode != 0
    assert "DATABASE_URL" in _last_line(result)


@pytest.mark.parametrize("case", ["db_unknown_scheme", "db_empty"])
def test_unusable_database_url_names_the_variable(outcomes, case):
    result = outcomes[case]
    assert result.returncode != 0
    assert "DATABASE_URL" in _last_line(result)


@pytest.mark.parametrize("case", ["no_secret", "default_secret", "short_secret"])
def test_debug_off_refuses_a_missing_default_or_short_secret_key(outcomes, case):
    result = outcomes[case]
    assert result.returncode != 0
    assert "ImproperlyConfigured" in _last_line(result)
    assert "SECRET_KEY" in _last_line(result)


@pytest.mark.parametrize(("case", "variable"), [("bad_debug", "DEBUG"), ("bad_redis", "REDIS_URL")])
def test_bad_values_name_their_variable(outcomes, case, variable):
    result = outcomes[case]
    assert result.returncode != 0
    assert variable in _last_line(result)


def test_check_deploy_is_clean(outcomes):
    result = outcomes["deploy"]
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_security_settings_shape():
    """What `check --deploy` cannot see: lockout and session policy of the issue."""
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    validators = {v["NAME"].rsplit(".", 1)[-1]: v for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert validators["MinimumLengthValidator"]["OPTIONS"]["min_length"] == 8
    script_src = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
    assert "'unsafe-inline'" not in script_src
