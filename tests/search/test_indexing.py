"""Keeping search in step: the database table in the save's transaction, Elasticsearch after commit."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from elasticsearch import exceptions as es_exceptions

from listings.models import Vacancy
from search import tasks
from search.backends.elasticsearch import ElasticsearchBackend
from search.documents import packed_levels
from search.indexing import entry_drift
from search.models import SearchEntry
from tests.listings.factories import VacancyFactory


def test_publishing_writes_the_entry_and_closing_removes_it(db):
    vacancy = VacancyFactory(load={"IV.13": 2}, adaptable=["IV.13"])
    entry = SearchEntry.objects.get(vacancy=vacancy)
    assert (entry.per_week_min, entry.hours_band) == (240, "24-32")
    assert [entry.load_bits_0, entry.load_bits_1] == packed_levels({"IV.13": 2})
    assert [entry.pass_bits_0, entry.pass_bits_1] == packed_levels({"IV.13": 1})
    vacancy.status = Vacancy.Status.CLOSED
    vacancy.save()
    assert not SearchEntry.objects.filter(vacancy=vacancy).exists()


def test_drafts_never_reach_search(db):
    VacancyFactory(status=Vacancy.Status.DRAFT)
    assert SearchEntry.objects.count() == 0


def test_check_reports_drift_and_rebuild_repairs_it(db):
    first, second = VacancyFactory(), VacancyFactory()
    SearchEntry.objects.filter(vacancy=first).delete()
    Vacancy.objects.filter(pk=second.pk).update(status=Vacancy.Status.EXPIRED)  # no signal: drift
    assert entry_drift() == {"missing": [first.pk], "stale": [], "extra": [second.pk]}
    with pytest.raises(CommandError, match="drifted"):
        call_command("search_index", "--check")
    call_command("search_index", "--rebuild", "--no-progress")
    assert entry_drift() == {"missing": [], "stale": [], "extra": []}
    call_command("search_index", "--check")


def test_rebuild_from_the_command_line_repairs_drift_instead_of_reporting_it(db):
    """As `manage.py` runs it: with Django's system checks first (which a method named `check` once replaced
    by the drift report, so a rebuild refused to run exactly when it was needed)."""
    first = VacancyFactory()
    SearchEntry.objects.filter(vacancy=first).delete()
    call_command("search_index", "--rebuild", "--no-progress", skip_checks=False)
    assert entry_drift() == {"missing": [], "stale": [], "extra": []}


def test_the_consistency_job_repairs_the_database_table(db):
    vacancy = VacancyFactory()
    SearchEntry.objects.all().delete()
    drift = tasks.repair_search_drift()
    assert drift["database"]["missing"] == 1
    assert SearchEntry.objects.filter(vacancy=vacancy).exists()


def test_saving_dispatches_the_index_task_on_commit_only(
    db, settings, django_capture_on_commit_callbacks, elasticsearch
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        vacancy = VacancyFactory(title="Heftruckchauffeur")
    assert len(callbacks) == 1  # nothing reaches Elasticsearch before the transaction commits
    elasticsearch.refresh()
    assert vacancy.pk not in elasticsearch.indexed_versions()
    callbacks[0]()  # commit: the eager Celery task runs
    elasticsearch.refresh()
    assert vacancy.pk in elasticsearch.indexed_versions()
    vacancy.status = Vacancy.Status.CLOSED
    with django_capture_on_commit_callbacks(execute=True):
        vacancy.save()
    elasticsearch.refresh()
    assert vacancy.pk not in elasticsearch.indexed_versions()


def test_the_index_task_is_idempotent(db, elasticsearch):
    vacancy = VacancyFactory()
    assert tasks.sync_vacancy.apply(args=[vacancy.pk]).get() == "indexed"
    assert tasks.sync_vacancy.apply(args=[vacancy.pk]).get() == "indexed"
    elasticsearch.refresh()
    assert list(elasticsearch.indexed_versions()) == [vacancy.pk]
    vacancy.delete()
    assert tasks.sync_vacancy.apply(args=[vacancy.pk]).get() == "deleted"
    assert tasks.sync_vacancy.apply(args=[vacancy.pk]).get() == "deleted"


def test_a_save_never_fails_when_elasticsearch_is_down(db, settings, django_capture_on_commit_callbacks):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.ELASTICSEARCH_TIMEOUT = 1
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    with django_capture_on_commit_callbacks(execute=True):
        vacancy = VacancyFactory()
    assert Vacancy.objects.filter(pk=vacancy.pk).exists()
    assert SearchEntry.objects.filter(vacancy=vacancy).exists()
    # Run eagerly, the task's retries happen inline; once they are used up it fails with the cause.
    result = tasks.sync_vacancy.apply(args=[vacancy.pk])
    assert result.state == "FAILURE" and isinstance(result.result, es_exceptions.ConnectionError)
    assert tasks.sync_vacancy.max_retries == 8


def test_rebuild_swaps_the_alias_and_removes_the_old_index(db, settings, elasticsearch):
    vacancies = VacancyFactory.create_batch(3)
    old = elasticsearch.current_indices()
    call_command("search_index", "--rebuild", "--no-progress")
    new = elasticsearch.current_indices()
    assert len(new) == 1 and new != old
    assert not elasticsearch.es.indices.exists(index=old[0])
    assert sorted(elasticsearch.indexed_versions()) == sorted(v.pk for v in vacancies)
    call_command("search_index", "--check")


def test_rebuild_replays_changes_made_while_it_ran(db, elasticsearch, monkeypatch):
    from search import reindex

    kept, closed = VacancyFactory(), VacancyFactory()
    original_fill = reindex._fill

    def fill_then_change(*args, **kwargs):
        written = original_fill(*args, **kwargs)
        closed.status = Vacancy.Status.CLOSED  # an employer closes a vacancy during the bulk load
        closed.save()
        return written

    monkeypatch.setattr(reindex, "_fill", fill_then_change)
    report = reindex.rebuild_index(backend=ElasticsearchBackend())
    assert report.replayed >= 1
    assert list(elasticsearch.indexed_versions()) == [kept.pk]


def test_check_reports_index_drift(db, elasticsearch):
    vacancy = VacancyFactory()
    with pytest.raises(CommandError, match="drifted"):
        call_command("search_index", "--check")
    tasks.repair_search_drift()
    call_command("search_index", "--check")
    assert list(elasticsearch.indexed_versions()) == [vacancy.pk]


def test_the_index_analyses_dutch_text_with_stemming_by_default(db, elasticsearch, settings):
    settings.ELASTICSEARCH_STEMMING = True
    elasticsearch.create_index("stemming-check")
    analysis = elasticsearch.es.indices.get_settings(index="stemming-check")["stemming-check"]["settings"]["index"][
        "analysis"
    ]
    assert analysis["analyzer"]["dutch_text"]["filter"] == ["lowercase", "asciifolding", "dutch_stop", "dutch_snowball"]
    assert analysis["filter"]["dutch_snowball"] == {"type": "snowball", "language": "Dutch"}
    elasticsearch.es.indices.delete(index="stemming-check")
