"""Issue 7's promise over HTTP without the internet: subscribe, pay, fail a payment, lose and regain
publication, and the coordinator sees it all in the CMS. Checkout answers from recorded responses; the
subscription itself lives in localstripe, which the webhook handlers ask for its current state."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cms.billing.models import Subscription
from cms.billing.tasks import enforce_grace_period
from listings.models import Vacancy
from network.models import Membership
from tests.client import Client
from tests.cms import stripe_events as se
from tests.cms.recorded_stripe import RecordedStripe
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db


def webhook(event_type, obj, created):
    payload = se.event(event_type, obj, created=created)
    return Client().post(
        "/billing/stripe/webhook/",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=se.signature(payload),
    )


def searchable(vacancy) -> bool:
    results = Client().post("/api/v1/search/", {}, content_type="application/json").json()["results"]
    return vacancy.pk in {result["id"] for result in results}


def test_subscribe_pay_fail_lose_and_regain_publication(
    settings,
    stripe_on,
    stripe_plan,
    localstripe_url,
    carol,
    carol_link,
    dave,
    network_a,
    page_a,
    django_capture_on_commit_callbacks,
):
    settings.STRIPE_WEBHOOK_SECRET = se.SECRET
    membership = Membership.objects.get(employer=carol_link.employer, network=network_a)
    plan = stripe_plan
    plan.networks.add(network_a)
    employer, coordinator = Client(), Client()
    employer.force_login(carol)
    coordinator.force_login(dave)
    now = int(time.time())

    with RecordedStripe() as stripe_server:
        settings.STRIPE_API_BASE = stripe_server.url
        response = employer.post(reverse("billing:checkout", args=[membership.pk]), {"plan": plan.pk})
        assert response["Location"].startswith("https://checkout.stripe.com/")
    settings.STRIPE_API_BASE = localstripe_url
    # Carol pays on Stripe's page; Stripe creates the subscription and tells us how it went.
    remote = se.Remote(stripe_on, plan, membership.pk)
    webhook(
        "checkout.session.completed",
        se.checkout_completed(membership.pk, customer=remote.customer, subscription=remote.subscription),
        now,
    )
    webhook("customer.subscription.created", remote.event_object(), now + 1)
    membership.refresh_from_db()
    assert membership.billing_status == "active" and Subscription.objects.get().plan == plan

    vacancy = VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        status=Vacancy.Status.SUBMITTED,
        published_at=None,
        openness_statement="Een buddy.",
    )
    coordinator.post(reverse("listings:moderation_approve", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED and searchable(vacancy)

    remote.fail_payment()
    invoice = se.invoice(sub_id=remote.subscription, customer=remote.customer, status="open")
    with django_capture_on_commit_callbacks(execute=True):
        webhook("invoice.payment_failed", invoice, now + 2)
    payment_failed = timezone.now()

    with time_machine.travel(payment_failed + timedelta(days=settings.BILLING_GRACE_DAYS + 1)):  # grace period over
        with django_capture_on_commit_callbacks(execute=True):
            enforce_grace_period.delay()
        vacancy.refresh_from_db()
        assert vacancy.status == Vacancy.Status.SUSPENDED and not searchable(vacancy)
        coordinator.force_login(dave)  # a new visit: the login of two weeks ago has expired
        cms_page = coordinator.get(reverse("cms_billing")).content.decode()
        assert "betaling achterstallig" in cms_page and "Bakkerij Carol" in cms_page

        remote.pay()
        with django_capture_on_commit_callbacks(execute=True):
            webhook("invoice.paid", {**invoice, "status": "paid"}, int(time.time()))
        vacancy.refresh_from_db()
        membership.refresh_from_db()
        assert vacancy.status == Vacancy.Status.PUBLISHED and searchable(vacancy)
        assert membership.billing_status == "active"
        assert "betaald" in coordinator.get(reverse("cms_billing_membership", args=[membership.pk])).content.decode()
