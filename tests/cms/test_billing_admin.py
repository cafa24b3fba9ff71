"""Billing in the Wagtail admin: per network (members, plan, state, revenue, failed payments) and per member."""

import pytest
from django.urls import reverse

from cms.billing.models import Plan, StripeEvent, Subscription
from network.models import Membership
from tests.network.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def billed(carol_link, network_a, network_b, page_a):
    plan = Plan.objects.create(name="Basis", monthly_price_cents=2500, yearly_price_cents=24000)
    membership = Membership.objects.get(employer=carol_link.employer, network=network_a)
    Subscription.objects.create(
        membership=membership,
        plan=plan,
        status="active",
        interval="month",
        stripe_customer_id="cus_T1",
        stripe_subscription_id="sub_T1",
    )
    Membership.objects.filter(pk=membership.pk).update(billing_status="active")
    yearly = MembershipFactory(network=network_a, employer__name="Zorg Jaarlijks")
    Subscription.objects.create(membership=yearly, plan=plan, status="past_due", interval="year")
    Membership.objects.filter(pk=yearly.pk).update(billing_status="past_due")
    other = MembershipFactory(network=network_b, employer__name="Twentse Werkgever")
    StripeEvent.objects.create(
        event_id="evt_1",
        type="invoice.paid",
        created=1,
        outcome="status active",
        payload={"data": {"object": {"customer": "cus_T1"}}},
    )
    return membership, other


def test_staff_see_every_network_with_revenue_and_failed_payments(client, erin, billed):
    client.force_login(erin)
    html = client.get(reverse("cms_billing")).content.decode()
    assert "Netwerk Amsterdam" in html and "Netwerk Twente" in html
    assert "€ 45,00" in html or "€ 45.00" in html  # 25 a month + 240 a year / 12
    assert "Zorg Jaarlijks" in html and "Twentse Werkgever" in html


def test_a_coordinator_sees_only_their_networks(client, dave, billed):
    membership, other = billed
    client.force_login(dave)
    html = client.get(reverse("cms_billing")).content.decode()
    assert "Bakkerij Carol" in html and "Twentse Werkgever" not in html
    detail = client.get(reverse("cms_billing_membership", args=[membership.pk])).content.decode()
    assert "sub_T1" in detail and "invoice.paid" in detail
    assert client.get(reverse("cms_billing_membership", args=[other.pk])).status_code in (302, 403)


def test_employers_and_workers_have_no_cms_billing(client, carol, alice, billed):
    for user in (carol, alice):
        client.force_login(user)
        response = client.get(reverse("cms_billing"))
        assert response.status_code == 403  # a plain "no access" page, not a redirect to the login (a loop)
        assert "Het CMS is voor coördinatoren en beheerders." in response.content.decode()


def test_the_cms_says_when_online_payment_is_off(client, erin, billed):
    client.force_login(erin)
    assert "Online betalen staat uit (geen Stripe-sleutels)" in client.get(reverse("cms_billing")).content.decode()
