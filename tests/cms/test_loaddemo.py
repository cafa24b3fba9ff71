import logging

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Page, Site

from cms.demo import load_cms_demo
from cms.models import EventPage, NetworkIndexPage, NetworkPage, NewsPage, SiteContact, StandardPage
from matching.models import CapacityProfileVersion, Case
from matching.profiles import open_profile
from network.demo import load_network_demo
from network.models import Employer, EmployerStaff, Membership, Network, Region, Role, User

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "regions": sorted(Region.objects.values_list("slug", flat=True)),
        "networks": sorted(Network.objects.values_list("slug", flat=True)),
        "employers": sorted(Employer.objects.values_list("kvk_number", "name", "municipality")),
        "memberships": sorted(Membership.objects.values_list("employer__kvk_number", "network__slug", "status")),
        "users": sorted(User.objects.values_list("email", "role")),
        "staff": EmployerStaff.objects.count(),
        "pages": sorted(Page.objects.values_list("url_path", "live")),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "cases": sorted(Case.objects.values_list("professional__email", "worker__email", "status")),
        "profile_versions": CapacityProfileVersion.objects.count(),
    }


def test_loaddemo_creates_networks_employers_and_one_user_per_role(settings, capsys, caplog):
    settings.DEBUG = True
    caplog.set_level(logging.INFO)
    call_command("loaddemo")
    # The accounts stay on screen: no log line per published page or background step.
    assert not [
        record
        for record in caplog.records
        if record.name.startswith(("wagtail", "django_tasks")) and record.levelno < logging.WARNING
    ]
    assert Network.objects.count() >= 3
    assert Employer.objects.count() >= 30
    assert set(User.objects.values_list("role", flat=True)) >= set(Role.values)
    worker = User.objects.get(email="werkzoekende@passendwerk.test")
    stored = open_profile(worker, by=worker, purpose="own_view")
    assert stored.source == "company_doctor" and stored.levels and stored.limitations
    out = capsys.readouterr().out
    assert "PassendWerk-demo-2026" in out
    assert "coordinator@passendwerk.test" in out
    # Everyone who needs the second factor has one, so every demo account can log in.
    from network.permissions import has_mfa, needs_mfa

    assert [
        user.email
        for user in User.objects.filter(email__endswith="@passendwerk.test")
        if needs_mfa(user) and not has_mfa(user)
    ] == []
    assert has_mfa(User.objects.get(email="beheer@passendwerk.test"))


def test_loaddemo_is_idempotent_and_deterministic(settings):
    settings.DEBUG = True
    call_command("loaddemo", seed=7)
    first = _snapshot()
    call_command("loaddemo", seed=7)
    assert _snapshot() == first
    assert NetworkPage.objects.filter(locale__language_code="nl").count() == Network.objects.count()


def test_loaddemo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("loaddemo")
    assert not User.objects.exists()


def test_cms_demo_builds_the_page_tree_once():
    load_network_demo(seed=3)
    first = load_cms_demo(seed=3)
    networks = Network.objects.count()
    # Dutch: the overview, per network its page with 2 news items and 2 events, 2 standard pages;
    # English: the home page, the overview, the network pages and the standard pages.
    assert first["created"] == (1 + networks * 5 + 2) + (2 + networks + 2)
    pages = Page.objects.count()
    assert load_cms_demo(seed=3)["created"] == 0
    assert Page.objects.count() == pages

    index = NetworkIndexPage.objects.get(slug="netwerken", locale__language_code="nl")
    assert index.get_parent().specific_class.__name__ == "HomePage"
    for page in NetworkPage.objects.filter(locale__language_code="nl"):
        assert page.get_parent().pk == index.pk and page.live and page.live_revision_id
        assert page.intro and page.contact_email and page.contact_phone
        assert NewsPage.objects.child_of(page).live().count() == 2
        events = EventPage.objects.child_of(page).live()
        assert {event.title for event in events} == {"Werkgeversontbijt", "Informatiemiddag re-integratie tweede spoor"}
        assert events.filter(start__gt=timezone.now()).count() == 1
    assert set(StandardPage.objects.filter(locale__language_code="nl").values_list("title", flat=True)) == {
        "Over Passend Werk",
        "Privacy",
    }
    english = NetworkPage.objects.filter(locale__language_code="en")
    assert english.count() == networks and all(page.live and "employers" in page.intro for page in english)
    contact = SiteContact.for_site(Site.objects.get(is_default_site=True))
    assert contact.organisation_name and contact.email and len(contact.footer_links) == 3
    coordinator = User.objects.get(email="coordinator@passendwerk.test")
    assert coordinator.groups.count() == coordinator.coordinated_networks.count() == 2
