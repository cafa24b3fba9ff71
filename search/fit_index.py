"""The fit index: the database backend's filters, facets and order, computed in memory with numpy.

PostgreSQL (or SQLite) stays the only source of truth: the index holds, per published vacancy, the
columns of `SearchEntry` that filtering and ordering need, in compact arrays, and answers with ids;
the rows of a page are read from the database by id. `search.fit_store` keeps it in step.

Layout (one `Segment` per part: a large base, and a small delta with what changed since):
- rows in the order of "newest": published_at descending, then id descending, so that position
  is the last key of every sort;
- the packed load levels of `search.documents` (thermometer code, two 64-bit words, for the load and
  for the load after adaptation): "fits the capacity" is `(bits & mask) == 0` per word, as in SQL;
- hours in tenths (`NO_HOURS` where the column is empty);
- a combination number per row (its `facet_key`: network, hours band, phased start, coaching,
  trial placement, remote) and a place number (its coordinates); facets, network filters and
  distances are computed once per combination or place and then looked up.

Every rule comes from where the SQL path takes it (`matching.rules` through `SearchQuery`), so the
two answer the same: the conformance suite checks both against the rule book.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from matching.rules import EARTH_RADIUS_KM, AtMost, IsTrue
from search.documents import WORDS, facet_values, forbidden_bits, worker_tenths
from search.labels import combination_facets
from search.query import FACETS, FITS, SearchQuery
from search.results import Hit, SearchResult

NO_HOURS = np.iinfo(np.uint16).max  # an empty hours column: larger than any bound, so `<=` fails as NULL does
HOURS_COLUMNS = ("per_week_min", "per_day_max", "phased_start_per_week")
# The columns a segment is built from, in this order (`search.fit_store` reads them from SearchEntry).
ROW_FIELDS = (
    "vacancy_id",
    "published_us",
    *(f"load_bits_{i}" for i in range(WORDS)),
    *(f"pass_bits_{i}" for i in range(WORDS)),
    "facet_key",
    "latitude",
    "longitude",
    *HOURS_COLUMNS,
)


def _hours_column(values) -> np.ndarray:
    if isinstance(values, np.ndarray):  # empty values already NO_HOURS (the binary COPY of search.fit_store)
        return values.astype(np.int64)
    return np.array([NO_HOURS if v is None else v for v in values], dtype=np.int64)


MIX = np.uint64(0x9E3779B97F4A7C15)  # an odd 64-bit constant (the golden ratio's), to spread the bits


def row_hashes(values: np.ndarray) -> np.ndarray:
    """One 64-bit number per row (of any 8-byte dtype), mixing the bits of all its columns."""
    bits = np.ascontiguousarray(values).view(np.uint64).reshape(values.shape)
    mixed = np.zeros(len(values), dtype=np.uint64)
    for column in bits.T:
        mixed = (mixed ^ column) * MIX
        mixed ^= mixed >> np.uint64(29)
    return mixed


def distinct_rows(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(values, axis=0, return_inverse=True)`, ten times faster: rows are hashed to one 64-bit
    number, sorted as such, and checked against the first row of their group (a collision takes the
    slow, exact path)."""
    values = np.ascontiguousarray(values)
    _keys, first, inverse = np.unique(row_hashes(values), return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    if not np.array_equal(values[first][inverse], values):
        distinct, inverse = np.unique(values, axis=0, return_inverse=True)
        return distinct, inverse.reshape(-1)
    return values[first], inverse


class Numbering:
    """Numbers for distinct rows of values (a batch's new rows get the next numbers) and the table of those
    rows. All in numpy: a full load numbers a million rows with a million distinct places in about a second."""

    def __init__(self, width: int, dtype):
        self.width, self.dtype = width, dtype
        self.table = np.zeros((0, width), dtype=dtype)
        self._sorted_hashes: np.ndarray | None = None  # for looking up rows already numbered
        self._hash_order: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.table)

    @property
    def rows(self) -> list[tuple]:
        return [tuple(row) for row in self.table.tolist()]

    def _known(self, distinct: np.ndarray) -> np.ndarray:
        """The number of each distinct row that the table holds already, -1 for a new one."""
        found = np.full(len(distinct), -1, dtype=np.int64)
        if not len(self.table) or not len(distinct):
            return found
        if self._sorted_hashes is None:
            hashes = row_hashes(self.table)
            self._hash_order = np.argsort(hashes, kind="stable")
            self._sorted_hashes = hashes[self._hash_order]
        wanted = row_hashes(distinct)
        at = np.minimum(np.searchsorted(self._sorted_hashes, wanted), len(self.table) - 1)
        candidate = self._hash_order[at]
        same = (self._sorted_hashes[at] == wanted) & (self.table[candidate] == distinct).all(axis=1)
        found[same] = candidate[same]
        for i in np.flatnonzero((self._sorted_hashes[at] == wanted) & ~same):  # a hash collision: look closer
            equal = np.flatnonzero((self.table == distinct[i]).all(axis=1))
            if len(equal):
                found[i] = equal[0]
        return found

    def numbers(self, values: np.ndarray) -> np.ndarray:
        """The number of every row of `values` (rows × width); rows not seen before are added."""
        if not len(values):
            return np.zeros(0, dtype=np.uint16)
        distinct, inverse = distinct_rows(np.asarray(values, dtype=self.dtype).reshape(len(values), self.width))
        numbers = self._known(distinct)
        new = numbers < 0
        if new.any():
            numbers[new] = np.arange(len(self.table), len(self.table) + int(new.sum()))
            self.table = np.concatenate([self.table, distinct[new]])
            self._sorted_hashes = self._hash_order = None
        numbered = numbers[inverse]
        return numbered.astype(np.uint16) if len(self.table) <= 2**16 else numbered.astype(np.uint32)


class Catalogues:
    """The distinct combinations (facet keys), places, load levels and hours of an index's rows, shared by
    its segments: a row holds four small numbers, and a query is worked out once per distinct value."""

    def __init__(self):
        self.combos = Numbering(1, np.int64)
        self.places = Numbering(2, np.float64)
        self.loads = Numbering(2 * WORDS, np.int64)  # load words, then pass words (signed, as stored)
        self.hours = Numbering(len(HOURS_COLUMNS) + 1, np.int64)  # the hours columns, then phased start
        self.tables: dict = {}  # labels key -> (combinations known, ComboTable)
        self.distances: dict = {}  # (lat, lon, places known) -> distances_from()

    @property
    def facet_keys(self) -> list[int]:
        return self.combos.table[:, 0].tolist()

    def phased(self, facet_keys: np.ndarray) -> np.ndarray:
        distinct, inverse = np.unique(facet_keys, return_inverse=True)
        flags = np.array([facet_values(int(key))["phased_start"] for key in distinct], dtype=np.int64)
        return flags[inverse.reshape(-1)] if len(distinct) else np.zeros(0, dtype=np.int64)


@dataclass
class Segment:
    ids: np.ndarray  # int64
    published: np.ndarray  # int64 microseconds
    combo: np.ndarray  # numbers into the catalogues
    place: np.ndarray
    load: np.ndarray
    hours: np.ndarray
    alive: np.ndarray | None = None  # False where a later segment holds a newer version of the row
    _by_id: np.ndarray | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def live(self) -> int:
        return len(self) if self.alive is None else int(self.alive.sum())

    def positions_of(self, ids) -> np.ndarray:
        """Positions of the given ids (those present), through an id-ordered permutation made on first use."""
        if not len(self):
            return np.zeros(0, dtype=np.int64)
        if self._by_id is None:
            self._by_id = np.argsort(self.ids, kind="stable")
        ids = np.asarray(ids, dtype=np.int64)
        where = np.minimum(np.searchsorted(self.ids, ids, sorter=self._by_id), len(self) - 1)
        found = self._by_id[where]
        return found[self.ids[found] == ids]

    def nbytes(self) -> int:
        arrays = [self.ids, self.published, self.combo, self.place, self.load, self.hours]
        arrays += [a for a in (self.alive, self._by_id) if a is not None]
        return sum(a.nbytes for a in arrays)


def build_segment(columns: dict, catalogues: Catalogues) -> Segment:
    """A segment from columns named as in `ROW_FIELDS`, in any order (sorted here)."""
    ids = np.asarray(columns["vacancy_id"], dtype=np.int64)
    published = np.asarray(columns["published_us"], dtype=np.int64)
    order = np.lexsort((-ids, -published))  # newest first, then the higher id
    keys = np.asarray(columns["facet_key"], dtype=np.int64)
    places = np.stack([np.asarray(columns[name], dtype=np.float64) for name in ("latitude", "longitude")], axis=1)
    loads = np.stack(
        [np.asarray(columns[f"{kind}_bits_{i}"], dtype=np.int64) for kind in ("load", "pass") for i in range(WORDS)],
        axis=1,
    )
    hours = np.stack([*(_hours_column(columns[name]) for name in HOURS_COLUMNS), catalogues.phased(keys)], axis=1)
    return Segment(
        ids=np.ascontiguousarray(ids[order]) if ids.max(initial=0) >= 2**31 else ids[order].astype(np.int32),
        published=published[order],
        combo=catalogues.combos.numbers(keys.reshape(-1, 1))[order],
        place=catalogues.places.numbers(places)[order],
        load=catalogues.loads.numbers(loads)[order],
        hours=catalogues.hours.numbers(hours)[order],
    )


# --- answering a query ------------------------------------------------------------------------------


COMBO_FACETS = tuple(name for name in FACETS if name != "fit")


class ComboTable:
    """Per combination (facet key), the index of its value for each facet, made once per labels and
    catalogue size; facet filters and facet counts are then array operations over a few hundred cells."""

    def __init__(self, facet_keys: list[int], labels):
        rows = [combination_facets(key, labels) for key in facet_keys]
        self.values: dict[str, list[str]] = {}
        self.index: dict[str, np.ndarray] = {}
        for name in COMBO_FACETS:
            distinct = sorted({row[name] for row in rows})
            position = {value: i for i, value in enumerate(distinct)}
            self.values[name] = distinct
            self.index[name] = np.array([position[row[name]] for row in rows], dtype=np.int64)
        self.values["fit"] = list(FITS)
        self.remote = self.has("remote", "true")

    def has(self, name: str, value: str) -> np.ndarray:
        return self.allows(name, frozenset({value}))

    def allows(self, name: str, chosen) -> np.ndarray:
        wanted = np.array([value in chosen for value in self.values[name]], dtype=bool)
        return wanted[self.index[name]] if len(wanted) else np.zeros(len(self.index[name]), dtype=bool)


def combo_table(catalogues: Catalogues, labels, key) -> ComboTable:
    cached = catalogues.tables.get(key)
    if cached is None or cached[0] != len(catalogues.combos):
        if len(catalogues.tables) > 8:  # labels that changed since are not asked for again
            catalogues.tables.clear()
        cached = catalogues.tables[key] = (len(catalogues.combos), ComboTable(catalogues.facet_keys, labels))
    return cached[1]


@dataclass
class QueryPlan:
    """What a query means for one index: per combination, per place, plus the words' matches."""

    query: SearchQuery
    table: ComboTable
    verdicts: Verdicts
    combo_allowed: np.ndarray  # the query's networks
    combo_selected: np.ndarray  # the facet selections (all but fit)
    place_distance: np.ndarray | None
    place_in_range: np.ndarray | None
    place_rank: np.ndarray | None
    ranks: int
    text: dict[int, int] | None  # vacancy id -> title words matched, when the query has words


def place_distances(places: np.ndarray, lat: float, lon: float) -> np.ndarray:
    """The database backend's haversine expression, term by term and in its order, for every place at once.

    numpy's float64 sin, cos, arcsin, sqrt and (with an array exponent) power give the same bits as the
    C library that PostgreSQL and SQLite (through Python's math) call, on x86-64 without AVX-512 (numpy
    may use its own SIMD code there); tests/conformance compares the distances with SQL's exactly."""
    if not len(places):
        return np.zeros(0, dtype=np.float64)
    place_lat, place_lon = places[:, 0], places[:, 1]
    two = np.full(len(places), 2.0)  # an array exponent: numpy squares a scalar 2 itself, libm's pow may differ
    half_dphi = np.radians(place_lat - lat) / 2.0
    half_dlambda = np.radians(place_lon - lon) / 2.0
    a = np.power(np.sin(half_dphi), two) + math.cos(math.radians(lat)) * np.cos(np.radians(place_lat)) * np.power(
        np.sin(half_dlambda), two
    )
    return (2 * EARTH_RADIUS_KM) * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def distances_from(catalogues: Catalogues, lat: float, lon: float) -> tuple[np.ndarray, np.ndarray, int]:
    """Distance per place, the rank of each distance among them (equal distances share one), and how many
    ranks; kept for the last locations asked (searches come from a few hundred municipalities)."""
    key = (lat, lon, len(catalogues.places))
    cached = catalogues.distances.get(key)
    if cached is None:
        distance = place_distances(catalogues.places.table, lat, lon)
        distinct, rank = np.unique(distance, return_inverse=True)
        cached = (distance, rank.reshape(-1).astype(np.int64), max(len(distinct), 1))
        # At most DISTANCE_CACHE locations, and about 32 MB: with a million distinct places, two.
        room = max(1, min(DISTANCE_CACHE, DISTANCE_CACHE_VALUES // max(len(distance), 1)))
        while len(catalogues.distances) >= room:
            catalogues.distances.pop(next(iter(catalogues.distances)))
        catalogues.distances[key] = cached
    return cached


DISTANCE_CACHE = 64
DISTANCE_CACHE_VALUES = 2_000_000  # distances and ranks kept, 16 bytes each


def plan(query: SearchQuery, catalogues: Catalogues, labels, text: dict[int, int] | None, labels_key=None) -> QueryPlan:
    if labels_key is None:  # labels that are not versioned are not cached either
        table = ComboTable(catalogues.facet_keys, labels)
    else:
        table = combo_table(catalogues, labels, labels_key)
    combos = len(catalogues.combos)
    combo_allowed = table.allows("network", set(query.networks)) if query.networks else np.ones(combos, dtype=bool)
    combo_selected = np.ones(combos, dtype=bool)
    for name, values in query.selected.items():
        if name != "fit":
            combo_selected &= table.allows(name, values)
    place_distance = place_in_range = place_rank = None
    ranks = 1
    if query.location is not None:
        place_distance, place_rank, ranks = distances_from(catalogues, query.location.lat, query.location.lon)
        if query.radius_km is not None:
            place_in_range = place_distance <= query.radius_km
    return QueryPlan(
        query=query,
        table=table,
        verdicts=verdicts(query, catalogues, forbidden_bits([(c.code, c.green_max) for c in query.constraints])),
        combo_allowed=combo_allowed,
        combo_selected=combo_selected,
        place_distance=place_distance,
        place_in_range=place_in_range,
        place_rank=place_rank,
        ranks=ranks,
        text=text,
    )


def facet_cells(counts: np.ndarray, plan_: QueryPlan) -> tuple[int, dict]:
    """`search.results.facet_counts`, on counts per (combination, fit) cell: each facet counts over the cells
    that every *other* facet's selection lets through, the total over those all selections let through."""
    query, table = plan_.query, plan_.table
    cells = counts.reshape(-1, 2)  # [combination, green/orange]
    value_of = {name: np.repeat(table.index[name][:, None], 2, axis=1) for name in COMBO_FACETS}
    value_of["fit"] = np.broadcast_to(np.arange(2), cells.shape)
    passes = {}
    for name in FACETS:
        chosen = query.selection(name)
        if chosen:
            wanted = np.array([value in chosen for value in table.values[name]], dtype=bool)
            passes[name] = wanted[value_of[name]]
    everything = np.ones(cells.shape, dtype=bool)
    for ok in passes.values():
        everything &= ok
    total = int(cells[everything].sum())
    facets = {}
    for name in FACETS:
        others = np.ones(cells.shape, dtype=bool)
        for other, ok in passes.items():
            if other != name:
                others &= ok
        sums = np.bincount(value_of[name][others], weights=cells[others], minlength=len(table.values[name]))
        facets[name] = {table.values[name][i]: int(n) for i, n in enumerate(sums) if n > 0}
    return total, facets


def _bits_clear(words: np.ndarray, masks: list[int]) -> np.ndarray:
    """Per row of `words` (signed 64-bit words as stored): no forbidden bit set in any word."""
    clear = np.ones(len(words), dtype=bool)
    for index, mask in enumerate(masks):
        if mask:
            clear &= (words[:, index].view(np.uint64) & np.uint64(mask)) == 0
    return clear


def _condition(hours: np.ndarray, condition) -> np.ndarray:
    """One hours condition over the catalogue's distinct hours (columns as in HOURS_COLUMNS, then phased)."""
    match condition:
        case AtMost(name, value, or_missing):
            column = hours[:, HOURS_COLUMNS.index(name)]
            within = column <= worker_tenths(value)
            return within | (column == NO_HOURS) if or_missing else within
        case IsTrue("phased_start"):
            return hours[:, len(HOURS_COLUMNS)] == 1
    raise TypeError(f"not an hours condition the index knows: {condition!r}")


def _all(hours: np.ndarray, conditions) -> np.ndarray:
    result = np.ones(len(hours), dtype=bool)
    for condition in conditions:
        result &= _condition(hours, condition)
    return result


@dataclass
class Verdicts:
    """Per distinct value of the catalogues: passes the query, and is orange when it does."""

    load_passes: np.ndarray | None  # None: every load passes (no capacity limit)
    load_orange: np.ndarray | None
    hours_passes: np.ndarray | None
    hours_orange: np.ndarray | None


def verdicts(query: SearchQuery, catalogues: Catalogues, masks: list[int]) -> Verdicts:
    load_passes = load_orange = hours_passes = hours_orange = None
    if any(masks):
        words = catalogues.loads.table
        green = _bits_clear(words[:, :WORDS], masks)
        if query.include_orange:
            load_passes = _bits_clear(words[:, WORDS:], masks)
            load_orange = load_passes & ~green
        else:
            load_passes = green
    rule = query.hours_rule
    if rule is not None:
        hours = catalogues.hours.table
        green = _all(hours, rule.green)
        fits = green | _all(hours, rule.orange) if rule.orange is not None else green
        hours_passes = _all(hours, rule.required) & fits
        if rule.orange is not None:
            hours_orange = ~green
    return Verdicts(load_passes, load_orange, hours_passes, hours_orange)


@dataclass
class Matches:
    """One segment's rows that pass the query (before facet selections), and which of them are orange."""

    segment: Segment
    rows: np.ndarray  # positions, ascending (newest first)
    orange: np.ndarray  # bool per entry of rows


def matches(segment: Segment, plan_: QueryPlan) -> Matches:
    """Lookups of per-value verdicts by the rows' numbers (np.take: about twice as fast as indexing)."""
    verdict = plan_.verdicts
    keep = None if segment.alive is None else segment.alive.copy()

    def narrow(passes: np.ndarray) -> None:
        nonlocal keep
        keep = passes if keep is None else np.logical_and(keep, passes, out=keep)

    if verdict.load_passes is not None:
        narrow(np.take(verdict.load_passes, segment.load))
    if verdict.hours_passes is not None:
        narrow(np.take(verdict.hours_passes, segment.hours))
    if plan_.query.networks:
        narrow(np.take(plan_.combo_allowed, segment.combo))
    if plan_.place_in_range is not None:
        narrow(np.take(plan_.place_in_range, segment.place) | np.take(plan_.table.remote, segment.combo))
    if plan_.text is not None:
        in_text = np.zeros(len(segment), dtype=bool)
        in_text[segment.positions_of(list(plan_.text))] = True
        narrow(in_text)
    rows = np.flatnonzero(keep) if keep is not None else np.arange(len(segment))
    orange = np.zeros(len(rows), dtype=bool)
    if verdict.load_orange is not None:
        orange |= np.take(verdict.load_orange, np.take(segment.load, rows))
    if verdict.hours_orange is not None:
        orange |= np.take(verdict.hours_orange, np.take(segment.hours, rows))
    return Matches(segment, rows, orange)


def _order_key(found: Matches, rows_at: np.ndarray, plan_: QueryPlan) -> np.ndarray:
    """The sort key before "newest" (which position gives): smaller comes first."""
    query = plan_.query
    rows = found.rows[rows_at]
    if query.sort == "distance" and plan_.place_rank is not None:
        return plan_.place_rank[found.segment.place[rows]]
    # "best" (and "distance" without a location, which the SQL path orders the same way but for the fit):
    # the title words found, then the distance, then newest.
    key = np.zeros(len(rows_at), dtype=np.int64)
    words = len(query.words)
    if plan_.text is not None and words:
        ids = found.segment.ids[rows]
        relevance = np.fromiter((plan_.text.get(int(pk), 0) for pk in ids), dtype=np.int64, count=len(ids))
        key = words - relevance
    if plan_.place_rank is not None:
        key = key * plan_.ranks + plan_.place_rank[found.segment.place[rows]]
    if query.sort == "best":
        key = found.orange[rows_at].astype(np.int64) * _span(query, plan_) + key
    return key


def _span(query: SearchQuery, plan_: QueryPlan) -> int:
    return (len(query.words) + 1) * plan_.ranks


def _first(found: Matches, selected: np.ndarray, plan_: QueryPlan, stop: int):
    """The first `stop` selected rows of a segment in the query's order: (key, published, id, row index)."""
    rows_at = np.flatnonzero(selected)
    if plan_.query.sort == "newest" or not len(rows_at):
        rows_at = rows_at[:stop]
        keys = np.zeros(len(rows_at), dtype=np.int64)
    else:
        keys = _order_key(found, rows_at, plan_)
        if len(keys) > stop:
            # Only the rows with a key below the stop-th smallest, and the first ones (by position) with a key
            # equal to it, can be on the page: a cut, then a sort of at most `stop` rows.
            threshold = np.partition(keys, stop - 1)[stop - 1]
            below = np.flatnonzero(keys < threshold)
            equal = np.flatnonzero(keys == threshold)[: stop - len(below)]
            near = np.sort(np.concatenate([below, equal]))
            rows_at, keys = rows_at[near], keys[near]
        order = np.argsort(keys, kind="stable")[:stop]  # stable: position (newest first) breaks ties
        rows_at, keys = rows_at[order], keys[order]
    segment = found.segment
    rows = found.rows[rows_at]
    return keys, segment.published[rows], segment.ids[rows], rows_at


def answer(
    segments: list[Segment], catalogues: Catalogues, query: SearchQuery, labels, text=None, labels_key=None
) -> SearchResult:
    plan_ = plan(query, catalogues, labels, text, labels_key)
    found = [matches(segment, plan_) for segment in segments]
    counts = np.zeros(2 * len(catalogues.combos), dtype=np.int64)
    for part in found:
        if len(part.rows):
            cells = np.take(part.segment.combo, part.rows).astype(np.int32) * 2 + part.orange
            counts += np.bincount(cells, minlength=len(counts))
    count, facets = facet_cells(counts, plan_)
    return SearchResult(count=count, hits=page(found, plan_), facets=facets, backend="database")


def page(found: list[Matches], plan_: QueryPlan) -> list[Hit]:
    query = plan_.query
    start, stop = query.offset, query.offset + query.page_size
    fits = query.selection("fit")
    parts = []
    for part in found:
        if plan_.combo_selected.all():
            selected = np.ones(len(part.rows), dtype=bool)
        else:
            selected = np.take(plan_.combo_selected, np.take(part.segment.combo, part.rows))
        if fits:
            selected &= np.where(part.orange, "orange" in fits, "green" in fits)
        keys, published, ids, rows_at = _first(part, selected, plan_, stop)
        parts.append((keys, published, ids, rows_at, part))
    keys = np.concatenate([p[0] for p in parts])
    published = np.concatenate([p[1] for p in parts])
    ids = np.concatenate([p[2] for p in parts])
    origin = np.concatenate([np.full(len(p[0]), i) for i, p in enumerate(parts)])
    rows_at = np.concatenate([p[3] for p in parts])
    order = np.lexsort((-ids, -published, keys))[start:stop]
    hits = []
    for i in order:
        part = parts[origin[i]][4]
        at = rows_at[i]
        distance = None
        if plan_.place_distance is not None:
            distance = float(plan_.place_distance[part.segment.place[part.rows[at]]])
        hits.append(Hit(int(ids[i]), "orange" if part.orange[at] else "green", distance))
    return hits
