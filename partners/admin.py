"""Staff manage partners, keys and webhooks in the Django admin (/django-admin/, staff with 2FA).

A new key or webhook secret is shown once, on the page that answers the save or the action: it
never goes into a message, cookie or session. Rotating a key makes a new one at once and lets the
old one work for a grace period (PARTNERS_KEY_ROTATION_GRACE, a day); revoking stops a key at once.
"""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from partners import keys, webhooks
from partners.models import (
    EVENTS,
    SCOPES,
    ApiKey,
    ApiKeyUse,
    Partner,
    WebhookDelivery,
    WebhookSubscription,
)


def _shown_once(request, *, title: str, what_label: str, items: list[dict], back_url: str):
    context = {
        **admin.site.each_context(request),
        "title": title,
        "what_label": what_label,
        "items": items,
        "back_url": back_url,
    }
    response = TemplateResponse(request, "admin/partners/shown_once.html", context)
    response["Cache-Control"] = "no-store"
    return response


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    fk_name = "partner"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["prefix", "name", "scopes", "rate_per_minute", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # through "Add API key", which shows the key once


class WebhookInline(admin.TabularInline):
    model = WebhookSubscription
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["url", "events", "active", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "network", "contact_email", "active"]
    list_filter = ["kind", "active", "network"]
    search_fields = ["name", "contact_email"]
    inlines = [ApiKeyInline, WebhookInline]


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("scopes"), choices=list(SCOPES.items()), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiKey
        fields = ["partner", "name", "scopes", "employers", "rate_per_minute"]

    def clean(self):
        data = super().clean()
        if data.get("employers") and "vacancies:import" not in (data.get("scopes") or []):
            self.add_error("employers", _("Employers can only be named on a key with the scope vacancies:import."))
        return data


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["__str__", "name", "scopes", "rate_per_minute", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["partner"]
    search_fields = ["prefix", "name", "partner__name"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at", "replaced_by"]
    filter_horizontal = ["employers"]
    actions = ["rotate", "revoke"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (["partner"] if obj else [])

    def save_model(self, request, obj, form, change):
        if not change:
            request._new_api_key = keys.new_secret(obj)  # the hash goes in the row; the key only on the next page
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        plain = getattr(request, "_new_api_key", None)
        if plain is None:
            return super().response_add(request, obj, post_url_continue)
        return _shown_once(
            request,
            title=_("New API key for %(partner)s") % {"partner": obj.partner},
            what_label=_("API key"),
            items=[{"label": obj.name or obj.prefix, "secret": plain}],
            back_url=reverse("admin:partners_apikey_change", args=[obj.pk]),
        )

    @admin.action(description=gettext_lazy("Rotate: a new key; the old one works one more day"))
    def rotate(self, request, queryset):
        items, skipped = [], 0
        for key in queryset.select_related("partner"):
            if not key.works_at():
                skipped += 1
                continue
            issued = keys.rotate(key)
            items.append({"label": f"{key.partner} – {issued.key.name or issued.key.prefix}", "secret": issued.plain})
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%(count)d key no longer works and was not rotated.",
                    "%(count)d keys no longer work and were not rotated.",
                    skipped,
                )
                % {"count": skipped},
            )
        if not items:
            return None
        return _shown_once(
            request,
            title=_("Rotated API keys"),
            what_label=_("API key"),
            items=items,
            back_url=reverse("admin:partners_apikey_changelist"),
        )

    @admin.action(description=gettext_lazy("Revoke: stop these keys at once"))
    def revoke(self, request, queryset):
        revoked = sum(keys.revoke(key) for key in queryset)
        messages.success(
            request, ngettext("%(count)d key revoked.", "%(count)d keys revoked.", revoked) % {"count": revoked}
        )


@admin.register(ApiKeyUse)
class ApiKeyUseAdmin(admin.ModelAdmin):
    list_display = ["at", "key", "method", "path", "status", "duration_ms"]
    list_filter = ["status", "method"]
    search_fields = ["key__prefix", "key__partner__name", "path"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=pgettext_lazy("webhook", "events"), choices=list(EVENTS.items()), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["partner", "url", "events", "active"]

    url = forms.URLField(label=gettext_lazy("URL"), max_length=500, assume_scheme="https")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["partner", "url", "events", "active", "created_at"]
    list_filter = ["active", "partner"]
    actions = ["renew_secret"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.secret = request._new_webhook_secret = webhooks.new_secret()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        secret = getattr(request, "_new_webhook_secret", None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        return _shown_once(
            request,
            title=_("Signing secret for %(url)s") % {"url": obj.url},
            what_label=_("Webhook"),
            items=[{"label": obj.url, "secret": secret}],
            back_url=reverse("admin:partners_webhooksubscription_change", args=[obj.pk]),
        )

    @admin.action(description=gettext_lazy("New signing secret (the old one stops at once)"))
    def renew_secret(self, request, queryset):
        items = [
            {"label": str(subscription), "secret": webhooks.renew_secret(subscription)} for subscription in queryset
        ]
        return _shown_once(
            request,
            title=_("New signing secrets"),
            what_label=_("Webhook"),
            items=items,
            back_url=reverse("admin:partners_webhooksubscription_changelist"),
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "event",
        "subscription",
        "status",
        "attempts",
        "last_response_code",
        "next_attempt_at",
    ]
    list_filter = ["status", "event", "subscription__partner"]
    readonly_fields = [
        "subscription",
        "event",
        "payload",
        "created_at",
        "status",
        "attempts",
        "last_attempt_at",
        "last_response_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_change_permission(request, obj)
