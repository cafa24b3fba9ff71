"""Partner organisations, their API keys, and webhooks (issue 19).

A partner (a reintegration company, a municipality, a network's own system) gets API keys from staff.
A key is `pw_<prefix>_<secret>`: the prefix is stored and shown, the secret only as an HMAC-SHA256
hash (partners/keys.py). Every use of a key is logged as method, path, status and duration: never a
body or query string, since a search body carries a worker's capacity (health data).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partners import conf

SCOPES = {
    "vacancies:read": _("Read published vacancies"),
    "search": _("Search vacancies with a capacity"),
    "vacancies:import": _("Import vacancies for the employers named on the key"),
    "placements:read": _("Read placements (later)"),
}
EVENTS = {
    "vacancy.published": _("A vacancy is published"),
    "vacancy.closed": _("A vacancy is no longer published"),
}


def _validate_choices(values, allowed: dict, what: str) -> None:
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise ValidationError(_("Choose %(what)s from the list.") % {"what": what})
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationError(
            _("Unknown %(what)s: %(unknown)s. Choose from: %(allowed)s.")
            % {"what": what, "unknown": ", ".join(unknown), "allowed": ", ".join(allowed)}
        )


def validate_scopes(values) -> None:
    _validate_choices(values, SCOPES, _("scopes"))


def validate_events(values) -> None:
    _validate_choices(values, EVENTS, pgettext_lazy("webhook", "events"))


class Partner(models.Model):
    class Kind(models.TextChoices):
        REINTEGRATION = "reintegration", _("reintegration company")
        MUNICIPALITY = "municipality", _("municipality")
        NETWORK = "network", _("a network's own system")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    contact_email = models.EmailField(_("contact e-mail"))
    network = models.ForeignKey(
        "network.Network",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("network"),
        help_text=_("Optional. Webhooks then only tell about the vacancies of this network."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive partner's keys and webhooks do not work.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ApiKey(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="keys", verbose_name=_("partner"))
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("What the partner uses it for."))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list, validators=[validate_scopes])
    employers = models.ManyToManyField(
        "network.Employer",
        blank=True,
        related_name="partner_keys",
        verbose_name=_("employers"),
        help_text=_("With the scope vacancies:import: the member employers this key may import vacancies for."),
    )
    rate_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=conf.default_key_rate_per_minute,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(
        _("stops working at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the key is revoked (at once) or rotated (after a grace period)."),
    )
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self):
        return f"pw_{self.prefix}_… ({self.partner})"

    def works_at(self, now=None) -> bool:
        now = now or timezone.now()
        return self.partner.active and (self.revoked_at is None or self.revoked_at > now)

    def allows(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class ApiKeyUse(models.Model):
    """One use of a key: what was called, the answer's status, how long it took. Never a body or query."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="uses", verbose_name=_("API key"))
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=200)
    status = models.PositiveSmallIntegerField(_("status"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))

    class Meta:
        verbose_name = _("use of an API key")
        verbose_name_plural = _("uses of API keys")
        ordering = ["-at"]
        indexes = [models.Index(fields=["key", "-at"])]

    def __str__(self):
        return f"{self.method} {self.path} → {self.status}"


class WebhookSubscription(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("partner"))
    url = models.URLField(_("URL"), max_length=500, help_text=_("Must start with https://."))
    events = models.JSONField(pgettext_lazy("webhook", "events"), default=list, validators=[validate_events])
    # Needed in full to sign every delivery, so it is stored as it is; it is shown once, and never in the admin.
    secret = models.CharField(max_length=100, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["partner__name", "url"]

    def __str__(self):
        return f"{self.partner}: {self.url}"

    def clean(self):
        if self.url and not self.url.startswith("https://") and not _allowed_plain_http(self.url):
            raise ValidationError({"url": _("A webhook address must start with https://.")})


def _allowed_plain_http(url: str) -> bool:
    """Plain http only to this machine, and only where the settings allow it (development, tests)."""
    local = url.startswith(("http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/"))
    return local and (settings.DEBUG or conf.allow_local_http_webhooks())


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(
        pgettext_lazy("webhook", "event"), max_length=40, choices=[(name, name) for name in EVENTS]
    )
    payload = models.JSONField(_("payload"))  # public vacancy data only (partners/webhooks.py)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_response_code = models.PositiveSmallIntegerField(_("last response code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subscription", "-created_at"])]

    def __str__(self):
        return f"{self.event} → {self.subscription.url} ({self.status})"
