"""The change log of the searchable vacancies: what an in-memory fit index needs to stay exact.

Every write to `SearchEntry` calls `record_change` in the same transaction. It raises the version in
the one `SearchIndexState` row (an UPDATE, so a second writer waits for the first to commit: versions
become visible in order) and notes which vacancies changed at that version. A process's index reads
the state with one small query per search and catches up on the changes it has not seen yet.
"""

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from search.models import SearchChange, SearchIndexState

STATE_ID = 1


@dataclass(frozen=True)
class State:
    version: int
    token: str
    labels_version: int
    labels_token: str = ""

    @property
    def labels_key(self) -> tuple[int, str] | None:
        """None without a state row (a flushed test database): then labels are read, never cached."""
        return (self.labels_version, self.labels_token) if self.labels_token else None


def _state_row():
    return SearchIndexState.objects.filter(id=STATE_ID)


def _ensure_state() -> None:
    """The row is made by a migration; a flushed test database has lost it."""
    try:
        with transaction.atomic():
            SearchIndexState.objects.get_or_create(id=STATE_ID)
    except IntegrityError:  # another connection made it first
        pass


def _bump(**changes) -> None:
    if not _state_row().update(**changes):
        _ensure_state()
        _state_row().update(**changes)


def record_change(vacancy_ids=None) -> None:
    """The given vacancies changed (None: all of them, after a rebuild). Call inside the writing transaction."""
    if vacancy_ids is not None:
        vacancy_ids = sorted(set(vacancy_ids))
        if not vacancy_ids:
            return
    token = uuid.uuid4().hex
    with transaction.atomic():
        _bump(version=F("version") + 1, token=token)
        version = _state_row().values_list("version", flat=True).get()
        if vacancy_ids is None:
            SearchChange.objects.create(version=version, token=token, vacancy_id=None)
        else:
            SearchChange.objects.bulk_create(
                [SearchChange(version=version, token=token, vacancy_id=pk) for pk in vacancy_ids]
            )


def record_label_change() -> None:
    """A network or region changed: names and slugs that searches show must be read again."""
    _bump(labels_version=F("labels_version") + 1, labels_token=uuid.uuid4().hex)


def current_state() -> State:
    row = _state_row().values_list("version", "token", "labels_version", "labels_token").first()
    return State(*row) if row else State(0, "", 0, "")


def changes_since(version: int) -> list[tuple[int, str, int | None]]:
    """(version, token, vacancy id or None) of every change from `version` on (inclusive: its token shows
    whether the change a process saw at that version is still the one the database holds)."""
    return list(
        SearchChange.objects.filter(version__gte=version)
        .order_by("version", "vacancy_id")
        .values_list("version", "token", "vacancy_id")
    )


def prune_changes(keep: int = 100_000) -> int:
    """Forget all but the last `keep` versions; an index further behind than that rebuilds itself."""
    version = current_state().version
    deleted, _ = SearchChange.objects.filter(version__lte=version - keep).delete()
    return deleted
