from django.contrib import admin

from ipsfidelity.accounts.admin import UserAdmin
from ipsfidelity.accounts.models import User
from sites.models import Membership, Region, Site, Team


class SiteInline(admin.TabularInline):
    model = Site
    fields = ["name", "municipality", "target_group", "start_date", "active"]
    extra = 0
    show_change_link = True


class TeamInline(admin.TabularInline):
    model = Team
    fields = ["name", "employment_specialists", "active"]
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "region", "site", "ended_at"]
    autocomplete_fields = ["user", "region", "site"]
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "resource_centre", "email"]
    search_fields = ["name", "code", "resource_centre"]
    inlines = [SiteInline, MembershipInline]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "municipality", "target_group", "start_date", "active"]
    list_filter = ["region", "target_group", "active", "report_language"]
    search_fields = ["name", "nav_office", "health_partner", "municipality"]
    date_hierarchy = "start_date"
    list_select_related = ["region"]
    inlines = [TeamInline, MembershipInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "employment_specialists", "active"]
    list_filter = ["active", "site__region"]
    search_fields = ["name", "site__name"]
    list_select_related = ["site"]
    autocomplete_fields = ["site"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "site", "ended_at"]
    list_filter = ["role", "region", ("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "user__full_name", "region__name", "site__name"]
    list_select_related = ["user", "region", "site"]
    autocomplete_fields = ["user", "region", "site"]

    def get_queryset(self, request):
        # Ended memberships too: they are the history of who held what.
        return Membership.all_objects.select_related("user", "region", "site")


class UserMembershipInline(MembershipInline):
    fk_name = "user"  # not ended_by


# Accounts sit below sites, so the user admin learns of memberships here:
# the same page, with a person's roles listed and filterable.
admin.site.unregister(User)


@admin.register(User)
class UserWithMembershipsAdmin(UserAdmin):
    list_filter = [*UserAdmin.list_filter, "memberships__role"]
    inlines = [UserMembershipInline]
