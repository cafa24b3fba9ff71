"""Plan sync and subscription reconciliation against localstripe, over HTTP."""

import pytest
from django.core.management import call_command

from cms.billing.models import Plan, Subscription
from network.models import Membership

pytestmark = pytest.mark.django_db


def test_plans_are_synced_once_and_a_new_price_replaces_a_changed_one(stripe_on, capsys):
    plan = Plan.objects.create(name="Basis", monthly_price_cents=2500, yearly_price_cents=25000)
    call_command("sync_stripe_plans")
    plan.refresh_from_db()
    assert plan.stripe_product_id and plan.stripe_monthly_price_id and plan.stripe_yearly_price_id
    monthly = stripe_on.v1.plans.retrieve(plan.stripe_monthly_price_id)
    assert (monthly.amount, monthly.interval, monthly.currency, monthly.product) == (
        2500,
        "month",
        "eur",
        plan.stripe_product_id,
    )
    first = (plan.stripe_product_id, plan.stripe_monthly_price_id, plan.stripe_yearly_price_id)
    capsys.readouterr()
    call_command("sync_stripe_plans")
    assert "Basis: up to date" in capsys.readouterr().out
    plan.refresh_from_db()
    assert (plan.stripe_product_id, plan.stripe_monthly_price_id, plan.stripe_yearly_price_id) == first

    Plan.objects.filter(pk=plan.pk).update(monthly_price_cents=2900, name="Basis plus")
    call_command("sync_stripe_plans")
    plan.refresh_from_db()
    assert plan.stripe_monthly_price_id != first[1] and plan.stripe_yearly_price_id == first[2]
    assert stripe_on.v1.plans.retrieve(plan.stripe_monthly_price_id).amount == 2900
    assert stripe_on.v1.products.retrieve(plan.stripe_product_id).name == "Basis plus"


def test_reconcile_repairs_a_missed_webhook(stripe_on, carol_link, network_a):
    membership = Membership.objects.get(employer=carol_link.employer, network=network_a)
    product = stripe_on.v1.products.create({"name": "Basis"})
    price = stripe_on.v1.plans.create({"amount": 2500, "currency": "eur", "interval": "month", "product": product.id})
    customer = stripe_on.v1.customers.create(
        {
            "email": "carol@example.nl",
            "payment_method": "pm_card_visa",
            "invoice_settings": {"default_payment_method": "pm_card_visa"},
        }
    )
    remote = stripe_on.v1.subscriptions.create({"customer": customer.id, "items": [{"plan": price.id}]})
    assert remote.status == "active"
    # Our side missed the webhooks: it still thinks the first payment failed.
    Subscription.objects.create(
        membership=membership, stripe_customer_id=customer.id, stripe_subscription_id=remote.id, status="past_due"
    )
    Membership.objects.filter(pk=membership.pk).update(billing_status="past_due")

    call_command("reconcile_subscriptions")
    membership.refresh_from_db()
    assert (Subscription.objects.get().status, membership.billing_status) == ("active", "active")

    stripe_on.v1.subscriptions.cancel(remote.id)  # the deletion webhook never arrived
    call_command("reconcile_subscriptions")
    membership.refresh_from_db()
    assert membership.billing_status == "canceled"


def test_without_keys_the_commands_say_billing_is_off(settings):
    from django.core.management.base import CommandError

    settings.BILLING_ENABLED = False
    for command in ("sync_stripe_plans", "reconcile_subscriptions"):
        with pytest.raises(CommandError, match="Billing is off"):
            call_command(command)
