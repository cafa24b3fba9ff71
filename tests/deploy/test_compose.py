"""The compose file, as `docker compose config` reads it (needs only the docker client and its compose
plugin; deploy/compose-check.sh installs the plugin where it is missing and runs this file)."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN_CONFIG = ROOT / ".venv" / "docker"


def compose(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if (PLUGIN_CONFIG / "cli-plugins" / "docker-compose").exists():
        env.setdefault("DOCKER_CONFIG", str(PLUGIN_CONFIG))
    return subprocess.run(
        ["docker", "compose", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def _compose_available() -> bool:
    try:
        return compose("version").returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


pytestmark = pytest.mark.skipif(
    not _compose_available(), reason="no docker compose here; deploy/compose-check.sh installs it and runs this"
)

LONG_RUNNING = {"web", "worker", "beat", "postgres", "redis", "elasticsearch", "proxy"}


@pytest.fixture(scope="module")
def config():
    result = compose(
        "--env-file", "deploy/.env.example", "-f", "deploy/docker-compose.yml", "config", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_services(config):
    assert set(config["services"]) == LONG_RUNNING | {"migrate"}


def test_health_checks_and_restart_policies(config):
    for name in LONG_RUNNING - {"proxy"}:
        assert config["services"][name]["healthcheck"]["test"], name
    for name in LONG_RUNNING:
        assert config["services"][name]["restart"] == "unless-stopped", name
    assert config["services"]["migrate"]["restart"] == "no"


def test_data_lives_in_named_volumes(config):
    mounts = {
        name: {volume["target"]: volume for volume in service.get("volumes", [])}
        for name, service in config["services"].items()
    }
    assert mounts["postgres"]["/var/lib/postgresql/data"]["type"] == "volume"
    assert mounts["redis"]["/data"]["type"] == "volume"
    assert mounts["elasticsearch"]["/usr/share/elasticsearch/data"]["type"] == "volume"
    assert mounts["web"]["/app/media"]["source"] == mounts["proxy"]["/srv/media"]["source"] == "media"
    assert {"postgres-data", "redis-data", "elasticsearch-data", "media"} <= set(config["volumes"])


def test_only_the_proxy_is_published(config):
    published = {name for name, service in config["services"].items() if service.get("ports")}
    assert published == {"proxy"}


def test_elasticsearch_runs_with_security_and_the_apps_log_in(config):
    elasticsearch = config["services"]["elasticsearch"]["environment"]
    assert elasticsearch["xpack.security.enabled"] == "true"
    assert elasticsearch["discovery.type"] == "single-node"
    assert config["services"]["elasticsearch"]["image"].split(":")[-1].startswith("8.")
    for name in ("web", "worker", "beat"):
        environment = config["services"][name]["environment"]
        assert environment["SEARCH_BACKEND"] == "elasticsearch"
        assert environment["ELASTICSEARCH_USERNAME"] == "elastic"
        assert environment["DEBUG"] == "false"


def test_the_apps_wait_for_migrations(config):
    for name in ("web", "worker", "beat"):
        assert config["services"][name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_parses_without_an_env_file():
    result = compose("-f", "deploy/docker-compose.yml", "config", "--quiet")
    assert result.returncode == 0, result.stderr


def test_the_elasticsearch_cluster_override():
    result = compose(
        "--env-file",
        "deploy/.env.example",
        "-f",
        "deploy/docker-compose.yml",
        "-f",
        "deploy/docker-compose.es-cluster.yml",
        "config",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    nodes = [services[name] for name in ("elasticsearch", "es02", "es03")]
    assert sorted(node["environment"]["node.name"] for node in nodes) == ["es01", "es02", "es03"]
    for node in nodes:
        environment = node["environment"]
        assert "discovery.type" not in environment
        assert environment["xpack.security.enabled"] == "true"
        assert environment["xpack.security.transport.ssl.enabled"] == "true"
        assert environment["discovery.seed_hosts"] == "es01,es02,es03"
        assert node["healthcheck"]["test"] and node["restart"] == "unless-stopped"
    assert len({node["volumes"][0]["source"] for node in nodes}) == 3
    assert services["elasticsearch-certs"]["restart"] == "no"
