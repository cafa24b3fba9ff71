"""The ranking weights: a CMS setting staff change, with a history of every change; the page explains positions."""

from decimal import Decimal

import pytest
from django.urls import reverse

from matching.models import Source, WorkerPreferences
from matching.profiles import save_profile
from matching.ranking import Weights
from ranking.models import RankingWeights, RankingWeightsChange
from ranking.weights import current_weights
from tests.listings.factories import OccupationFactory, VacancyFactory
from tests.network.factories import NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def edit_url():
    return reverse("wagtailsettings:edit", args=["ranking", "rankingweights", RankingWeights.load().pk])


def form(**weights):
    values = {**Weights().as_dict(), **weights}
    return {name: str(value) for name, value in values.items()}


def test_without_a_saved_setting_the_defaults_hold():
    assert current_weights() == Weights()


def test_staff_change_the_weights_in_the_cms_and_each_change_is_kept(client, erin):
    client.force_login(erin)
    assert client.get(edit_url()).status_code == 200
    response = client.post(edit_url(), form(interest=5, recency=0))
    assert response.status_code == 302
    assert current_weights().interest == 5 and current_weights().recency == 0
    client.post(edit_url(), form(interest=1))
    history = list(RankingWeightsChange.objects.all())
    assert [change.weights["interest"] for change in history] == [1, 5]  # newest first
    assert {change.changed_by for change in history} == {erin}


def test_all_weights_zero_is_refused_and_nothing_changes(client, erin):
    client.force_login(erin)
    response = client.post(edit_url(), form(**dict.fromkeys(Weights().as_dict(), 0)))
    assert response.status_code == 200  # the form again, with the error
    assert current_weights() == Weights()
    assert not RankingWeightsChange.objects.exists()


def test_a_weight_above_the_maximum_is_refused(client, erin):
    client.force_login(erin)
    client.post(edit_url(), form(interest=500))
    assert current_weights() == Weights()


def test_a_coordinator_cannot_change_the_weights(client, dave):
    client.force_login(dave)
    assert client.post(edit_url(), form(interest=9)).status_code in (302, 403)
    assert current_weights() == Weights()


def test_the_worker_sees_why_each_vacancy_stands_where_it_does(client, alice, bob, case, settings):
    settings.SEARCH_BACKEND = "database"
    network = NetworkFactory(slug="utrecht")
    VacancyFactory(title="Helpende zorg", network=network, occupation=OccupationFactory(riasec="SCR"), load={})
    VacancyFactory(title="Magazijn", network=network, occupation=OccupationFactory(riasec="RCE"), load={})
    from search.indexing import rebuild_entries

    rebuild_entries()
    save_profile(
        alice,
        by=bob,
        levels={"IV.13": 1},
        hours={"per_week": "24"},
        source=Source.COMPANY_DOCTOR,
        purpose="client_edit",
    )
    WorkerPreferences.objects.create(worker=alice, interests=["S"], coaching_wanted="buddy", travel_km=Decimal(25))
    client.force_login(alice)
    html = client.get(reverse("search:search")).content.decode()
    assert html.count('class="result-card__why result-card__position"') == 2
    assert html.index("Helpende zorg") < html.index("Magazijn")
    assert "Past bij wat u graag doet: mensen helpen." in html
    assert "Er is geen begeleiding. U wilde een buddy." in html
    assert "U gaf geen wens voor begeleiding" not in html  # she gave one


def test_a_visitor_gets_the_reasons_too(client, settings):
    settings.SEARCH_BACKEND = "database"
    VacancyFactory(title="Magazijn", network=NetworkFactory(), load={})
    from search.indexing import rebuild_entries

    rebuild_entries()
    html = client.get(reverse("search:search")).content.decode()
    assert 'class="result-card__why result-card__position"' in html
    assert "Uw interesses zijn niet bekend" in html


def test_a_worker_without_the_staff_flag_cannot_open_the_setting(client):
    worker = UserFactory(mfa=True)
    client.force_login(worker)
    assert client.get(edit_url()).status_code in (302, 403)


def _searchable_with_profile(alice, bob):
    from search.indexing import rebuild_entries

    network = NetworkFactory(slug="utrecht")
    for title in ("Helpende zorg", "Magazijn"):
        VacancyFactory(title=title, network=network, occupation=OccupationFactory(riasec="SCR"), load={})
    rebuild_entries()
    save_profile(alice, by=bob, levels={"IV.13": 1, "II.6": 0}, source=Source.COMPANY_DOCTOR, purpose="client_edit")


def test_a_workers_first_page_of_best_is_kept_for_the_evaluation_and_nothing_else(client, alice, bob, case, settings):
    from matching.crypto import unseal
    from ranking.models import RankedSearch
    from ranking.pseudonyms import pseudonym

    settings.SEARCH_BACKEND = "database"
    _searchable_with_profile(alice, bob)
    client.get(reverse("search:search"))  # a visitor: nothing kept
    assert not RankedSearch.objects.exists()
    client.force_login(alice)
    client.get(reverse("search:search"))
    client.get(reverse("search:search"), {"sort": "newest"})  # not the ranked order: not kept
    client.get(reverse("search:search"), {"page": "2"})  # one page only: clamped to page 1, kept again
    kept = list(RankedSearch.objects.all())
    assert len(kept) == 2
    assert {row.pseudonym for row in kept} == {pseudonym(alice.pk)}
    assert [c["band"] for c in kept[0].candidates] == ["green", "green"]
    assert unseal(kept[0].sections_sealed) == ["II", "IV"]
    client.force_login(bob)
    client.get(reverse("search:client_search", args=[case.pk]))  # the professional's search for her
    assert RankedSearch.objects.filter(pseudonym=pseudonym(alice.pk)).count() == 3
