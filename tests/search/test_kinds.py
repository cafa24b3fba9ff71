"""The kind of opportunity (paid job, trial placement, work-experience place, volunteering) as a search facet and
a field of every result: the API and the search page on SQL, the fit index and Elasticsearch; saved searches and
the digest; the facet key; the search table's migration; an Elasticsearch index made before kinds existed.

The values' names are those of matching.opportunity_kinds ("Betaalde baan" …). The facet's title "Soort werk" is a
new string: its Dutch needs /tmp/po/kindsearch.po merged ("(merge)"). tests/conformance holds every backend to the
rule book for this facet as for the others.
"""

import importlib
import itertools
import re
from datetime import timedelta

import numpy as np
import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from listings.models import Vacancy
from matching.models import Source
from matching.profiles import save_profile
from search.documents import (
    BAND_KEYS,
    COACHING_KEYS,
    COMBINATIONS_PER_NETWORK,
    KIND_KEYS,
    facet_key,
    facet_values,
)
from search.models import SavedSearch, SearchChange, SearchEntry
from search.query import FACETS, KINDS, SearchQuery
from search.tasks import send_saved_search_digests
from tests.listings.factories import VacancyFactory
from tests.network.factories import NetworkFactory
from tests.search.conftest import Engine

API = "/api/v1/search/"
PAGE = "/werk-zoeken/"
NAMES = {
    "vacancy": "Betaalde baan",
    "trial_placement": "Proefplaatsing",
    "work_experience": "Werkervaringsplaats",
    "volunteering": "Vrijwilligerswerk",
}


@pytest.fixture(params=["sql", "fit-index", "elasticsearch"])
def engine(request, settings, db):
    """Every backend: the database's SQL, its in-memory fit index, and Elasticsearch (osmem-server)."""
    if request.param == "elasticsearch":
        return Engine("elasticsearch", request.getfixturevalue("elasticsearch"))
    settings.SEARCH_BACKEND = "database"
    settings.SEARCH_FIT_INDEX = request.param == "fit-index"
    return Engine("database")


def offer(title: str, kind: str = "vacancy", **fields) -> Vacancy:
    weeks = {"trial_placement": 8, "work_experience": 12}.get(kind)
    return VacancyFactory(title=title, kind=kind, duration_weeks=weeks, load={}, **fields)


@pytest.fixture
def offers(db):
    network = NetworkFactory(slug="utrecht", name="Netwerk Utrecht")
    return {
        "Inpakker": offer("Inpakker", network=network),
        "Kassamedewerker": offer("Kassamedewerker", network=network, coaching="buddy"),
        "Magazijn proef": offer("Magazijn proef", "trial_placement", network=network),
        "Keuken leerplek": offer("Keuken leerplek", "work_experience", network=network, coaching="buddy"),
        "Koffie schenken": offer("Koffie schenken", "volunteering", network=network),
    }


def post(client, body, **extra):
    return client.post(API, body, content_type="application/json", **extra)


def kind_counts(body) -> list[tuple[str, str, int]]:
    return [(item["value"], item["label"], item["count"]) for item in body["facets"]["kind"]]


# --- the API, on every backend -------------------------------------------------------------------------------


def test_the_kind_facet_counts_every_kind_with_its_plain_name(client, offers, engine):
    engine.sync()
    body = post(client, {}).json()
    assert body["count"] == 5
    assert kind_counts(body) == [
        ("vacancy", "Betaalde baan", 2),
        ("trial_placement", "Proefplaatsing", 1),
        ("work_experience", "Werkervaringsplaats", 1),
        ("volunteering", "Vrijwilligerswerk", 1),
    ]
    assert list(body["facets"])[0] == "kind"
    english = post(client, {}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert [label for _value, label, _count in kind_counts(english)] == [
        "Paid job",
        "Trial placement",
        "Work-experience place",
        "Volunteering",
    ]


def test_every_result_carries_its_kind(client, offers, engine):
    engine.sync()
    results = post(client, {}).json()["results"]
    assert {result["title"]: result["kind"] for result in results} == {
        title: vacancy.kind for title, vacancy in offers.items()
    }


def test_one_kind_narrows_the_results_and_the_facet_still_counts_every_kind(client, offers, engine):
    engine.sync()
    body = post(client, {"filters": {"kind": ["volunteering"]}}).json()
    assert [result["title"] for result in body["results"]] == ["Koffie schenken"]
    assert body["count"] == 1
    assert [count for _value, _label, count in kind_counts(body)] == [2, 1, 1, 1]  # its own selection: not narrowed
    assert {item["value"]: item["count"] for item in body["facets"]["coaching"]} == {"none": 1}


def test_two_kinds_are_either_one(client, offers, engine):
    engine.sync()
    body = post(client, {"filters": {"kind": ["trial_placement", "work_experience"]}}).json()
    assert sorted(result["title"] for result in body["results"]) == ["Keuken leerplek", "Magazijn proef"]
    assert body["count"] == 2
    with_coaching = post(client, {"filters": {"kind": ["vacancy", "work_experience"], "coaching": ["buddy"]}}).json()
    assert sorted(result["title"] for result in with_coaching["results"]) == ["Kassamedewerker", "Keuken leerplek"]
    assert kind_counts(with_coaching) == [
        ("vacancy", "Betaalde baan", 1),
        ("work_experience", "Werkervaringsplaats", 1),
    ]


@pytest.mark.parametrize(
    ("kinds", "dutch", "english"),
    [
        (["paid", "vacancy"], "onbekende waarde(n): paid", "unknown value(s): paid"),
        (["Vacancy", "stage"], "onbekende waarde(n): Vacancy, stage", "unknown value(s): Vacancy, stage"),
        ("vacancy", "verwacht een lijst met teksten", "expected a list of strings"),
        ([1], "verwacht een lijst met teksten", "expected a list of strings"),
    ],
)
def test_an_unknown_kind_is_refused_in_the_users_language(client, db, kinds, dutch, english):
    response = post(client, {"filters": {"kind": kinds}})
    assert response.status_code == 400
    assert response.json()["errors"] == {"filters.kind": dutch}
    assert post(client, {"filters": {"kind": kinds}}, HTTP_ACCEPT_LANGUAGE="en").json()["errors"] == {
        "filters.kind": english
    }


def test_the_api_document_describes_the_kind_filter_and_field(client, db):
    schema = client.get(reverse("api-v1:openapi-json")).json()
    body = schema["paths"][API]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["filters"]["properties"]["kind"]["items"] == {"enum": list(KINDS)}
    hit = schema["components"]["schemas"]["SearchHit"]
    assert "kind" in hit["required"] and "trial_placement" in hit["properties"]["kind"]["description"]


def test_the_kinds_are_those_of_vacancies():
    assert tuple(Vacancy.Kind.values) == KINDS
    assert list(KINDS) == KIND_KEYS
    assert FACETS[0] == "kind"


# --- the search page -----------------------------------------------------------------------------------------


def test_the_page_shows_the_kind_facet_first_with_counts(client, offers):
    response = client.get(PAGE)
    groups = response.context["facet_groups"]
    assert groups[0]["name"] == "kind"
    assert [(item["label"], item["count"]) for item in groups[0]["items"]] == [
        ("Betaalde baan", 2),
        ("Proefplaatsing", 1),
        ("Werkervaringsplaats", 1),
        ("Vrijwilligerswerk", 1),
    ]
    html = response.content.decode()
    link = re.search(r'<a id="facet-kind-trial_placement" href="([^"#]+)#results"[^>]*>Proefplaatsing <span', html)
    assert link and "kind=trial_placement" in link.group(1)


def test_the_page_facet_title_in_dutch(client, offers):
    """(merge) The facet's title."""
    assert response_title(client.get(PAGE)) == "Soort werk"


def response_title(response) -> str:
    return re.search(r'<div class="facet">\s*<h3>([^<]+)</h3>', response.content.decode()).group(1)


def test_every_result_card_shows_its_kind_a_paid_job_too(client, offers):
    html = client.get(PAGE).content.decode()
    cards = re.findall(r'<li class="result result-card fit-green">(.*?)</li>\s*(?=<li class="result|</ol>)', html, re.S)
    labels = {}
    for card in cards:
        title = re.search(r'<h3 class="result-card__title"><a href="[^"]+">([^<]+)</a>', card).group(1)
        labels[title] = re.search(r'class="[^"]*result-card__kind">([^<]+)<', card).group(1)
    assert labels == {title: NAMES[vacancy.kind] for title, vacancy in offers.items()}


def test_kind_links_narrow_the_page_and_the_form_keeps_them(client, offers):
    response = client.get(PAGE, {"kind": ["trial_placement", "work_experience"], "sort": "newest"})
    assert response.status_code == 200
    assert sorted(hit.vacancy.title for hit in response.context["hits"]) == ["Keuken leerplek", "Magazijn proef"]
    html = response.content.decode()
    assert '<input type="hidden" name="kind" value="trial_placement">' in html
    assert '<input type="hidden" name="kind" value="work_experience">' in html
    items = {item["value"]: item for item in response.context["facet_groups"][0]["items"]}
    assert items["trial_placement"]["selected"] and not items["vacancy"]["selected"]
    assert "kind=trial_placement" not in items["trial_placement"]["url"]  # the link takes the choice away
    assert "kind=work_experience" in items["trial_placement"]["url"]


def test_an_unknown_kind_in_the_address_is_ignored_and_said(client, offers):
    response = client.get(PAGE, {"kind": ["paid"]})
    assert response.status_code == 400
    assert set(response.context["parameter_problems"]) == {"kind"}
    assert len(response.context["hits"]) == 5  # ignored: nothing narrowed


# --- saved searches and the digest ---------------------------------------------------------------------------


@pytest.fixture
def profiled_alice(alice):
    save_profile(alice, by=alice, levels={"IV.13": 1}, limitations={}, source=Source.SELF, purpose="self_assessment")
    return alice


def test_a_saved_search_keeps_the_kinds(client, profiled_alice):
    client.force_login(profiled_alice)
    client.post(reverse("search:save_search"), {"params": "kind=volunteering&kind=trial_placement&page=3"})
    search = SavedSearch.objects.get()
    assert search.params == "kind=volunteering&kind=trial_placement" and search.name.endswith("(2 filters)")
    response = client.post(reverse("search:save_search"), {"params": search.params})
    assert response["Location"] == f"{PAGE}?kind=volunteering&kind=trial_placement"


def test_the_digest_mails_only_the_kinds_saved(client, profiled_alice, network_a):
    start = timezone.now()
    SavedSearch.objects.create(worker=profiled_alice, name="Vrijwilligerswerk", params="kind=volunteering")
    with time_machine.travel(start + timedelta(days=1)):
        offer("Nieuwe inpakker", network=network_a)
        offer("Nieuw koffie schenken", "volunteering", network=network_a)
    with time_machine.travel(start + timedelta(days=2)):
        send_saved_search_digests.delay()
    assert len(mail.outbox) == 1
    assert "Nieuw koffie schenken" in mail.outbox[0].body and "Nieuwe inpakker" not in mail.outbox[0].body


# --- the facet key and the fit index -------------------------------------------------------------------------


def test_the_facet_key_holds_every_combination_and_gives_it_back():
    combinations = list(itertools.product(BAND_KEYS, (False, True), COACHING_KEYS, (False, True), (False, True), KINDS))
    assert len(combinations) == COMBINATIONS_PER_NETWORK == 384
    for network_id in (1, 2, 977):
        keys = set()
        for band, phased, coaching, trial, remote, kind in combinations:
            key = facet_key(network_id, band, phased, coaching, trial, remote, kind)
            keys.add(key)
            assert facet_values(key) == {
                "network_id": network_id,
                "hours_band": band,
                "phased_start": phased,
                "coaching": coaching,
                "trial_placement": trial,
                "remote": remote,
                "kind": kind,
            }
        assert keys == set(range(network_id * 384, (network_id + 1) * 384))  # dense: no key of another network


def test_the_fit_index_numbers_more_combinations_than_uint16_holds():
    """Networks × 384 combinations can pass 65,536 distinct keys: the numbering widens to uint32."""
    from search.fit_index import Numbering

    keys = np.arange(200 * COMBINATIONS_PER_NETWORK, dtype=np.int64) + COMBINATIONS_PER_NETWORK
    numbering = Numbering(1, np.int64)
    numbers = numbering.numbers(keys.reshape(-1, 1))
    assert len(numbering) == len(keys) > 2**16 and numbers.dtype == np.uint32
    assert numbering.table[numbers, 0].tolist() == keys.tolist()


# --- the search table's migration ----------------------------------------------------------------------------


def rows() -> dict[int, tuple[str, int]]:
    return {pk: (kind, key) for pk, kind, key in SearchEntry.objects.values_list("vacancy_id", "kind", "facet_key")}


def test_the_migration_gives_existing_rows_their_kind_and_key(offers):
    migration = importlib.import_module("search.migrations.0005_kind")
    now = rows()
    for pk, (_kind, key) in now.items():  # the rows as the migration finds them: the column's default, old keys
        SearchEntry.objects.filter(pk=pk).update(kind="vacancy", facet_key=key // len(KINDS))
    last = SearchChange.objects.order_by("version").last().version
    migration.add_kind(apps, None)
    assert rows() == now
    # Every process's fit index loads again: a change of all rows.
    assert list(SearchChange.objects.filter(version__gt=last).values_list("vacancy_id", flat=True)) == [None]
    migration.remove_kind(apps, None)
    assert dict(SearchEntry.objects.values_list("vacancy_id", "facet_key")) == {
        pk: key // len(KINDS) for pk, (_kind, key) in now.items()
    }


# --- Elasticsearch: an index made before vacancies had a kind ------------------------------------------------


def test_an_older_index_gets_the_kind_mapped_and_counts_its_documents_as_paid_jobs(elasticsearch, db):
    """A release's first indexing task maps `kind` before a document brings it (else the engine would guess text,
    which cannot be counted); documents indexed before count as paid jobs until `search_index --rebuild`."""
    from search.backends import elasticsearch as engine_module
    from search.documents import vacancy_document
    from search.indexing import searchable_vacancies

    old, new = offer("Oude inpakker"), offer("Nieuwe proefplaats", "trial_placement")
    for index in elasticsearch.current_indices():
        elasticsearch.es.indices.delete(index=index)
    body = elasticsearch.index_body()
    del body["mappings"]["properties"]["kind"]  # the index as the earlier release made it
    index = "test-before-kinds"
    elasticsearch.es.indices.create(index=index, **body)
    elasticsearch.es.indices.put_alias(index=index, name=elasticsearch.alias)
    source = engine_module.es_source(vacancy_document(searchable_vacancies().get(pk=old.pk)))
    del source["kind"]
    elasticsearch.es.index(index=index, id=str(old.pk), document=source, refresh=True)

    elasticsearch.ensure_index()  # as the next indexing task (or the periodic repair) does
    mapped = elasticsearch.es.indices.get_mapping(index=index)[index]["mappings"]["properties"]
    assert mapped["kind"] == {"type": "keyword"}
    assert elasticsearch.map_new_fields(index) == []  # once mapped, nothing more to add
    elasticsearch.index_documents([vacancy_document(searchable_vacancies().get(pk=new.pk))], refresh=True)

    assert elasticsearch.search(SearchQuery()).facets["kind"] == {"vacancy": 1, "trial_placement": 1}
    paid = elasticsearch.search(SearchQuery(selected={"kind": frozenset({"vacancy"})}))
    assert [hit.id for hit in paid.hits] == [old.pk] and paid.facets["kind"] == {"vacancy": 1, "trial_placement": 1}
    either = frozenset({"vacancy", "trial_placement"})
    both = elasticsearch.search(SearchQuery(selected={"kind": either}, sort="newest"))
    assert [hit.id for hit in both.hits] == [new.pk, old.pk]
    trial = elasticsearch.search(SearchQuery(selected={"kind": frozenset({"trial_placement"})}))
    assert [hit.id for hit in trial.hits] == [new.pk]
