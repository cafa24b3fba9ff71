"""Regression: another employer leaving a network never takes that network out of anyone's editor."""

import pytest
from django.urls import reverse

from listings.selectors import networks_for_publishing
from network.models import Membership
from tests.network.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "other_status", [Membership.Status.ENDED, Membership.Status.SUSPENDED, Membership.Status.APPLIED]
)
def test_a_network_stays_available_whatever_other_memberships_do(client, carol, network_a, other_status):
    MembershipFactory(network=network_a, status=other_status)  # another employer: ended, declined, …
    employer = carol.employer_links.get().employer
    assert list(networks_for_publishing([employer])) == [network_a]
    client.force_login(carol)
    assert network_a.name in client.get(reverse("listings:vacancy_start")).content.decode()


def test_the_employers_own_ended_membership_is_not_offered(carol, network_a, network_b):
    employer = carol.employer_links.get().employer
    MembershipFactory(employer=employer, network=network_b, status=Membership.Status.ENDED)
    assert list(networks_for_publishing([employer])) == [network_a]
