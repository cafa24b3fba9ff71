"""Employer billing: plans (managed in the CMS), subscriptions and the Stripe events that move them.

Workers never pay. A membership's billing state lives on `network.Membership.billing_status` and is
only changed through `network.services.membership_set_billing_status`.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class Plan(models.Model):
    """A membership plan. Prices are synced to Stripe by `manage.py sync_stripe_plans`."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), max_length=500, blank=True)
    monthly_price_cents = models.PositiveIntegerField(
        _("price per month (cents, excl. VAT)"), validators=[MinValueValidator(1)]
    )
    yearly_price_cents = models.PositiveIntegerField(
        _("price per year (cents, excl. VAT)"), validators=[MinValueValidator(1)]
    )
    included_vacancies = models.PositiveSmallIntegerField(_("published vacancies included"), default=5)
    networks = models.ManyToManyField(
        "network.Network", related_name="plans", blank=True, verbose_name=_("offered in networks")
    )
    active = models.BooleanField(_("offered"), default=True)
    stripe_product_id = models.CharField(max_length=100, blank=True, editable=False)
    stripe_monthly_price_id = models.CharField(max_length=100, blank=True, editable=False)
    stripe_yearly_price_id = models.CharField(max_length=100, blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("monthly_price_cents"), FieldPanel("yearly_price_cents")], heading=_("Price")),
        FieldPanel("included_vacancies"),
        FieldPanel("networks"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["monthly_price_cents", "name"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return self.name

    @property
    def monthly_euros(self) -> str:
        return _euros(self.monthly_price_cents)

    @property
    def yearly_euros(self) -> str:
        return _euros(self.yearly_price_cents)

    def price_id(self, interval: str) -> str:
        return self.stripe_yearly_price_id if interval == "year" else self.stripe_monthly_price_id


def _euros(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


class Subscription(models.Model):
    """A membership's Stripe subscription, as last told by Stripe (webhooks) or the reconcile job."""

    membership = models.OneToOneField("network.Membership", on_delete=models.CASCADE, related_name="subscription")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="subscriptions")
    interval = models.CharField(max_length=5, default="month")
    stripe_customer_id = models.CharField(max_length=100, blank=True, db_index=True)
    stripe_subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    status = models.CharField(max_length=30, blank=True)  # Stripe's own status
    current_period_end = models.DateTimeField(null=True, blank=True)
    stripe_updated = models.PositiveBigIntegerField(default=0)  # `created` of the newest event applied
    past_due_since = models.DateTimeField(null=True, blank=True)
    unpublished_at = models.DateTimeField(null=True, blank=True)  # vacancies taken offline for non-payment
    last_payment_failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self):
        return f"subscription of membership #{self.membership_id} ({self.status or '-'})"


class StripeEvent(models.Model):
    """Every correctly signed webhook delivery, stored raw before it is processed (once).

    A signed delivery that is not a usable event is stored too, normalised so that storing cannot fail
    (see `cms.billing.webhooks.receive`), with `failure` saying why; it is shown in the CMS billing overview.
    """

    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100)
    created = models.PositiveBigIntegerField()  # Stripe's timestamp of the event
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    failure = models.CharField(max_length=200, blank=True)  # why the event could not be applied; blank: it was

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["-received_at"], condition=~models.Q(failure=""), name="cms_stripeevent_failed")
        ]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.type} {self.event_id}"
