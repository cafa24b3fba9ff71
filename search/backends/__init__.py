"""Search backends. `get_search_backend()` picks one by the SEARCH_BACKEND setting.

Every backend offers `name`, `health()` and `search(query)`. "database" is SQL over `SearchEntry`,
answered from the in-memory fit index of `search.backends.indexed` when SEARCH_FIT_INDEX is on.
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
    if name == "database" and settings.SEARCH_FIT_INDEX:
        name = "indexed"  # the database backend, answered from its in-memory fit index
    module = import_module(f"search.backends.{name}")
    return module.backend()
