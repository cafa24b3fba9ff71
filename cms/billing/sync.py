"""Plans in the CMS → Stripe products and recurring prices. Idempotent: only what differs is created.

Stripe prices cannot change their amount, so a changed price gets a new Stripe price and the old one
is switched off (existing subscriptions keep it until they change plan).
"""

from cms.billing.models import Plan
from cms.billing.stripe_api import client

CURRENCY = "eur"


def sync_plan(plan: Plan, stripe=None) -> list[str]:
    """What was done for this plan (empty when Stripe already matched)."""
    stripe = stripe or client()
    done = []
    if not plan.stripe_product_id:
        product = stripe.v1.products.create({"name": plan.name, "metadata": {"plan_id": str(plan.pk)}})
        plan.stripe_product_id = product.id
        done.append(f"product {product.id}")
    else:
        product = stripe.v1.products.retrieve(plan.stripe_product_id)
        if product.name != plan.name:
            stripe.v1.products.update(plan.stripe_product_id, {"name": plan.name})
            done.append(f"renamed product {product.id}")
    for interval, field, amount in (
        ("month", "stripe_monthly_price_id", plan.monthly_price_cents),
        ("year", "stripe_yearly_price_id", plan.yearly_price_cents),
    ):
        current = getattr(plan, field)
        if current:
            existing = stripe.v1.plans.retrieve(current)
            if existing.amount == amount and existing.interval == interval:
                continue
            stripe.v1.plans.update(current, {"active": False})
        created = stripe.v1.plans.create(
            {
                "amount": amount,
                "currency": CURRENCY,
                "interval": interval,
                "product": plan.stripe_product_id,
                "metadata": {"plan_id": str(plan.pk)},
            }
        )
        setattr(plan, field, created.id)
        done.append(f"{interval} price {created.id}")
    if done:
        plan.save(update_fields=["stripe_product_id", "stripe_monthly_price_id", "stripe_yearly_price_id"])
    return done
