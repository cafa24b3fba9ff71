"""Login rate limits count per client, also behind the proxy, and a direct client cannot pick its address."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.client import Client

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PROXY = "172.18.0.5"  # Caddy on the compose network: inside TRUSTED_PROXIES
FAILED_PER_MINUTE = 10  # allauth's "login_failed" limit per address


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def fail_login(client: Client, attempt: int, **headers):
    """A wrong password for a different address each time, so only the per-client limit can stop it."""
    response = client.post(
        reverse("account_login"), {"login": f"someone{attempt}@example.nl", "password": "wrong-password"}, **headers
    )
    return response.status_code, "Te veel inlogpogingen" in response.content.decode()


def limited_after(client: Client, attempts: int, **headers) -> list[bool]:
    return [fail_login(client, attempt, **headers)[1] for attempt in range(attempts)]


def test_two_clients_behind_the_proxy_are_limited_separately(behind_proxy):
    first, second = Client(REMOTE_ADDR=PROXY), Client(REMOTE_ADDR=PROXY)
    tries = limited_after(first, FAILED_PER_MINUTE + 1, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert tries == [False] * FAILED_PER_MINUTE + [True]
    # Through the same proxy address, another client still gets an ordinary answer.
    assert fail_login(second, 99, HTTP_X_FORWARDED_FOR="198.51.100.2") == (200, False)


def test_the_proxy_adds_the_client_last(behind_proxy):
    """Caddy appends the address it saw: what a client wrote before it counts for nothing."""
    client = Client(REMOTE_ADDR=PROXY)
    tries = [
        fail_login(client, attempt, HTTP_X_FORWARDED_FOR=f"10.9.9.{attempt}, 198.51.100.1")[1]
        for attempt in range(FAILED_PER_MINUTE + 1)
    ]
    assert tries[-1] is True


def test_a_direct_client_cannot_choose_its_address(behind_proxy):
    """Someone who reaches the server without the proxy is counted by their own address, whatever they send."""
    client = Client(REMOTE_ADDR="203.0.113.9")
    tries = [
        fail_login(client, attempt, HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")[1]
        for attempt in range(FAILED_PER_MINUTE + 1)
    ]
    assert tries == [False] * FAILED_PER_MINUTE + [True]


def test_without_the_proxy_the_header_is_ignored_too(settings):
    settings.BEHIND_PROXY = False
    client = Client(REMOTE_ADDR=PROXY)
    tries = [
        fail_login(client, attempt, HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")[1]
        for attempt in range(FAILED_PER_MINUTE + 1)
    ]
    assert tries[-1] is True


def test_the_deploy_settings_match():
    """docker-compose.yml puts the site behind one proxy (Caddy); with BEHIND_PROXY allauth trusts exactly one."""
    compose = (ROOT / "deploy" / "docker-compose.yml").read_text()
    assert 'BEHIND_PROXY: "true"' in compose
    code = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.BEHIND_PROXY)"
    for behind, expected in (("true", "1 True"), ("false", "0 False")):
        env = {**os.environ, "BEHIND_PROXY": behind, "DJANGO_SETTINGS_MODULE": "config.settings"}
        result = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); " + code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.split()[-2:] == expected.split()
