"""The order within a fit band, as the API and the search page give it (search.order over both backends)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ranking.models import RankingWeights
from tests.listings.factories import OccupationFactory, VacancyFactory
from tests.network.factories import NetworkFactory

URL = "/api/v1/search/"


def post(client, body, **extra):
    return client.post(URL, body, content_type="application/json", **extra)


@pytest.fixture
def three_jobs(engine):
    """Two green vacancies with different interest codes (the caring one older), and an orange one."""
    network = NetworkFactory(slug="utrecht")
    now = timezone.now()
    jobs = {
        "care": VacancyFactory(
            title="Helpende zorg",
            network=network,
            occupation=OccupationFactory(riasec="SCR", competences=["care", "communicate"]),
            load={"IV.13": 1},
            adaptable=[],
            published_at=now - timedelta(days=20),
        ),
        "warehouse": VacancyFactory(
            title="Magazijn",
            network=network,
            occupation=OccupationFactory(riasec="RCE", competences=["accuracy", "teamwork"]),
            load={"IV.13": 1},
            adaptable=[],
            published_at=now - timedelta(days=1),
        ),
        "orange": VacancyFactory(
            title="Verhuizer",
            network=network,
            occupation=OccupationFactory(riasec="SCR", competences=["care", "communicate"]),
            load={"IV.13": 2},
            adaptable=["IV.13"],
            published_at=now,
        ),
    }
    engine.sync()
    return jobs


def titles(body):
    return [result["title"] for result in body["results"]]


def test_interests_and_competences_put_the_matching_work_first_within_green(client, three_jobs):
    caring = post(client, {"capacity": {"IV.13": 1}, "interests": ["S"], "competences": ["care"]}).json()
    assert titles(caring) == ["Helpende zorg", "Magazijn", "Verhuizer"]
    practical = post(client, {"capacity": {"IV.13": 1}, "interests": ["R"], "competences": ["accuracy"]}).json()
    assert titles(practical) == ["Magazijn", "Helpende zorg", "Verhuizer"]


def test_orange_stays_after_green_even_with_the_best_score(client, three_jobs):
    # "Verhuizer" matches the interests fully and is the newest, but needs an adaptation
    body = post(client, {"capacity": {"IV.13": 1}, "interests": ["S", "C", "R"], "competences": ["care"]}).json()
    assert [result["fit"] for result in body["results"]] == ["green", "green", "orange"]
    scores = [result["ranking"]["score"] for result in body["results"]]
    assert scores[2] > scores[1]


def test_every_result_carries_its_score_and_reasons(client, three_jobs):
    body = post(client, {"capacity": {"IV.13": 1}, "interests": ["S"]}, HTTP_ACCEPT_LANGUAGE="en").json()
    for result in body["results"]:
        ranking = result["ranking"]
        assert {reason["component"] for reason in ranking["reasons"]} == {
            "interest",
            "competence",
            "distance",
            "hours",
            "coaching",
            "recency",
        }
        assert ranking["score"] == pytest.approx(sum(reason["points"] for reason in ranking["reasons"]), abs=0.5)
        assert ranking["position"].startswith(("Fits you fully (green)", "Fits if the employer adapts"))
    first = body["results"][0]["ranking"]
    assert first["reasons"][0]["text"] == "Matches what you like to do: helping people."


def test_the_weights_in_the_cms_decide(client, three_jobs):
    body = {"capacity": {"IV.13": 1}, "interests": ["S"]}
    assert titles(post(client, body).json())[0] == "Helpende zorg"
    RankingWeights.objects.create(interest=0, competence=0, distance=0, hours=0, coaching=0, recency=1)
    assert titles(post(client, body).json())[0] == "Magazijn"  # only recency counts now: the newer one first


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"interests": ["X"]}, "interests"),
        ({"interests": ["R", "R"]}, "interests"),
        ({"interests": "R"}, "interests"),
        ({"competences": ["flying"]}, "competences"),
        ({"competences": [1]}, "competences"),
        ({"coaching_wanted": "mentor"}, "coaching_wanted"),
    ],
)
def test_wrong_ranking_fields_are_refused_by_name(client, db, settings, body, field):
    settings.SEARCH_BACKEND = "database"
    response = post(client, body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.fixture
def five_greens(engine, settings):
    network = NetworkFactory(slug="utrecht")
    now = timezone.now()
    # plain order is newest first; the interest code makes the oldest the best scored
    codes = ["RCE", "RCE", "CEI", "SCR", "SEC"]
    jobs = [
        VacancyFactory(
            title=f"Baan {index}",
            network=network,
            occupation=OccupationFactory(riasec=code),
            load={},
            adaptable=[],
            published_at=now - timedelta(days=index),
            per_week_min=Decimal(8),
            per_week_max=Decimal(40),
        )
        for index, code in enumerate(codes)
    ]
    engine.sync()
    return jobs


def test_pages_past_the_window_continue_the_plain_order_without_gaps_or_repeats(client, five_greens, settings):
    settings.SEARCH_RANK_WINDOW = 2
    seen = []
    for page in range(1, 6):
        body = post(client, {"interests": ["S"], "page": page, "page_size": 1}, HTTP_ACCEPT_LANGUAGE="en").json()
        seen += titles(body)
        position = body["results"][0]["ranking"]["position"]
        if page <= 2:
            assert "the score counts" in position
        else:
            assert "After the first 2 results" in position
    # the window holds the two newest (Baan 0, Baan 1): both RCE, equal interest, so recency decides there;
    # the rest follows the plain order (newest first), even though Baan 3 and 4 would score higher.
    assert seen == ["Baan 0", "Baan 1", "Baan 2", "Baan 3", "Baan 4"]
    settings.SEARCH_RANK_WINDOW = 200
    ranked = titles(post(client, {"interests": ["S"], "page_size": 5}).json())
    assert ranked[:2] == ["Baan 3", "Baan 4"] and sorted(ranked) == sorted(seen)
