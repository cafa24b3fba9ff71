"""A process's fit index (`search.fit_index`), loaded from the database and kept in step with it.

- Loading: the first search starts it (in a thread, so that request and the ones after it are answered
  by SQL until the index is ready; `SEARCH_FIT_INDEX_LOAD = "inline"` loads within the request).
- Read your writes: before every answer, one small query reads `SearchIndexState`. When its version
  moved, the vacancies changed since are read again by id into a small delta segment, and their old
  rows in the base are switched off. So a vacancy published, changed or taken offline in any process
  is in the very next search of every process.
- A version the index saw but the database no longer holds (a rolled-back transaction), a rebuild of
  the whole table, or a change log pruned past the index: the index loads again from scratch.
- When the delta grows past `COMPACT_AT` rows the base is loaded again in a thread, meanwhile the
  current base and delta keep answering.

Nothing about a worker is ever stored here: the index holds vacancy columns only.
"""

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
import psycopg
from django.conf import settings
from django.db import close_old_connections, connection

from search.backends.database import relevance_expression, text_filter
from search.changes import State, changes_since, current_state
from search.documents import WORDS
from search.fit_index import HOURS_COLUMNS, NO_HOURS, ROW_FIELDS, Catalogues, Segment, answer, build_segment
from search.models import SearchEntry

logger = logging.getLogger(__name__)

CHUNK = 50_000
COMPACT_AT = 20_000
ENTRY_COLUMNS = (
    "vacancy_id",
    *(f"load_bits_{i}" for i in range(WORDS)),
    *(f"pass_bits_{i}" for i in range(WORDS)),
    "facet_key",
    "latitude",
    "longitude",
    *HOURS_COLUMNS,
)


@dataclass
class FitIndex:
    version: int
    token: str
    catalogues: Catalogues
    base: Segment
    delta: Segment | None = None
    delta_rows: dict[int, tuple] = field(default_factory=dict)  # vacancy id -> its row (None: gone)
    loaded_in_s: float = 0.0

    @property
    def segments(self) -> list[Segment]:
        return [self.base] + ([self.delta] if self.delta is not None else [])

    @property
    def size(self) -> int:
        return sum(segment.live() for segment in self.segments)

    def nbytes(self) -> int:
        return sum(segment.nbytes() for segment in self.segments)

    def search(self, query, labels, labels_key=None):
        return answer(self.segments, self.catalogues, query, labels, text=text_matches(query), labels_key=labels_key)


# --- reading from the database -------------------------------------------------------------------------


EPOCH_US_SQL = {"postgresql": "(EXTRACT(EPOCH FROM published_at) * 1000000)::bigint"}


def _select_sql(where: str = "") -> str:
    table = SearchEntry._meta.db_table
    columns = ", ".join(["vacancy_id", EPOCH_US_SQL[connection.vendor], *ENTRY_COLUMNS[1:]])
    return f"SELECT {columns} FROM {table}{where}"  # noqa: S608  (only our own column names)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _epoch_us(moment) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)  # exact, unlike a float timestamp


def read_rows(vacancy_ids=None):
    """Rows in `ROW_FIELDS` order, in chunks: all entries, or those of the given vacancies."""
    if connection.vendor in EPOCH_US_SQL:
        where, params = "", []
        if vacancy_ids is not None:
            where, params = " WHERE vacancy_id = ANY(%s)", [list(vacancy_ids)]
        with connection.cursor() as cursor:
            cursor.execute(_select_sql(where), params)
            while rows := cursor.fetchmany(CHUNK):
                yield rows
        return
    entries = SearchEntry.objects.all()
    if vacancy_ids is not None:
        entries = entries.filter(vacancy_id__in=list(vacancy_ids))
    fields = [*ENTRY_COLUMNS[:1], "published_at", *ENTRY_COLUMNS[1:]]
    chunk = []
    for row in entries.values_list(*fields).iterator(chunk_size=CHUNK):
        chunk.append((row[0], _epoch_us(row[1]), *row[2:]))
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def columns_of(chunks) -> dict:
    """Per field of `ROW_FIELDS`, one numpy array (or list, for columns with empty values) over all chunks."""
    parts: dict[str, list] = {name: [] for name in ROW_FIELDS}
    for rows in chunks:
        for name, values in zip(ROW_FIELDS, zip(*rows, strict=True), strict=True):
            parts[name].append(values if name in HOURS_COLUMNS else np.asarray(values))
    columns = {}
    for name, pieces in parts.items():
        if name in HOURS_COLUMNS:
            columns[name] = [value for piece in pieces for value in piece]
        else:
            columns[name] = np.concatenate(pieces) if pieces else np.zeros(0)
    return columns


def text_matches(query) -> dict[int, int] | None:
    """For a query with words: vacancy id -> how many of the words its title holds, for every vacancy that
    holds all words (the SQL path's own `text_filter` and `relevance_expression`)."""
    if not query.words:
        return None
    entries = SearchEntry.objects.filter(text_filter(query))
    return dict(entries.annotate(relevance=relevance_expression(query.words)).values_list("vacancy_id", "relevance"))


# On PostgreSQL every column comes as one bytea value: its values in their binary form (big-endian, as the
# *send functions give them), joined by string_agg. All aggregates of one SELECT see the rows in the same order,
# so the n-th value of every column belongs to the same row. Fourteen values, not a million rows: numpy reads
# them as they are, and neither psycopg nor Python touches a row.
BLOCK_FIELDS = (  # (column, its binary type, the SQL expression giving one value in that type)
    ("vacancy_id", ">i8", "int8send(vacancy_id::int8)"),
    ("published_us", ">i8", "timestamptz_send(published_at)"),  # microseconds since 2000-01-01 UTC
    *(
        (f"{kind}_bits_{i}", ">i8", f"int8send({kind}_bits_{i}::int8)")
        for kind in ("load", "pass")
        for i in range(WORDS)
    ),
    ("facet_key", ">i8", "int8send(facet_key::int8)"),
    ("latitude", ">f8", "float8send(latitude::float8)"),
    ("longitude", ">f8", "float8send(longitude::float8)"),
    *((name, ">i4", f"int4send(COALESCE({name}, {NO_HOURS})::int4)") for name in HOURS_COLUMNS),
)
POSTGRES_EPOCH_US = 946_684_800_000_000  # 2000-01-01 UTC in microseconds since 1970


def block_columns() -> dict:
    """Every search entry's columns in one query of one row (PostgreSQL): about a second at a million rows."""
    table = SearchEntry._meta.db_table
    selected = ", ".join(f"string_agg({expression}, ''::bytea)" for _name, _kind, expression in BLOCK_FIELDS)
    connection.ensure_connection()
    # A plain psycopg cursor (Django's binds on the client, which has no binary results): bytea as bytes, not hex.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(f"SELECT {selected} FROM {table}", binary=True)  # noqa: S608  (our own names)
        blocks = cursor.fetchone()
    columns = {
        name: np.frombuffer(block or b"", dtype=kind).astype(kind.replace(">", "="))
        for (name, kind, _expression), block in zip(BLOCK_FIELDS, blocks, strict=True)
    }
    columns["published_us"] += POSTGRES_EPOCH_US
    return columns


def load(state: State | None = None) -> FitIndex:
    """A new index of every search entry, at `state` (read first, so that changes while reading are caught up)."""
    started = time.perf_counter()
    state = state or current_state()
    catalogues = Catalogues()
    columns = block_columns() if connection.vendor == "postgresql" else columns_of(read_rows())
    base = build_segment(columns, catalogues)
    return FitIndex(state.version, state.token, catalogues, base, loaded_in_s=time.perf_counter() - started)


def caught_up(index: FitIndex, state: State) -> FitIndex | None:
    """`index` brought to `state` with the changes since; None when only loading again can do it."""
    if (index.version, index.token) == (state.version, state.token):
        return index
    changes = changes_since(index.version)
    seen = [token for version, token, _id in changes if version == index.version]
    if index.version and (not seen or seen[0] != index.token):
        return None  # what the index saw at its version was rolled back, or the log was pruned past it
    newer = [(version, token, pk) for version, token, pk in changes if version > index.version]
    if not newer:
        return None if state.version != index.version else index
    if any(pk is None for _v, _t, pk in newer):
        return None  # the whole table was rebuilt
    version, token = newer[-1][0], newer[-1][1]
    changed = sorted({pk for _v, _t, pk in newer})
    fresh = {row[0]: row for rows in read_rows(changed) for row in rows}
    delta_rows = {**index.delta_rows, **{pk: fresh.get(pk) for pk in changed}}
    alive = np.ones(len(index.base), dtype=bool) if index.base.alive is None else index.base.alive.copy()
    alive[index.base.positions_of(changed)] = False
    base = Segment(**{**index.base.__dict__, "alive": alive})
    present = [row for row in delta_rows.values() if row is not None]
    delta = build_segment(columns_of([present]), index.catalogues) if present else None
    return FitIndex(version, token, index.catalogues, base, delta, delta_rows, index.loaded_in_s)


# --- the process's index ---------------------------------------------------------------------------------


class Holder:
    """The index of this process: one at a time, swapped whole, so a search in another thread always reads
    a consistent one."""

    def __init__(self):
        self.index: FitIndex | None = None
        self.lock = threading.Lock()
        self.loading: threading.Thread | None = None
        self.failures = 0

    def ready(self, state: State) -> FitIndex | None:
        """The index at `state`, or None while it loads (the caller answers with SQL)."""
        index = self.index
        if index is not None:
            with self.lock:
                index = self.index
                updated = caught_up(index, state) if index is not None else None
                if updated is not None:
                    self.index = updated
                    if updated.delta is not None and len(updated.delta_rows) > COMPACT_AT:
                        self._start_loading(state)  # the current index answers meanwhile
                    return updated
                self.index = None  # it cannot catch up: load again, SQL answers meanwhile
        self._start_loading(state)
        return self.index if self.index is not None and self.index.version == state.version else None

    def _start_loading(self, state: State) -> None:
        if getattr(settings, "SEARCH_FIT_INDEX_LOAD", "background") == "inline":
            self.index = load(state)
            return
        if self.loading is not None and self.loading.is_alive():
            return
        self.loading = threading.Thread(target=self._load_in_thread, name="fit-index-load", daemon=True)
        self.loading.start()

    def _load_in_thread(self) -> None:
        try:
            fresh = load()
            with self.lock:
                current = self.index
                if current is None or current.version <= fresh.version:
                    self.index = fresh
            self.failures = 0
            logger.info("fit index loaded: %s vacancies in %.2f s", fresh.size, fresh.loaded_in_s)
        except Exception:  # the database is down or busy: SQL answers, the next search tries again
            self.failures += 1
            logger.exception("fit index could not load")
        finally:
            close_old_connections()
            connection.close()

    def reset(self) -> None:
        with self.lock:
            self.index = None


holder = Holder()


def enabled() -> bool:
    return bool(getattr(settings, "SEARCH_FIT_INDEX", False))
