"""Placements in the Django admin: to look at, not to change (the placement page validates and asks for the
three confirmations). Check-in notes are left out: they are the worker's and the employer's words."""

from django.contrib import admin

from placements.models import CheckIn, Placement


class CheckInInline(admin.TabularInline):
    model = CheckIn
    fields = ("week", "role", "hours_worked", "feeling", "at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ("pk", "vacancy", "kind", "status", "starts_on", "network", "ending")
    list_filter = ("status", "kind", "ending", "network")
    date_hierarchy = "starts_on"
    list_select_related = ("vacancy", "network")
    readonly_fields = (
        "application",
        "vacancy",
        "worker",
        "network",
        "kind",
        "status",
        "starts_on",
        "start_hours",
        "target_hours",
        "plan",
        "coach",
        "coach_contact",
        "adaptations",
        "worker_confirmed_at",
        "employer_confirmed_at",
        "professional_confirmed_at",
        "ending",
        "ending_reason",
        "ended_at",
        "ended_by",
        "behind_alerted_week",
        "behind_alert_sent_week",
        "created_at",
        "updated_at",
    )
    inlines = [CheckInInline]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
