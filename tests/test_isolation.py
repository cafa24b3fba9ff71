"""What one group of tests needs does not leak into the others.

This module sits at the top of tests/, so a full run collects it after every package, the browser
tests (tests/e2e) included.
"""

import asyncio
import os

import pytest
from django.core.exceptions import SynchronousOnlyOperation

from network.models import User


def test_orm_calls_from_async_code_are_allowed_only_beside_the_browser():
    """tests/e2e/conftest.py sets DJANGO_ALLOW_ASYNC_UNSAFE while Playwright runs, and only then."""
    assert os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE") is None


def test_django_refuses_orm_calls_from_async_code():
    """As in production: a query inside a coroutine is refused before it reaches the database (so this test
    needs none, and like the one above runs after the tests that do). With an event loop left running in
    this thread, as Playwright's is while it runs, asyncio.run refuses instead."""

    async def count_users():
        return User.objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(count_users())
