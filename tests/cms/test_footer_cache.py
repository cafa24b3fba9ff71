"""The footer's CMS part is rendered once per site and language and kept per process (cms/footer.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms import footer
from cms.models import SiteContact, StandardPage
from tests.cms.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home):
    return publish(home, StandardPage(title="Over ons", slug="over-ons"))


@pytest.fixture
def contact(about):
    contact = SiteContact.for_site(Site.objects.get(is_default_site=True))
    contact.footer_text = "Werkzoekenden betalen nooit."
    contact.footer_links = [("link", {"text": "Over ons", "page": about, "url": ""})]
    contact.save()
    return contact


def footer_of(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index("<footer") :]


def test_a_second_page_asks_the_database_nothing_for_the_footer(client, contact):
    footer_of(client)
    with CaptureQueriesContext(connection) as captured:
        assert "Werkzoekenden betalen nooit." in footer_of(client)
    assert not [q for q in captured.captured_queries if "cms_sitecontact" in q["sql"]]


def test_publishing_a_linked_page_shows_its_new_address_in_the_next_footer(client, contact, about):
    assert '<a href="/over-ons/">Over ons</a>' in footer_of(client)
    about.slug = "over-passend-werk"
    about.save_revision().publish()
    assert '<a href="/over-passend-werk/">Over ons</a>' in footer_of(client)


def test_an_edit_made_elsewhere_shows_once_the_copy_has_expired(client, contact, monkeypatch):
    assert "Werkzoekenden betalen nooit." in footer_of(client)
    SiteContact.objects.filter(pk=contact.pk).update(footer_text="Gratis voor werkzoekenden.")  # no signal here
    assert "Werkzoekenden betalen nooit." in footer_of(client)  # this process still has its copy
    monkeypatch.setattr(footer, "FOOTER_TTL", 0)
    footer.forget()
    assert "Gratis voor werkzoekenden." in footer_of(client)
