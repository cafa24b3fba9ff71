"""The employer's feed pages over HTTP: connecting (with bad input), the report, run now, and who may see them."""

import pytest
from django.urls import reverse

from feeds.models import FeedRun, JobFeed
from tests.feeds.conftest import indeed_feed, job
from tests.network.factories import EmployerStaffFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _connect(client, carol_link, network_a, url, format="auto"):  # noqa: A002
    return client.post(
        reverse("feeds:feed_list"),
        {"employer": carol_link.employer.pk, "network": network_a.pk, "url": url, "format": format},
    )


def test_the_employer_connects_a_feed_and_sees_the_report(
    client, carol, carol_link, network_a, feed_server, curated_occupations, django_capture_on_commit_callbacks
):
    url = feed_server.serve("/feed.xml", indeed_feed(job("A1"), job("X", title="Astronaut")), "text/xml")
    client.force_login(carol)
    with django_capture_on_commit_callbacks(execute=True):
        response = _connect(client, carol_link, network_a, url)
    feed = JobFeed.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("feeds:feed_detail", args=[feed.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Orderpicker (m/v)" in text and "Astronaut" in text  # the draft, and the rejection with its reason
    assert feed.runs.get().new == 1


def test_run_now_starts_a_run(
    client, carol, carol_link, network_a, feed_server, curated_occupations, django_capture_on_commit_callbacks
):
    feed = JobFeed.objects.create(
        employer=carol_link.employer,
        network=network_a,
        created_by=carol,
        url=feed_server.serve("/feed.xml", indeed_feed(job("A1")), "text/xml"),
    )
    client.force_login(carol)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("feeds:feed_run", args=[feed.pk]))
    assert response.status_code == 302
    assert feed.runs.get().status == FeedRun.Status.OK


def test_a_switched_off_feed_is_not_run(client, carol, carol_link, network_a, django_capture_on_commit_callbacks):
    feed = JobFeed.objects.create(
        employer=carol_link.employer, network=network_a, created_by=carol, url="https://x.example/f", active=False
    )
    client.force_login(carol)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("feeds:feed_run", args=[feed.pk]))
    assert not feed.runs.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.nl/feed.xml", "Only http:// and https://"),
        ("not a url", "Only http:// and https://"),
        ("http://", "no host name"),
        ("https://user:secret@example.nl/feed", "user name or password"),
        ("https://example.nl/" + "x" * 2100, "2000"),
        ("", "url"),
    ],
)
def test_bad_addresses_are_refused_with_a_message(client, carol, carol_link, network_a, url, message):
    client.force_login(carol)
    response = _connect(client, carol_link, network_a, url)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not JobFeed.objects.exists()


def test_a_feed_is_connected_once(client, carol, carol_link, network_a):
    client.force_login(carol)
    assert _connect(client, carol_link, network_a, "https://example.nl/feed.xml").status_code == 302
    response = _connect(client, carol_link, network_a, "https://example.nl/feed.xml")
    assert response.status_code == 400 and "already connected" in response.content.decode()


def test_a_network_the_employer_is_not_a_member_of_is_refused(client, carol, carol_link, network_b):
    client.force_login(carol)
    assert _connect(client, carol_link, network_b, "https://example.nl/feed.xml").status_code == 400
    assert not JobFeed.objects.exists()


@pytest.fixture
def other_employer_user(network_a):
    link = EmployerStaffFactory(user=UserFactory(role="employer"))
    MembershipFactory(employer=link.employer, network=network_a)
    return link


def test_another_employers_staff_cannot_see_or_run_the_feed(client, carol, carol_link, network_a, other_employer_user):
    feed = JobFeed.objects.create(
        employer=carol_link.employer, network=network_a, created_by=carol, url="https://x.example/f"
    )
    client.force_login(other_employer_user.user)
    assert client.get(reverse("feeds:feed_detail", args=[feed.pk])).status_code == 403
    assert client.post(reverse("feeds:feed_run", args=[feed.pk])).status_code == 403
    assert client.post(reverse("feeds:feed_active", args=[feed.pk]), {"active": "0"}).status_code == 403
    feed.refresh_from_db()
    assert feed.active and not feed.runs.exists()
    assert "x.example" not in client.get(reverse("feeds:feed_list")).content.decode()


def test_another_employer_cannot_be_chosen(client, carol_link, network_a, other_employer_user):
    client.force_login(other_employer_user.user)
    response = _connect(client, carol_link, network_a, "https://example.nl/feed.xml")
    assert response.status_code == 400
    assert not JobFeed.objects.exists()


def test_connect_feed_refuses_someone_who_does_not_work_for_the_employer(carol_link, other_employer_user):
    from django.core.exceptions import PermissionDenied

    from feeds.services import connect_feed

    with pytest.raises(PermissionDenied):
        connect_feed(employer=carol_link.employer, url="https://example.nl/f", by=other_employer_user.user)


def test_other_roles_get_403(client, alice):
    client.force_login(alice)
    assert client.get(reverse("feeds:feed_list")).status_code == 403


def test_switch_off_and_on(client, carol, carol_link, network_a):
    feed = JobFeed.objects.create(
        employer=carol_link.employer, network=network_a, created_by=carol, url="https://x.example/f"
    )
    client.force_login(carol)
    client.post(reverse("feeds:feed_active", args=[feed.pk]), {"active": "0"})
    feed.refresh_from_db()
    assert not feed.active


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(reverse("feeds:feed_list"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_unknown_feeds_and_wrong_methods_are_not_errors(client, carol, carol_link):
    client.force_login(carol)
    assert client.get("/werkgever/vacaturefeeds/999999/").status_code == 404
    assert client.get("/werkgever/vacaturefeeds/abc/").status_code == 404
    assert client.get("/werkgever/vacaturefeeds/999999/nu-ophalen/").status_code == 405
    assert client.post(reverse("feeds:feed_list"), {"employer": "x", "network": "", "format": "zip"}).status_code == 400
