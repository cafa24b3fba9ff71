"""Read your writes across processes: a vacancy written in one process is in the very next search of
another process's fit index (PostgreSQL, in .ci/run's second pass: two processes need a shared database)."""

import json
import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from listings.models import Vacancy
from search import fit_store
from search.backends.indexed import IndexedDatabaseBackend
from search.query import SearchQuery
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]

# The other process: answers "search" with the ids its own index finds, and "publish <id>" / "close <id>"
# by changing a vacancy, one command per line.
OTHER = textwrap.dedent(
    """
    import json, os, sys
    import django
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    django.setup()
    from listings.models import Vacancy
    from search import fit_store
    from search.backends.indexed import IndexedDatabaseBackend
    from search.query import SearchQuery
    for line in sys.stdin:
        command, *rest = line.split()
        if command == "search":
            result = IndexedDatabaseBackend().search(SearchQuery(sort="newest", page_size=100))
            index = fit_store.holder.index
            print(json.dumps({"ids": [h.id for h in result.hits], "version": index.version if index else None}))
        elif command in ("publish", "close"):
            vacancy = Vacancy.objects.get(pk=int(rest[0]))
            vacancy.status = Vacancy.Status.PUBLISHED if command == "publish" else Vacancy.Status.CLOSED
            vacancy.save()
            print(json.dumps({"done": vacancy.pk}))
        sys.stdout.flush()
    """
)


@pytest.fixture
def other_process():
    if connection.vendor != "postgresql":
        pytest.skip("two processes share PostgreSQL: runs in .ci/run's second pass")
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "SEARCH_FIT_INDEX_LOAD": "inline", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", OTHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )

    def ask(command: str) -> dict:
        process.stdin.write(command + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())

    yield ask
    process.stdin.close()
    process.wait(timeout=30)
    process.stdout.close()


def own_ids() -> list[int]:
    return [hit.id for hit in IndexedDatabaseBackend().search(SearchQuery(sort="newest", page_size=100)).hits]


def test_a_vacancy_written_here_is_in_the_other_processes_very_next_search(other_process):
    first = VacancyFactory()
    assert other_process("search")["ids"] == [first.pk]  # its index loaded
    second = VacancyFactory()
    assert other_process("search")["ids"] == [second.pk, first.pk]
    first.status = Vacancy.Status.CLOSED
    first.save()
    assert other_process("search")["ids"] == [second.pk]
    second.per_week_min = Decimal(30)
    second.save()
    Vacancy.objects.filter(pk=second.pk).delete()
    assert other_process("search")["ids"] == []


def test_a_vacancy_written_there_is_in_this_processes_very_next_search(other_process):
    waiting = VacancyFactory(status=Vacancy.Status.CLOSED)
    shown = VacancyFactory()
    assert own_ids() == [shown.pk]
    loaded = fit_store.holder.index
    other_process(f"publish {waiting.pk}")
    assert sorted(own_ids()) == sorted([waiting.pk, shown.pk])
    assert fit_store.holder.index.base.ids is loaded.base.ids  # caught up through the delta, not loaded again
    other_process(f"close {shown.pk}")
    assert own_ids() == [waiting.pk]
