import pytest
from django.core.management import CommandError, call_command

from network.models import Employer, EmployerStaff, Membership, Network, Region, Role, User

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "regions": sorted(Region.objects.values_list("slug", flat=True)),
        "networks": sorted(Network.objects.values_list("slug", flat=True)),
        "employers": sorted(Employer.objects.values_list("kvk_number", "name", "municipality")),
        "memberships": sorted(Membership.objects.values_list("employer__kvk_number", "network__slug", "status")),
        "users": sorted(User.objects.values_list("email", "role")),
        "staff": EmployerStaff.objects.count(),
    }


def test_loaddemo_creates_networks_employers_and_one_user_per_role(settings, capsys):
    settings.DEBUG = True
    call_command("loaddemo")
    assert Network.objects.count() >= 3
    assert Employer.objects.count() >= 30
    assert set(User.objects.values_list("role", flat=True)) >= set(Role.values)
    out = capsys.readouterr().out
    assert "PassendWerk-demo-2026" in out
    assert "coordinator@passendwerk.test" in out


def test_loaddemo_is_idempotent_and_deterministic(settings):
    settings.DEBUG = True
    call_command("loaddemo", seed=7)
    first = _snapshot()
    call_command("loaddemo", seed=7)
    assert _snapshot() == first


def test_loaddemo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("loaddemo")
    assert not User.objects.exists()
