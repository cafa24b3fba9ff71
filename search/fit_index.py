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
  trial placement, remote, kind) and a place number (its coordinates); facets, network filters and
  distances are computed once per combination or place and then looked up.

Every rule comes from where the SQL path takes it (`matching.rules` through `SearchQuery`), so the
two answer the same: the conformance suite checks both against the rule book.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from matching.rules import EARTH_RADIUS_KM, AtMost, IsTrue, box_around
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
    """`np.unique(values, axis=0, return_inverse=True)` up to the order of the distinct rows, many times faster:
    rows are hashed to one 64-bit number and grouped as such, then checked against one row of their group (a
    hash collision takes np.unique's slow, exact path)."""
    values = np.ascontiguousarray(values)
    first, inverse = _hash_groups(row_hashes(values))
    distinct = values[first]
    for column in range(values.shape[1]):  # column by column: a 1-D take is much faster than gathering rows
        if not np.array_equal(np.take(distinct[:, column], inverse), values[:, column]):
            distinct, inverse = np.unique(values, axis=0, return_inverse=True)
            return distinct, inverse.reshape(-1)
    return distinct, inverse


SAMPLE = 1 << 16


def _hash_groups(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a position of each distinct hash, the group of every position). Few distinct values (as facet
    combinations, loads and hours are) are found from a sample and looked up with a binary search; many (as
    places can be) take one sort, numpy's unstable SIMD quicksort rather than np.unique's stable merge sort."""
    if not len(hashes):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    sample_keys, sample_first = np.unique(hashes[:SAMPLE], return_index=True)
    if len(sample_keys) <= 1024:
        at = np.minimum(np.searchsorted(sample_keys, hashes), len(sample_keys) - 1)
        if np.array_equal(sample_keys[at], hashes):
            return sample_first, at
    order = np.argsort(hashes)
    ordered = hashes[order]
    starts = np.empty(len(ordered), dtype=bool)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    inverse = np.empty(len(hashes), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return order[starts], inverse


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

    def phased(self, combos: np.ndarray) -> np.ndarray:
        """1 where a row's combination (its number) offers a phased start, else 0."""
        flags = np.array([facet_values(key)["phased_start"] for key in self.facet_keys], dtype=np.int64)
        return np.take(flags, combos)


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
    combos = catalogues.combos.numbers(keys.reshape(-1, 1))
    hours = np.stack([*(_hours_column(columns[name]) for name in HOURS_COLUMNS), catalogues.phased(combos)], axis=1)
    return Segment(
        ids=np.ascontiguousarray(ids[order]) if ids.max(initial=0) >= 2**31 else ids[order].astype(np.int32),
        published=published[order],
        combo=combos[order],
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
    distances: Distances | None  # from the query's location
    place_in_range: np.ndarray | None
    text: dict[int, int] | None  # vacancy id -> title words matched, when the query has words


def _libm(function, values: np.ndarray) -> np.ndarray:
    return np.fromiter(map(function, values.tolist()), dtype=np.float64, count=len(values))


def _squared(values: np.ndarray) -> np.ndarray:
    return np.fromiter(map(math.pow, values.tolist(), repeat(2.0)), dtype=np.float64, count=len(values))


def place_distances(places: np.ndarray, lat: float, lon: float) -> np.ndarray:
    """The database backend's haversine expression, term by term and in its order, for the given places.

    Sums, products, quotients and square roots are exact in IEEE arithmetic, so numpy does those. sin, cos,
    pow and asin come from the C library, as PostgreSQL and SQLite (through Python's math) call them: numpy's
    own SIMD versions (on AVX-512) differ from it in the last bit for some values. tests/conformance compares
    the distances with SQL's exactly. About 0.4 µs per place, so only the places a query needs are worked out."""
    if not len(places):
        return np.zeros(0, dtype=np.float64)
    place_lat, place_lon = places[:, 0], places[:, 1]
    half_dphi = np.radians(place_lat - lat) / 2.0
    half_dlambda = np.radians(place_lon - lon) / 2.0
    a = _squared(_libm(math.sin, half_dphi)) + math.cos(math.radians(lat)) * _libm(
        math.cos, np.radians(place_lat)
    ) * _squared(_libm(math.sin, half_dlambda))
    return (2 * EARTH_RADIUS_KM) * _libm(math.asin, np.minimum(1.0, np.sqrt(a)))


def approximate_distances(places: np.ndarray, lat: float, lon: float) -> np.ndarray:
    """`place_distances` with numpy's own functions in float32: five times faster than in float64, and within
    `margin` of it (the coordinates rounded to float32 move a place by at most about 0.4 m, the functions add
    a few parts in a million)."""
    place_lat = places[:, 0].astype(np.float32)
    half_dphi = np.radians(place_lat - np.float32(lat)) / np.float32(2)
    half_dlambda = np.radians(places[:, 1].astype(np.float32) - np.float32(lon)) / np.float32(2)
    a = np.square(np.sin(half_dphi)) + np.float32(math.cos(math.radians(lat))) * np.cos(
        np.radians(place_lat)
    ) * np.square(np.sin(half_dlambda))
    return np.float32(2 * EARTH_RADIUS_KM) * np.arcsin(np.minimum(np.float32(1), np.sqrt(a)))


def margin(distance_km):
    """How far an approximate distance may be from the exact one, with room to spare: 2 m and 0.01 %. Where
    that is too close to call (a radius, the last distance that still makes a page), the exact one decides."""
    return 0.002 + 1e-4 * distance_km


class Distances:
    """Distances from one location to the catalogue's places, for one query and the next ones from there.

    Approximate distances decide what they can; exact ones (`place_distances`) are worked out where an
    approximate one is too close to call (to the radius, or to the last distance that still makes a page) and
    for the rows a query orders.
    Kept between queries: which places are within a radius; distances themselves are cheap to work out again
    for the rows a query orders."""

    def __init__(self, lat: float, lon: float):
        self.lat, self.lon = lat, lon
        self.within: dict[float, tuple[int, np.ndarray]] = {}  # radius -> (places then, in range per place)
        self.approximated = self.measured = 0  # places measured, approximately and exactly (for the tests)

    def nbytes(self) -> int:
        return sum(inside.nbytes for _n, inside in self.within.values())

    def exact(self, places: np.ndarray, numbers: np.ndarray) -> np.ndarray:
        """The exact distance of each place in `numbers` (place numbers), in that order."""
        self.measured += len(numbers)
        return place_distances(np.take(places, numbers, axis=0), self.lat, self.lon)

    def approximate(self, places: np.ndarray, numbers: np.ndarray) -> np.ndarray:
        self.approximated += len(numbers)
        return approximate_distances(np.take(places, numbers, axis=0), self.lat, self.lon)

    def in_range(self, places: np.ndarray, radius_km: float) -> np.ndarray:
        """Per place: within `radius_km`. Only the places in the box around the location are measured."""
        cached = self.within.get(radius_km)
        if cached is not None and cached[0] == len(places):
            return cached[1]
        (lat_low, lat_high), longitudes = box_around(self.lat, self.lon, radius_km)
        boxed = (places[:, 0] >= lat_low) & (places[:, 0] <= lat_high)
        if longitudes is not None:
            boxed &= (places[:, 1] >= longitudes[0]) & (places[:, 1] <= longitudes[1])
        numbers = np.flatnonzero(boxed)
        near = self.approximate(places, numbers).astype(np.float64)
        unsure = np.abs(near - radius_km) <= margin(radius_km)
        if unsure.any():
            near[unsure] = self.exact(places, numbers[unsure])
        inside = np.zeros(len(places), dtype=bool)
        inside[numbers] = near <= radius_km  # the unsure ones measured exactly above
        if len(self.within) >= 4:
            self.within.clear()
        self.within[radius_km] = (len(places), inside)
        return inside


def distances_from(catalogues: Catalogues, lat: float, lon: float) -> Distances:
    """The distances from a location, kept for the last locations asked (searches come from a few hundred
    municipalities): at most DISTANCE_CACHE locations, holding at most about DISTANCE_CACHE_BYTES."""
    key = (lat, lon)
    cached = catalogues.distances.get(key)
    if cached is None:
        kept = catalogues.distances
        while kept and (len(kept) >= DISTANCE_CACHE or sum(d.nbytes() for d in kept.values()) > DISTANCE_CACHE_BYTES):
            kept.pop(next(iter(kept)))
        cached = kept[key] = Distances(lat, lon)
    return cached


DISTANCE_CACHE = 64
DISTANCE_CACHE_BYTES = 16 << 20  # with 1M distinct places: about fifteen radii or two unbounded locations


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
    distances = place_in_range = None
    if query.location is not None:
        distances = distances_from(catalogues, query.location.lat, query.location.lon)
        if query.radius_km is not None:
            place_in_range = distances.in_range(catalogues.places.table, query.radius_km)
    return QueryPlan(
        query=query,
        table=table,
        verdicts=verdicts(query, catalogues, forbidden_bits([(c.code, c.green_max) for c in query.constraints])),
        combo_allowed=combo_allowed,
        combo_selected=combo_selected,
        distances=distances,
        place_in_range=place_in_range,
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


def _band(found: Matches, rows_at: np.ndarray, plan_: QueryPlan) -> np.ndarray:
    """The sort key before the distance and "newest" (which position gives): smaller comes first.

    "best": the fit, then the title words found; "distance" without a location (which the SQL path orders the
    same way but for the fit): the title words found; "distance" with a location: nothing before the distance."""
    query = plan_.query
    band = np.zeros(len(rows_at), dtype=np.int64)
    if query.sort == "distance" and plan_.distances is not None:
        return band
    words = len(query.words)
    if plan_.text is not None and words:
        ids = found.segment.ids[found.rows[rows_at]]
        relevance = np.fromiter((plan_.text.get(int(pk), 0) for pk in ids), dtype=np.int64, count=len(ids))
        band = words - relevance
    if query.sort == "best":
        band = found.orange[rows_at].astype(np.int64) * (words + 1) + band
    return band


def _smallest(keys: np.ndarray, k: int) -> int:
    """The k-th smallest of the (non-negative) keys. Counting is linear; numpy's partition slows down badly on
    many equal keys (ten times and more on a million keys of two values), so it serves only wide ranges."""
    top = int(keys.max())
    if top <= 2 * len(keys):
        return int(np.searchsorted(np.cumsum(np.bincount(keys, minlength=top + 1)), k))
    return int(np.partition(keys, k - 1)[k - 1])


def nearest(approximate: np.ndarray, k: int) -> np.ndarray:
    """Which of the approximate distances can belong to the k smallest exact ones: those up to the k-th
    smallest, and those too close to it to call."""
    kth = np.partition(approximate, k - 1)[k - 1]
    return approximate <= kth + 2 * margin(kth)  # one margin for the k-th, one for the row


def _place_numbers(found: Matches, rows_at: np.ndarray) -> np.ndarray:
    return np.take(found.segment.place, found.rows[rows_at]).astype(np.int64)


def _first(found: Matches, selected: np.ndarray, plan_: QueryPlan, places: np.ndarray, stop: int):
    """The first `stop` selected rows of a segment in the query's order: (band, distance, published, id, row
    index). Only rows that can be on the page are measured exactly: those in a band before the stop-th row's,
    and of that band the nearest (by approximate distance, with near ties)."""
    rows_at = np.flatnonzero(selected)
    if plan_.query.sort == "newest" or not len(rows_at):
        rows_at = rows_at[:stop]
        band = np.zeros(len(rows_at), dtype=np.int64)
        distance = np.zeros(len(rows_at))
    else:
        band = _band(found, rows_at, plan_)
        located = plan_.distances
        if len(band) > stop:
            threshold = _smallest(band, stop)
            below = np.flatnonzero(band < threshold)
            tied = np.flatnonzero(band == threshold)
            room = stop - len(below)
            if located is None:
                tied = tied[:room]  # position (newest first) decides within the band
            elif len(tied) > room:
                tied = tied[nearest(located.approximate(places, _place_numbers(found, rows_at[tied])), room)]
            near = np.sort(np.concatenate([below, tied]))
            rows_at, band = rows_at[near], band[near]
        numbers = _place_numbers(found, rows_at)
        distance = np.zeros(len(rows_at)) if located is None else located.exact(places, numbers)
        order = np.lexsort((distance, band))[:stop]  # stable: position (newest first) breaks ties
        rows_at, band, distance = rows_at[order], band[order], distance[order]
    segment = found.segment
    rows = found.rows[rows_at]
    return band, distance, segment.published[rows], segment.ids[rows], rows_at


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
    hits = page(found, plan_, catalogues.places.table)
    return SearchResult(count=count, hits=hits, facets=facets, backend="database")


def page(found: list[Matches], plan_: QueryPlan, places: np.ndarray) -> list[Hit]:
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
        parts.append((*_first(part, selected, plan_, places, stop), part))
    band, distance, published, ids, rows_at = (np.concatenate([p[i] for p in parts]) for i in range(5))
    origin = np.concatenate([np.full(len(p[0]), i) for i, p in enumerate(parts)])
    order = np.lexsort((-ids, -published, distance, band))[start:stop]
    chosen = [(parts[origin[i]][5], rows_at[i], int(ids[i])) for i in order]
    distances = [None] * len(chosen)
    if plan_.distances is not None and chosen:
        numbers = np.array([part.segment.place[part.rows[at]] for part, at, _id in chosen], dtype=np.int64)
        distances = plan_.distances.exact(places, numbers).tolist()
    return [
        Hit(pk, "orange" if part.orange[at] else "green", distance)
        for (part, at, pk), distance in zip(chosen, distances, strict=True)
    ]
