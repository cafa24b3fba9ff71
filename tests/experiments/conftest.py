from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from experiments.services import create_experiment

ARMS = [
    {"key": "score", "label": "Order by score", "kind": "ranking", "weights": None},
    {"key": "gewoon", "label": "Plain order", "kind": "plain", "weights": None},
]


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def make_experiment(dave):
    def make(network, *, starts_in=0, days=30, arms=None, name="Score or plain", **fields):
        today = timezone.localdate()
        return create_experiment(
            network=network,
            by=dave if network.coordinators.filter(pk=dave.pk).exists() else _staff(),
            name=name,
            arms=arms or ARMS,
            consent_text="We test which order helps most. You can stop at any time.",
            starts_on=today + timedelta(days=starts_in),
            ends_on=today + timedelta(days=starts_in + days),
            **fields,
        )

    return make


def _staff():
    from tests.network.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def experiment(make_experiment, network_a):
    """A running experiment in network_a (dave's network), with two arms."""
    return make_experiment(network_a)


@pytest.fixture
def case_in_a(case, network_a):
    case.network = network_a
    case.save(update_fields=["network"])
    return case
