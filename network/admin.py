from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from network.models import (
    Employer,
    EmployerClaim,
    EmployerStaff,
    Membership,
    Network,
    Region,
    StaffInvitation,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_staff", "is_active"]
    list_filter = ["role", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "role"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]})]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["coordinators"]


class EmployerStaffInline(admin.TabularInline):
    model = EmployerStaff
    extra = 0
    raw_id_fields = ["user"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "kvk_number", "municipality", "sector", "size"]
    search_fields = ["name", "kvk_number", "municipality"]
    inlines = [EmployerStaffInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["employer", "network", "status", "applied_at", "started_at"]
    list_filter = ["status", "network"]


@admin.register(StaffInvitation)
class StaffInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "employer", "created_at", "sent_at", "accepted_at"]
    readonly_fields = ["token"]


@admin.register(EmployerClaim)
class EmployerClaimAdmin(admin.ModelAdmin):
    list_display = ["user", "employer", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["user__email", "employer__name", "employer__kvk_number"]
    raw_id_fields = ["employer", "user", "decided_by"]
