"""deploy/ stays complete: every variable is in deploy/.env.example and README.md, the scripts parse."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"

READ_IN_PYTHON = re.compile(
    r"""\benv(?:bool|int|list)?\(\s*["']([A-Z][A-Z0-9_]+)["']|"""
    r"""os\.environ\.get\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)
INTERPOLATED = re.compile(r"\$\{([A-Z][A-Z0-9_]+)(?::?-)")
NOT_CONFIGURATION = {"DJANGO_SETTINGS_MODULE", "PATH", "HOME"}


def names_read_by(path: Path, pattern=READ_IN_PYTHON) -> set[str]:
    found = set()
    for match in pattern.finditer(path.read_text()):
        found.update(group for group in match.groups() if group)
    return found - NOT_CONFIGURATION


def settings_variables() -> set[str]:
    return names_read_by(ROOT / "config" / "settings.py")


def example_variables() -> set[str]:
    text = (DEPLOY / ".env.example").read_text()
    return {match.group(1) for match in re.finditer(r"^(?:# )?([A-Z][A-Z0-9_]+)=", text, re.MULTILINE)}


def test_env_example_lists_every_variable():
    wanted = (
        settings_variables()
        | names_read_by(DEPLOY / "gunicorn.conf.py")
        | names_read_by(DEPLOY / "healthcheck.py")
        | names_read_by(DEPLOY / "docker-compose.yml", INTERPOLATED)
        | {"BACKUP_DIR", "BACKUP_KEEP"}
    )
    missing = sorted(wanted - example_variables())
    assert not missing, f"add these to deploy/.env.example: {missing}"


PRODUCTION_VARIABLES = {
    "LOG_FORMAT",
    "LOG_REQUESTS",
    "SENTRY_DSN",
    "SENTRY_ENVIRONMENT",
    "SENTRY_RELEASE",
    "SENTRY_TRACES_SAMPLE_RATE",
    "CSP_REPORT_URI",
    "CSP_REPORT_ONLY",
    "ELASTICSEARCH_USERNAME",
    "ELASTICSEARCH_PASSWORD",
    "ELASTICSEARCH_CA_CERTS",
    "EMAIL_USE_SSL",
    "EMAIL_TIMEOUT",
}


def test_the_production_variables_are_read_and_documented():
    assert settings_variables() >= PRODUCTION_VARIABLES
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    missing = sorted(PRODUCTION_VARIABLES - documented)
    assert not missing, f"add these to the configuration table in README.md: {missing}"


@pytest.mark.parametrize("script", ["backup.sh", "restore.sh", "compose-check.sh"])
def test_shell_scripts_parse(script):
    subprocess.run(["bash", "-n", str(DEPLOY / script)], check=True)


@pytest.mark.skipif(
    not shutil.which("caddy") and not os.environ.get("REQUIRE_CADDY"),
    reason="caddy is not installed (apt-get install caddy to check); .ci/run installs it",
)
def test_caddyfile_is_valid():
    result = subprocess.run(
        ["caddy", "adapt", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"],
        env={"SITE_DOMAIN": "passendwerk.example.nl"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
