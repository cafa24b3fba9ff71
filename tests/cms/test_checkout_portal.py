"""Subscribing through Stripe Checkout and managing it in the Customer Portal, over HTTP."""

import json

import pytest
from django.urls import reverse

from cms.billing.models import Plan, Subscription
from network.models import Membership
from tests.cms.recorded_stripe import RECORDED, RecordedStripe

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded_stripe(settings):
    with RecordedStripe() as server:
        settings.STRIPE_SECRET_KEY = "sk_test_passendwerk"
        settings.STRIPE_API_BASE = server.url
        settings.BILLING_ENABLED = True
        yield server


@pytest.fixture
def membership(carol_link, network_a):
    return Membership.objects.get(employer=carol_link.employer, network=network_a)


@pytest.fixture
def plan(network_a):
    plan = Plan.objects.create(
        name="Basis",
        monthly_price_cents=2500,
        yearly_price_cents=25000,
        stripe_product_id="prod_1",
        stripe_monthly_price_id="price_m",
        stripe_yearly_price_id="price_y",
    )
    plan.networks.add(network_a)
    return plan


def test_an_active_member_subscribes_through_stripe_checkout(client, recorded_stripe, carol, membership, plan):
    client.force_login(carol)
    html = client.get(reverse("billing:overview")).content.decode()
    assert "Basis" in html and "25,00" in html and "250,00" in html
    response = client.post(reverse("billing:checkout", args=[membership.pk]), {"plan": plan.pk, "interval": "year"})
    recorded = json.loads((RECORDED / "checkout_session.json").read_text())
    assert response.status_code == 302 and response["Location"] == recorded["url"]
    path, sent, authorization = recorded_stripe.requests[-1]
    assert path == "/v1/checkout/sessions" and authorization == "Bearer sk_test_passendwerk"
    assert sent["mode"] == "subscription" and sent["line_items[0][price]"] == "price_y"
    assert sent["client_reference_id"] == str(membership.pk) and sent["customer_email"] == "carol@example.nl"
    assert sent["subscription_data[metadata][membership_id]"] == str(membership.pk)
    assert not any("card" in key for key in sent)  # no card data passes through us


def test_a_plan_of_another_network_or_an_inactive_membership_is_refused(
    client, recorded_stripe, carol, membership, plan, network_b
):
    other = Plan.objects.create(
        name="Twente", monthly_price_cents=1000, yearly_price_cents=10000, stripe_monthly_price_id="price_t"
    )
    other.networks.add(network_b)
    client.force_login(carol)
    response = client.post(reverse("billing:checkout", args=[membership.pk]), {"plan": other.pk}, follow=True)
    assert "Kies een van de abonnementen" in response.content.decode() and not recorded_stripe.requests
    Membership.objects.filter(pk=membership.pk).update(status="suspended")
    response = client.post(reverse("billing:checkout", args=[membership.pk]), {"plan": plan.pk}, follow=True)
    assert not recorded_stripe.requests


def test_the_customer_portal_opens_for_a_paying_member(client, recorded_stripe, carol, membership):
    Subscription.objects.create(membership=membership, stripe_customer_id="cus_T1", status="active")
    Membership.objects.filter(pk=membership.pk).update(billing_status="active")
    client.force_login(carol)
    response = client.post(reverse("billing:portal", args=[membership.pk]))
    recorded = json.loads((RECORDED / "portal_session.json").read_text())
    assert response.status_code == 302 and response["Location"] == recorded["url"]
    assert recorded_stripe.requests[-1][1]["customer"] == "cus_T1"


def test_others_cannot_pay_for_a_membership(client, recorded_stripe, membership, plan, alice, dave):
    from tests.network.factories import EmployerStaffFactory

    for user, status in ((alice, 403), (dave, 403), (EmployerStaffFactory().user, 404)):
        client.force_login(user)
        assert client.post(reverse("billing:checkout", args=[membership.pk]), {"plan": plan.pk}).status_code == status
    assert not recorded_stripe.requests


def test_with_billing_off_nothing_reaches_stripe(client, carol, membership, plan):
    client.force_login(carol)
    response = client.post(reverse("billing:checkout", args=[membership.pk]), {"plan": plan.pk}, follow=True)
    assert "Online betalen staat uit" in response.content.decode()
