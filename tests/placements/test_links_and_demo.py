"""The link "Plaatsing en opbouwplan" on the worker's, the employer's and the professional's pages; the admin;
the demo."""

import pytest
from django.urls import reverse

from listings.demo import load_story_demo
from matching import placement_rules as rules
from matching.demo import load_matching_demo
from network.demo import EMPLOYER_EMAIL, PROFESSIONAL_EMAIL, WORKER_EMAIL, demo_employer, load_network_demo
from network.models import User
from placements import permissions
from placements.demo import load_placement_demo
from placements.models import CheckIn, Placement
from placements.services import current_week, reports_by_week

pytestmark = pytest.mark.django_db


def pages(case):
    return [
        ("alice", reverse("matching:my_profile")),
        ("carol", reverse("listings:applications")),
        ("bob", reverse("pages:client_detail", args=[case.pk])),
    ]


def test_the_three_pages_link_to_the_placement(client, request, placement, case):
    link = reverse("placements:detail", args=[placement.pk])
    for user, page in pages(case):
        client.force_login(request.getfixturevalue(user))
        assert f'href="{link}"' in client.get(page).content.decode(), page


def test_no_link_without_a_placement(client, request, application, case):
    for user, page in pages(case):
        client.force_login(request.getfixturevalue(user))
        html = client.get(page).content.decode()
        assert "/mijn/plaatsingen/" not in html, page


def test_the_admin_shows_placements_read_only(client, erin, started):
    client.force_login(erin)
    assert client.get(reverse("admin:placements_placement_changelist")).status_code == 200
    response = client.get(reverse("admin:placements_placement_change", args=[started.pk]))
    assert response.status_code == 200 and 'name="_save"' not in response.content.decode()
    assert client.get(reverse("admin:placements_placement_add")).status_code == 403


def test_without_the_demo_data_the_demo_does_nothing():
    assert load_placement_demo() == {}
    assert not Placement.objects.exists()


def test_the_demo_worker_is_in_her_fifth_week_one_of_them_behind(curated_occupations):
    load_network_demo(seed=1)
    load_matching_demo(home_place=demo_employer().municipality)
    load_story_demo()
    first = load_placement_demo()
    assert first["created"] is True
    placement = first["placement"]
    worker = User.objects.get(email=WORKER_EMAIL)
    assert (placement.worker, placement.vacancy.employer, placement.kind) == (worker, demo_employer(), "trial")
    assert placement.status == Placement.Status.ACTIVE and current_week(placement) == 5
    assert placement.worker_confirmed_at and placement.employer_confirmed_at and placement.professional_confirmed_at
    behind = rules.weeks_behind(placement.plan, placement.target_hours, reports_by_week(placement), 4)
    assert behind == {3} and rules.streak_to_alert(behind, 4, None) is None
    staff, professional = User.objects.get(email=EMPLOYER_EMAIL), User.objects.get(email=PROFESSIONAL_EMAIL)
    assert permissions.role_of(staff, placement) == "employer"
    assert permissions.role_of(professional, placement) == "professional"
    again = load_placement_demo()
    assert again == {"placement": placement, "created": False}
    assert Placement.objects.count() == 1 and CheckIn.objects.count() == 7
