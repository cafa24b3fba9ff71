"""Search backends. `get_search_backend()` picks one by the SEARCH_BACKEND setting.

Every backend offers the same small interface; for now that is `name` and `health()`. Indexing
and querying are added with the search feature.
"""

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings


@dataclass(frozen=True)
class BackendHealth:
    name: str
    up: bool
    detail: str = ""


def get_search_backend(name: str | None = None):
    name = name or settings.SEARCH_BACKEND
    module = import_module(f"search.backends.{name}")
    return module.backend()
