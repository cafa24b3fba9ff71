"""A real browser (Debian's Chromium, driven by Playwright) against pytest-django's live server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(reason="needs Chromium (apt-get install chromium); .ci/run installs it")
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture
def _orm_beside_playwrights_event_loop(monkeypatch):
    """While Playwright runs, its sync API marks its event loop as running in this thread, also between
    its calls, and Django refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation).
    The ORM calls a browser test makes around the browser are ordinary synchronous calls, so Django is
    told to allow them, while the browser runs and only then (tests/test_isolation.py checks the rest).
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser(transactional_db, _orm_beside_playwrights_event_loop):
    """Playwright and Chromium for one test, started after the test database is set up and stopped
    before it is flushed.

    With Playwright's loop marked running, Django also hands out other connection objects (asgiref's
    Local keeps them per context then), without the data that serialized_rollback restores: the
    database must be set up and flushed while Playwright does not run, or the browser tests leave data
    behind that breaks the next serialized_rollback test (the worker tests on PostgreSQL), and the
    connections opened meanwhile are closed before it stops.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
        connections.close_all()  # the ones opened while Playwright ran (see above)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
