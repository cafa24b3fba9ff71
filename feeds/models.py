from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobFeed(models.Model):
    """An employer's job feed: fetched by the beat job, each posting a draft vacancy in `network`."""

    class Format(models.TextChoices):
        AUTO = "auto", _("recognise automatically")
        JSONLD = "jsonld", _("schema.org JobPosting (JSON-LD page or sitemap)")
        XML = "xml", _("XML job feed")

    employer = models.ForeignKey(
        "network.Employer", on_delete=models.CASCADE, related_name="job_feeds", verbose_name=_("employer")
    )
    network = models.ForeignKey(
        "network.Network", on_delete=models.PROTECT, related_name="job_feeds", verbose_name=_("network")
    )
    url = models.URLField(_("feed address"), max_length=2000)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.AUTO)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("connected"), default=timezone.now)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    running_since = models.DateTimeField(null=True, blank=True, editable=False)  # claimed by a run

    class Meta:
        verbose_name = _("job feed")
        verbose_name_plural = _("job feeds")
        ordering = ["employer", "url"]
        constraints = [models.UniqueConstraint(fields=["employer", "url"], name="unique_feed_per_employer")]

    def __str__(self):
        return self.url

    def last_run(self):
        return self.runs.order_by("-started_at", "-pk").first()


class FeedRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        OK = "ok", _("done")
        FAILED = "failed", _("failed")

    feed = models.ForeignKey(JobFeed, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    new = models.PositiveIntegerField(_("new"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    closed = models.PositiveIntegerField(_("closed"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error = models.TextField(_("error"), blank=True)
    rejections = models.JSONField(_("rejected items"), default=list, blank=True)  # [{"item", "reason"}]

    class Meta:
        verbose_name = _("feed run")
        verbose_name_plural = _("feed runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.feed_id} {self.started_at:%Y-%m-%d %H:%M} ({self.status})"


class FeedItem(models.Model):
    """One posting of a feed and the vacancy made from it: the external id and URL live here, not on Vacancy."""

    feed = models.ForeignKey(JobFeed, on_delete=models.CASCADE, related_name="items")
    external_id = models.CharField(_("id in the feed"), max_length=200)
    url = models.URLField(_("address of the posting"), max_length=2000, blank=True)
    vacancy = models.ForeignKey(
        "listings.Vacancy", on_delete=models.CASCADE, related_name="feed_items", verbose_name=_("vacancy")
    )
    content_hash = models.CharField(max_length=64)
    occupation = models.ForeignKey(
        "listings.Occupation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note for the employer"), blank=True)
    date_posted = models.DateField(_("posted"), null=True, blank=True)
    valid_through = models.DateField(_("open until"), null=True, blank=True)
    first_seen_run = models.ForeignKey(FeedRun, on_delete=models.SET_NULL, null=True, related_name="+")
    last_seen_run = models.ForeignKey(FeedRun, on_delete=models.SET_NULL, null=True, related_name="+")
    gone_at = models.DateTimeField(_("gone from the feed"), null=True, blank=True)

    class Meta:
        verbose_name = _("feed item")
        verbose_name_plural = _("feed items")
        ordering = ["feed", "external_id"]
        constraints = [models.UniqueConstraint(fields=["feed", "external_id"], name="unique_feed_item")]

    def __str__(self):
        return f"{self.feed_id}:{self.external_id}"
