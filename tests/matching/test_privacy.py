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


def test_a_sentinel_limitation_stays_sealed(
    client, alice, bob, carol, case, network_a, caplog, django_capture_on_commit_callbacks
):
    tasks = []

    def remember(sender=None, args=None, kwargs=None, **_):
        tasks.append(repr((sender.name if sender else "", args, kwargs)))

    task_prerun.connect(remember, weak=False)
    caplog.set_level(logging.DEBUG)
    try:
        vacancy = VacancyFactory(
            employer=carol.employer_links.get().employer, network=network_a, load={"IV.13": 1}, adaptable=[]
        )
        client.force_login(bob)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("matching:client_profile_edit", args=[case.pk]),
                {
                    "source": "company_doctor",
                    "assessed_on": "2026-10-01",
                    "valid_from": "2026-10-05",
                    "per_week": "24",
                    "fml_IV_13": "1",
                    "limitation_IV_13": SENTINEL,
                },
            )
        urls = [response["Location"]]
        pages = [
            client.get(reverse("pages:client_detail", args=[case.pk])).content.decode(),
            client.get(reverse("search:client_search", args=[case.pk])).content.decode(),
        ]
        client.force_login(alice)
        pages.append(client.get(reverse("matching:my_profile")).content.decode())
        with django_capture_on_commit_callbacks(execute=True):
            page = client.get(reverse("search:search"))
        pages.append(page.content.decode())
        client.force_login(carol)
        employer_pages = [
            client.get(url).content.decode()
            for url in (
                reverse("network:employer_home"),
                reverse("listings:employer_vacancies"),
                reverse("listings:vacancy_detail", args=[vacancy.pk]),
            )
        ]
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


def _production_log_handler(stream) -> logging.Handler:
    """The console handler as production builds it (JSON lines, scrub and request-id filters)."""
    from logging.config import DictConfigurator

    from config.logging import build_logging

    config = build_logging({"version": 1}, log_format="json", level="DEBUG")
    configurator = DictConfigurator(config)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configurator.configure_formatter(config["formatters"]["json"]))
    for name in config["handlers"]["console"]["filters"]:
        handler.addFilter(configurator.configure_filter(config["filters"][name]))
    return handler


def test_warnings_about_bad_requests_hold_no_capacity(client, alice, caplog):
    """Django's 4xx warnings carry the request, whose repr holds the query string; a JSON log line would print it."""
    import io

    stream = io.StringIO()
    handler = _production_log_handler(stream)
    logging.getLogger().addHandler(handler)
    caplog.set_level(logging.DEBUG)
    try:
        sent = [
            client.post(f"/api/v1/search/?capacity.IV.13={SENTINEL}", "{}", content_type="application/json"),
            client.post(f"/api/v1/search/?note={SENTINEL}", "{not json", content_type="application/json"),
            client.get(f"/werkzoekende/profiel/?limitation={SENTINEL}"),  # anonymous: login redirect
            client.get(f"/vacatures/999999/?q={SENTINEL}"),  # 404
        ]
        client.force_login(alice)
        sent.append(client.get(f"/coordinator/moderatie/?q={SENTINEL}"))  # 403
        sent.append(client.post(f"/werk-zoeken/?q={SENTINEL}", {"per_week": "NaN", "limitation": SENTINEL}))
    finally:
        logging.getLogger().removeHandler(handler)
    assert [response.status_code for response in sent] == [400, 400, 302, 404, 403, 400]
    written = stream.getvalue()
    assert "Bad Request: /api/v1/search/" in written and "Not Found: /vacatures/999999/" in written
    assert '"request": "<POST /api/v1/search/>"' in written  # the request is named, without its query string
    assert SENTINEL not in written
