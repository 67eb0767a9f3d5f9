"""Checks of the production deployment: docker-compose.yml and the Dockerfile.

No Docker engine is needed: Docker Compose validates docker-compose.yml
offline (`config -q`), and the rest reads the files and checks what a
deployment relies on.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
SETTINGS_FILES = [ROOT / "ipsfidelity" / "settings.py", ROOT / "ipsfidelity" / "env.py"]

# The services that run the app image, and the long-running ones among them.
APP_SERVICES = ("migrate", "web", "worker", "beat")
APP_PROCESSES = ("web", "worker", "beat")

# Set in docker-compose.yml before settings.py reads them: the certificate for
# signing PDF reports (filled in by the reports work).
LATER_FEATURE_VARIABLES = {"SIGNING_PKCS12_PATH", "SIGNING_PKCS12_PASSPHRASE"}

# What production must set in .env: compose refuses to start without them.
REQUIRED_FROM_ENV_FILE = (
    "SECRET_KEY",
    "POSTGRES_PASSWORD",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose: dict) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def shared(compose: dict) -> dict:
    """The x-app extension field that the app services merge in."""
    return compose["x-app"]


def mounts(service: dict) -> dict[str, str]:
    """Map each mount target in the container to its source."""
    result = {}
    for entry in service.get("volumes", []):
        if isinstance(entry, str):
            source, target = entry.split(":")[:2]
        else:
            source, target = entry.get("source", ""), entry["target"]
        result[target] = source
    return result


def depends_on(service: dict) -> dict[str, str]:
    """Map each service this one depends on to the condition it waits for."""
    dependencies = service.get("depends_on", {})
    if isinstance(dependencies, list):
        return dict.fromkeys(dependencies, "service_started")
    return {name: spec.get("condition", "service_started") for name, spec in dependencies.items()}


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) for each instruction, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def compose_config(home: Path, *, without: str | None = None) -> subprocess.CompletedProcess:
    """Run Docker Compose's offline validation with the required .env settings."""
    tool = shutil.which("docker-compose")
    if tool is None:
        skip_or_fail("needs docker-compose (Debian package docker-compose) to validate the file")
    env = {"PATH": os.environ["PATH"], "HOME": str(home)}
    env.update({name: "set-in-env-file" for name in REQUIRED_FROM_ENV_FILE if name != without})
    return subprocess.run(
        [tool, "--project-directory", str(ROOT), "-f", str(COMPOSE_FILE), "config", "-q"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_compose_accepts_the_file_with_the_required_settings(tmp_path):
    result = compose_config(tmp_path)
    assert result.returncode == 0, result.stderr


def test_compose_refuses_to_start_without_the_secret_key(tmp_path):
    result = compose_config(tmp_path, without="SECRET_KEY")
    assert result.returncode != 0 and "set SECRET_KEY in .env" in result.stderr


def test_the_app_services_are_the_ones_expected(services):
    assert set(APP_SERVICES) | {"postgres", "redis"} == set(services)


def test_every_long_running_service_has_a_healthcheck(services):
    long_running = [name for name, service in services.items() if service.get("restart") != "no"]
    assert set(long_running) == {"postgres", "redis", *APP_PROCESSES}
    for name in long_running:
        healthcheck = services[name].get("healthcheck", {})
        assert healthcheck.get("test"), f"{name} has no healthcheck"
        assert not healthcheck.get("disable"), f"{name} disables its healthcheck"


def test_every_long_running_service_is_restarted_after_a_failure(services):
    for name, service in services.items():
        if name != "migrate":
            assert service.get("restart") in {"always", "unless-stopped", "on-failure"}, name


def test_migrate_runs_once_and_applies_the_migrations(services):
    migrate = services["migrate"]
    assert migrate["restart"] == "no"
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert depends_on(migrate) == {"postgres": "service_healthy"}


def test_web_worker_and_beat_get_the_same_image_and_environment_from_the_shared_anchor(
    services, shared
):
    assert shared["environment"], "x-app sets no environment"
    for name in APP_SERVICES:
        service = services[name]
        assert service["image"] == shared["image"], name
        assert service["build"] == shared["build"], name
        assert service["environment"] == shared["environment"], name


def test_web_waits_for_migrate_to_complete_and_the_databases_to_be_healthy(services):
    assert depends_on(services["web"]) == {
        "migrate": "service_completed_successfully",
        "postgres": "service_healthy",
        "redis": "service_healthy",
    }


def test_worker_and_beat_start_after_migrate_once_redis_is_healthy(services):
    for name in ("worker", "beat"):
        waits_for = depends_on(services[name])
        assert waits_for["migrate"] == "service_completed_successfully", name
        assert waits_for["redis"] == "service_healthy", name


def test_the_media_volume_is_mounted_in_web_and_worker_at_media_root(compose, services, shared):
    media_root = shared["environment"]["MEDIA_ROOT"]
    sources = {name: mounts(services[name]).get(media_root) for name in ("web", "worker")}
    assert sources["web"], f"web does not mount {media_root}"
    assert sources["web"] == sources["worker"], "web and worker mount different media volumes"
    assert sources["web"] in compose["volumes"], "the media volume is not a named volume"


def test_postgres_and_redis_data_are_on_named_volumes(compose, services):
    for name, data_dir in (("postgres", "/var/lib/postgresql/data"), ("redis", "/data")):
        source = mounts(services[name]).get(data_dir)
        assert source in compose["volumes"], f"{name} keeps {data_dir} on no named volume"


def test_beat_keeps_its_schedule_file_on_a_volume(compose, services):
    beat = services["beat"]
    command = beat["command"]
    schedule = Path(command[command.index("--schedule") + 1])
    assert mounts(beat).get(str(schedule.parent)) in compose["volumes"]


def test_worker_and_beat_run_celery_for_the_project(services):
    assert services["worker"]["command"][:4] == ["celery", "-A", "ipsfidelity", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "ipsfidelity", "beat"]


def test_every_app_environment_variable_is_read_by_the_settings(services):
    settings_text = "\n".join(path.read_text() for path in SETTINGS_FILES)
    names = {name for service in APP_SERVICES for name in services[service]["environment"]}
    unread = {
        name
        for name in names - LATER_FEATURE_VARIABLES
        if not re.search(rf"[\"']{re.escape(name)}[\"']", settings_text)
    }
    assert unread == set(), "set in docker-compose.yml but read nowhere in the settings"


def test_secrets_and_public_addresses_must_be_set_in_the_env_file():
    text = COMPOSE_FILE.read_text()
    for name in REQUIRED_FROM_ENV_FILE:
        assert f"${{{name}:?" in text, f"{name} is not required from .env"
        assert not re.search(rf"\$\{{{name}:?-", text), f"{name} has a default"


def test_dockerfile_cmd_runs_gunicorn_and_web_uses_it(services):
    commands = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "CMD"]
    assert commands, "the Dockerfile has no CMD"
    argv = json.loads(commands[-1])
    assert argv[0] == "gunicorn"
    assert argv[1].startswith("ipsfidelity.wsgi")
    assert "command" not in services["web"], "web replaces the image's gunicorn command"


def test_dockerfile_runs_the_app_as_a_non_root_user():
    users = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "USER"]
    assert users, "the Dockerfile never leaves root"
    assert users[-1].split(":")[0] not in {"root", "0"}
