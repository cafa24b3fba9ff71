import pytest
from wagtail.models import Page

from cms.models import HomePage, NetworkIndexPage, NetworkPage


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def network_index(home):
    return publish(home, NetworkIndexPage(title="Netwerken", slug="netwerken"))


@pytest.fixture
def page_a(network_index, network_a):
    return publish(
        network_index,
        NetworkPage(
            title="Netwerk Amsterdam",
            slug="amsterdam",
            network=network_a,
            intro="Werkgevers in Amsterdam die mensen een nieuwe kans geven.",
            contact_name="Dave Coördinator",
            contact_email="dave@example.nl",
            contact_phone="020 555 0101",
        ),
    )


@pytest.fixture
def page_b(network_index, network_b):
    return publish(
        network_index,
        NetworkPage(
            title="Netwerk Twente",
            slug="twente",
            network=network_b,
            intro="Werkgevers in Twente.",
        ),
    )


@pytest.fixture(scope="session")
def localstripe_url():
    """A real, stateful fake Stripe server (the PyPI package localstripe) on a free loopback port."""
    import shutil
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    executable = shutil.which("localstripe") or str(Path(sys.executable).with_name("localstripe"))
    process = subprocess.Popen(
        [executable, "--port", str(port), "--from-scratch"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as connection:
                if connection.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if process.poll() is not None:
                raise RuntimeError("localstripe exited early")
            time.sleep(0.1)
        else:
            raise RuntimeError("localstripe did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def stripe_on(settings, localstripe_url):
    settings.STRIPE_SECRET_KEY = "sk_test_passendwerk"
    settings.STRIPE_API_BASE = localstripe_url
    settings.BILLING_ENABLED = True
    from cms.billing.stripe_api import client

    return client()


@pytest.fixture
def stripe_plan(stripe_on):
    """A plan whose monthly and yearly prices exist in localstripe."""
    from cms.billing.models import Plan

    product = stripe_on.v1.products.create({"name": "Basis"})
    prices = {
        interval: stripe_on.v1.plans.create(
            {"amount": amount, "currency": "eur", "interval": interval, "product": product.id}
        ).id
        for interval, amount in (("month", 2500), ("year", 25000))
    }
    return Plan.objects.create(
        name="Basis",
        monthly_price_cents=2500,
        yearly_price_cents=25000,
        stripe_product_id=product.id,
        stripe_monthly_price_id=prices["month"],
        stripe_yearly_price_id=prices["year"],
    )
