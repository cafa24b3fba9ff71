"""Large demo top-ups go in with COPY on PostgreSQL: the same vacancies, field for field, as bulk_create writes."""

import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection

from listings import demo
from listings.models import Vacancy
from network.demo import load_network_demo

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FIELDS = [field for field in Vacancy._meta.concrete_fields if not field.primary_key]


@pytest.fixture
def inputs():
    load_network_demo(seed=1)
    call_command("import_occupations", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    return demo.demo_inputs()


def test_a_copy_row_holds_the_values_of_the_demo_vacancy(inputs):
    columns = demo._copy_columns()
    assert [column for column, *_rest in columns] == [field.column for field in FIELDS]
    for index in range(80):
        vacancy = demo.demo_vacancy(index, seed=3, now=NOW, **inputs)
        row = demo._copy_row(demo.demo_vacancy_fields(index, seed=3, now=NOW, **inputs), columns, NOW)
        for field, value in zip(FIELDS, row, strict=True):
            expected = getattr(vacancy, field.attname)
            if field.name == "updated_at":  # auto_now: set when written
                assert value == NOW
            elif field.get_internal_type() == "JSONField":
                assert json.loads(value) == expected, field.name
            else:
                assert value == expected, field.name


def snapshot() -> list[tuple]:
    names = [field.attname for field in FIELDS if field.name != "updated_at"]
    return list(Vacancy.objects.order_by("pk").values_list(*names))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_and_bulk_create_give_the_same_vacancies_and_top_up_alike(inputs, monkeypatch):
    monkeypatch.setattr(demo.timezone, "now", lambda: NOW)
    monkeypatch.setattr(demo, "COPY_BATCH_SIZE", 10)
    monkeypatch.setattr(demo, "COPY_FROM", 1_000_000)
    assert demo.load_vacancy_demo(count=45, seed=5) == {"existing": 0, "created": 45}
    by_bulk_create = snapshot()
    Vacancy.objects.all().delete()

    monkeypatch.setattr(demo, "COPY_FROM", 20)
    steps = []
    assert demo.load_vacancy_demo(count=25, seed=5, start_progress=lambda total: steps.append) == {
        "existing": 0,
        "created": 25,
    }
    assert steps == [10, 10, 5]  # COPY, in batches
    assert demo.load_vacancy_demo(count=45, seed=5) == {"existing": 25, "created": 20}  # COPY again
    assert demo.load_vacancy_demo(count=45, seed=5) == {"existing": 45, "created": 0}
    assert snapshot() == by_bulk_create
    assert Vacancy.objects.filter(updated_at=NOW).count() == 45
