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
    return publish(network_index, NetworkPage(
        title="Netwerk Amsterdam", slug="amsterdam", network=network_a,
        intro="Werkgevers in Amsterdam die mensen een nieuwe kans geven.",
        contact_name="Dave Coördinator", contact_email="dave@example.nl", contact_phone="020 555 0101",
    ))


@pytest.fixture
def page_b(network_index, network_b):
    return publish(network_index, NetworkPage(
        title="Netwerk Twente", slug="twente", network=network_b, intro="Werkgevers in Twente.",
    ))
