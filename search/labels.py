"""The slugs of networks and regions that searches filter on and count by, read once per change.

Kept per process and read again when `SearchIndexState.labels_version` (or its token) moves (a network or region was
saved or deleted, see `search.signals`), so a search costs no queries for them.
"""

import threading
from dataclasses import dataclass

from network.models import Network, Region
from search.documents import facet_values
from search.results import yes_no


@dataclass(frozen=True)
class Labels:
    networks: dict[int, str]  # network id -> slug
    regions: dict[int, str]  # region id -> slug
    region_of: dict[int, str]  # network id -> its region's slug
    network_names: dict[str, str] = None  # slug -> name, for the facets on the page
    region_names: dict[str, str] = None

    def network_ids(self, slugs) -> list[int]:
        wanted = set(slugs)
        return [pk for pk, slug in self.networks.items() if slug in wanted]

    def region_ids(self, slugs) -> list[int]:
        wanted = set(slugs)
        return [pk for pk, slug in self.regions.items() if slug in wanted]


_lock = threading.Lock()
_cached: tuple[tuple, Labels] | None = None


def read_labels() -> Labels:
    network_rows = list(Network.objects.values_list("pk", "slug", "region_id", "name"))
    region_rows = list(Region.objects.values_list("pk", "slug", "name"))
    regions = {pk: slug for pk, slug, _name in region_rows}
    return Labels(
        networks={pk: slug for pk, slug, _region, _name in network_rows},
        regions=regions,
        region_of={pk: regions.get(region, "") for pk, _slug, region, _name in network_rows},
        network_names={slug: name for _pk, slug, _region, name in network_rows},
        region_names={slug: name for _pk, slug, name in region_rows},
    )


def labels(key: tuple | None) -> Labels:
    """The labels as of `key` (`State.labels_key`; None: read them now, without the cache)."""
    global _cached
    if key is None:
        return read_labels()
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    fresh = read_labels()
    with _lock:
        _cached = (key, fresh)
    return fresh


_this_request = threading.local()


def request_started(**kwargs) -> None:
    """A request begins in this thread: `current_labels()` reads the state once for all of it."""
    _this_request.active, _this_request.labels = True, None


def request_finished(**kwargs) -> None:
    _this_request.active, _this_request.labels = False, None


def current_labels() -> Labels:
    """The labels as the database holds them now: one small query when they are cached, and within a request
    none after the first (a page asks three times: for its parameters, its facets and its statistics).
    Outside a request (tasks, commands) every call reads the state."""
    from search.changes import current_state

    if not getattr(_this_request, "active", False):
        return labels(current_state().labels_key)
    if _this_request.labels is None:
        _this_request.labels = labels(current_state().labels_key)
    return _this_request.labels


def combination_facets(key: int, labels: Labels) -> dict[str, str]:
    """The facet values (all but the fit) of a vacancy with this `facet_key`, as searches show them."""
    values = facet_values(key)
    return {
        "kind": values["kind"],
        "network": labels.networks.get(values["network_id"], ""),
        "region": labels.region_of.get(values["network_id"], ""),
        "hours_band": values["hours_band"],
        "phased_start": yes_no(values["phased_start"]),
        "coaching": values["coaching"],
        "trial_placement": yes_no(values["trial_placement"]),
        "remote": yes_no(values["remote"]),
    }
