from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ranking.models import RankedSearch, RankingWeightsChange


@admin.register(RankingWeightsChange)
class RankingWeightsChangeAdmin(admin.ModelAdmin):
    """The history of the ranking weights: read only (changes are made in the CMS settings)."""

    list_display = ("changed_at", "changed_by", "weights")
    readonly_fields = ("changed_at", "changed_by", "weights")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RankedSearch)
class RankedSearchAdmin(admin.ModelAdmin):
    """The evaluation log, read only: no pseudonym and no limitations (they are sealed health data)."""

    list_display = ("searched_at", "network_slug", "arm", "simulated", "candidate_count")
    list_filter = ("simulated", "network_slug")
    fields = ("searched_at", "network_slug", "arm", "simulated", "candidate_count")
    readonly_fields = fields

    @admin.display(description=_("candidates"))
    def candidate_count(self, obj):
        return len(obj.candidates or ())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
