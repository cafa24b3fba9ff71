"""Billing gates publishing: unpaid members cannot publish, the plan's quota holds, an overdue fee takes
vacancies offline after the grace period and a payment brings them back; offline invoicing without Stripe."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cms.billing.models import Plan, Subscription
from cms.billing.tasks import enforce_grace_period
from listings.models import Vacancy
from network.models import Membership, Role
from tests.cms import stripe_events as se
from tests.listings.factories import VacancyFactory
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db
SEARCH = "/api/v1/search/"


@pytest.fixture
def billing_on(settings):
    settings.BILLING_ENABLED = True
    settings.STRIPE_WEBHOOK_SECRET = se.SECRET


@pytest.fixture
def membership(carol_link, network_a):
    return Membership.objects.get(employer=carol_link.employer, network=network_a)


def submitted(carol_link, network_a):
    return VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        status=Vacancy.Status.SUBMITTED,
        published_at=None,
        openness_statement="Een buddy.",
    )


def found(client, vacancy) -> bool:
    results = client.post(SEARCH, {"page_size": 100}, content_type="application/json").json()["results"]
    return vacancy.pk in {result["id"] for result in results}


def test_an_unpaid_member_cannot_publish(client, billing_on, dave, carol_link, network_a):
    vacancy = submitted(carol_link, network_a)
    client.force_login(dave)
    response = client.post(reverse("listings:moderation_approve", args=[vacancy.pk]), follow=True)
    assert "niet betaald" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.SUBMITTED


def test_publishing_beyond_the_plans_quota_is_refused(client, billing_on, dave, carol_link, network_a, membership):
    plan = Plan.objects.create(name="Klein", monthly_price_cents=1500, yearly_price_cents=15000, included_vacancies=1)
    Subscription.objects.create(membership=membership, plan=plan, status="active")
    Membership.objects.filter(pk=membership.pk).update(billing_status="active")
    VacancyFactory(employer=carol_link.employer, network=network_a)  # already one online
    vacancy = submitted(carol_link, network_a)
    client.force_login(dave)
    response = client.post(reverse("listings:moderation_approve", args=[vacancy.pk]), follow=True)
    assert "Klein" in response.content.decode() and "1 gepubliceerde vacatures" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.SUBMITTED


def test_overdue_past_the_grace_period_goes_offline_and_a_payment_brings_it_back(
    client, billing_on, stripe_on, stripe_plan, carol_link, network_a, membership, django_capture_on_commit_callbacks
):
    vacancy = VacancyFactory(employer=carol_link.employer, network=network_a)
    published_at = vacancy.published_at
    remote = se.Remote(stripe_on, stripe_plan, membership.pk)
    remote.fail_payment()
    payment_failed = timezone.now()
    Subscription.objects.create(
        membership=membership,
        status="past_due",
        stripe_subscription_id=remote.subscription,
        stripe_customer_id=remote.customer,
        past_due_since=payment_failed,
    )
    Membership.objects.filter(pk=membership.pk).update(billing_status="past_due")
    with time_machine.travel(payment_failed + timedelta(days=13)):  # still within the 14 days' grace
        assert enforce_grace_period.delay().get() == {"taken_offline": 0, "restored": 0}
    with time_machine.travel(payment_failed + timedelta(days=15)):  # past it: offline until paid
        with django_capture_on_commit_callbacks(execute=True):
            assert enforce_grace_period.delay().get() == {"taken_offline": 1, "restored": 0}
        vacancy.refresh_from_db()
        assert vacancy.status == Vacancy.Status.SUSPENDED and not found(client, vacancy)
        assert "offline" in mail.outbox[-1].subject and mail.outbox[-1].to == ["carol@example.nl"]
        assert enforce_grace_period.delay().get() == {"taken_offline": 0, "restored": 0}  # idempotent

    with time_machine.travel(payment_failed + timedelta(days=16)):  # the next day Carol pays
        remote.pay()
        payload = se.event(
            "invoice.paid", se.invoice(sub_id=remote.subscription, customer=remote.customer), created=int(time.time())
        )
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/billing/stripe/webhook/",
                payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=se.signature(payload),
            )
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED and vacancy.published_at == published_at
    assert found(client, vacancy) and "weer online" in mail.outbox[-1].subject


def test_without_stripe_coordinators_mark_members_invoiced_offline(client, dave, carol, membership, network_b):
    url = reverse("network:membership_invoiced", args=[membership.pk])
    client.force_login(carol)
    assert client.post(url).status_code == 403
    other = UserFactory(role=Role.COORDINATOR, mfa=True)
    network_b.coordinators.add(other)
    client.force_login(other)
    assert client.post(url).status_code == 404
    client.force_login(dave)
    response = client.post(url, follow=True)
    assert "per factuur" in response.content.decode()
    membership.refresh_from_db()
    assert membership.billing_status == "invoiced"
    client.post(url, {"undo": ""})
    membership.refresh_from_db()
    assert membership.billing_status == "none"
    client.force_login(carol)
    assert "Online betalen staat uit" in client.get(reverse("billing:overview")).content.decode()
