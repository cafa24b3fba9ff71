"""The database backend's own table: one row per published vacancy, kept in step with listings.

Load levels are packed per row into a few integers (see `search.documents`), so a capacity
compiles to one bitwise test per word on a narrow row; hours are whole tenths.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.querysets import WorkerOwnedQuerySet
from search.documents import WORDS


class SearchEntry(models.Model):
    vacancy = models.OneToOneField(
        "listings.Vacancy", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    kind = models.CharField(max_length=20, default="vacancy")  # listings.Vacancy.Kind
    network = models.ForeignKey("network.Network", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("network.Region", on_delete=models.CASCADE, related_name="+")
    latitude = models.FloatField()
    longitude = models.FloatField()
    remote = models.BooleanField(default=False)
    per_week_min = models.PositiveSmallIntegerField()
    per_week_max = models.PositiveSmallIntegerField()
    per_day_max = models.PositiveSmallIntegerField(null=True)
    phased_start = models.BooleanField(default=False)
    phased_start_per_week = models.PositiveSmallIntegerField(null=True)
    hours_band = models.CharField(max_length=10)
    coaching = models.CharField(max_length=10)
    trial_placement = models.BooleanField(default=False)
    facet_key = models.BigIntegerField(default=0)  # see search.documents.facet_key
    published_at = models.DateTimeField()
    vacancy_updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            models.Index(fields=["-published_at", "-vacancy"], name="search_entry_newest"),
            models.Index(fields=["latitude", "longitude"], name="search_entry_place"),
            models.Index(fields=["per_week_min"], name="search_entry_hours"),
        ]

    def __str__(self):
        return f"search entry {self.vacancy_id}"


class SearchText(models.Model):
    """The words of a vacancy, kept apart so that the filter scans over `SearchEntry` stay narrow."""

    entry = models.OneToOneField(SearchEntry, on_delete=models.CASCADE, primary_key=True, related_name="words")
    title = models.CharField(max_length=200)
    text = models.TextField()

    class Meta:
        verbose_name = _("search text")
        verbose_name_plural = _("search texts")

    def __str__(self):
        return self.title


LOAD_COLUMNS = [f"{kind}_bits_{index}" for kind in ("load", "pass") for index in range(WORDS)]
for _name in LOAD_COLUMNS:
    SearchEntry.add_to_class(_name, models.BigIntegerField(default=0))


class SearchCount(models.Model):
    """How many searches ran per day: in total (network empty) and with fitting vacancies per network.

    Counts only. What was searched for (a capacity is health data) is never stored.
    """

    day = models.DateField()
    network = models.ForeignKey("network.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    searches = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "network"], name="one_search_count_per_day_and_network"),
            models.UniqueConstraint(
                fields=["day"], condition=models.Q(network__isnull=True), name="one_total_search_count_per_day"
            ),
        ]
        verbose_name = _("search count")
        verbose_name_plural = _("search counts")

    def __str__(self):
        return f"{self.day} {self.network_id or 'all'}: {self.searches}"


class SavedSearch(models.Model):
    """A worker's saved search: words and filters only. The capacity is the worker's stored profile,
    opened when the digest runs; it is never copied here, into a task message or into an e-mail."""

    worker = models.ForeignKey("network.User", on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=100)
    params = models.CharField(_("words and filters"), max_length=1000, blank=True)  # a query string, no capacity
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)

    objects = WorkerOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["worker", "params"], name="unique_saved_search")]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return f"saved search #{self.pk} of #{self.worker_id}"


def export_saved_searches(worker) -> list[dict]:
    """The worker's saved searches, for their data export."""
    return [
        {"name": s.name, "words_and_filters": s.params, "saved": s.created_at.isoformat()}
        for s in SavedSearch.objects.of_worker(worker)
    ]


class SearchIndexState(models.Model):
    """One row: where the searchable vacancies stand, for the in-memory fit indexes of every process.

    `version` goes up by one in the same transaction as every change to `SearchEntry` (the row lock makes
    versions commit in order); `token` is new with every change, so that a process that saw a change
    which was later rolled back notices. `labels_version` and `labels_token` do the same for networks and
    regions.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)
    token = models.CharField(max_length=32, default="")
    labels_version = models.BigIntegerField(default=0)
    labels_token = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = _("search index state")
        verbose_name_plural = _("search index states")

    def __str__(self):
        return f"search index at version {self.version}"


class SearchChange(models.Model):
    """Which vacancies changed at a version (`vacancy_id` empty: all of them, after a rebuild)."""

    version = models.BigIntegerField(db_index=True)
    token = models.CharField(max_length=32)
    vacancy_id = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = _("search change")
        verbose_name_plural = _("search changes")

    def __str__(self):
        return f"version {self.version}: {self.vacancy_id or 'all'}"
