"""Experiments in the Django admin: to look at, not to change (the coordinator pages validate and assign)."""

from django.contrib import admin

from experiments.models import Assignment, Experiment


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Experiment)
class ExperimentAdmin(ReadOnlyAdmin):
    list_display = ("name", "network", "starts_on", "ends_on", "stopped_at")
    list_filter = ("network",)
    readonly_fields = (
        "network",
        "name",
        "arms",
        "seed",
        "consent_text",
        "starts_on",
        "ends_on",
        "created_by",
        "created_at",
        "stopped_at",
    )


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("experiment", "case_id", "arm", "assigned_at", "withdrawn_at")
    list_filter = ("experiment",)
    readonly_fields = ("experiment", "case", "arm", "assigned_at", "withdrawn_at")
