"""The database backend with its fit index: the same answers as SQL, computed in memory.

While the index of this process loads (or after it could not), SQL answers: nothing waits for it.
"""

from search import fit_store
from search.backends.database import DatabaseBackend
from search.changes import current_state
from search.labels import labels
from search.query import SearchQuery
from search.results import SearchResult


class IndexedDatabaseBackend(DatabaseBackend):
    def search(self, query: SearchQuery, state=None) -> SearchResult:
        state = state or current_state()
        index = fit_store.holder.ready(state)
        if index is None:
            return super().search(query, state=state)
        return index.search(query, labels(state.labels_key), state.labels_key)


def backend():
    return IndexedDatabaseBackend()
