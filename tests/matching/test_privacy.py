"""Sentinel health data never leaves the sealed columns: not in logs, e-mails, task messages, the search
index, URLs, other tables, or an employer's pages."""

import logging

import pytest
from celery.signals import task_prerun
from django.core import mail
from django.db import connection
from django.urls import reverse

from matching.models import CapacityProfile
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db

SENTINEL = "SENTINEL-rugklacht-7f3a9"


def all_stored_text() -> str:
    """Every row of every table, as text (the sealed columns hold only ciphertext)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names come from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_a_sentinel_limitation_stays_sealed(client, alice, bob, carol, case, network_a, caplog,
                                            django_capture_on_commit_callbacks):
    tasks = []

    def remember(sender=None, args=None, kwargs=None, **_):
        tasks.append(repr((sender.name if sender else "", args, kwargs)))

    task_prerun.connect(remember, weak=False)
    caplog.set_level(logging.DEBUG)
    try:
        vacancy = VacancyFactory(employer=carol.employer_links.get().employer, network=network_a,
                                 load={"IV.13": 1}, adaptable=[])
        client.force_login(bob)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("matching:client_profile_edit", args=[case.pk]), {
                "source": "company_doctor", "assessed_on": "2026-10-01", "valid_from": "2026-10-05",
                "per_week": "24", "fml_IV_13": "1", "limitation_IV_13": SENTINEL})
        urls = [response["Location"]]
        pages = [client.get(reverse("matching:client_detail", args=[case.pk])).content.decode(),
                 client.get(reverse("search:client_search", args=[case.pk])).content.decode()]
        client.force_login(alice)
        pages.append(client.get(reverse("matching:my_profile")).content.decode())
        with django_capture_on_commit_callbacks(execute=True):
            page = client.get(reverse("search:search"))
        pages.append(page.content.decode())
        client.force_login(carol)
        employer_pages = [client.get(url).content.decode() for url in (
            reverse("network:employer_home"), reverse("listings:employer_vacancies"),
            reverse("listings:vacancy_detail", args=[vacancy.pk]))]
    finally:
        task_prerun.disconnect(remember)

    assert SENTINEL in pages[0] and SENTINEL in pages[2]  # the professional and the worker do see it
    stored = all_stored_text()
    assert "alice@example.nl" in stored and CapacityProfile.objects.get().sealed in stored  # the scan sees all
    assert SENTINEL not in stored
    assert not any(SENTINEL in record.getMessage() for record in caplog.records)
    assert not any(SENTINEL in message.body or SENTINEL in message.subject for message in mail.outbox)
    assert not any(SENTINEL in task for task in tasks)
    assert not any(SENTINEL in url for url in urls)
    assert not any(SENTINEL in html for html in employer_pages)
    assert "Alice" not in "".join(employer_pages)  # an employer does not even see who searched
