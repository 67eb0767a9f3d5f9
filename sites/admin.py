from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from ipsfidelity.accounts.admin import UserAdmin
from ipsfidelity.accounts.models import User
from sites.models import Membership, Region, Site, Team

if TYPE_CHECKING:
    # Generic for the type checker only: Django's admin classes take no [...] at run
    # time (django-stubs-ext, which would add it, is a development dependency).
    _SiteInline = admin.TabularInline[Site, Region]
    _TeamInline = admin.TabularInline[Team, Site]
    # Shown on the pages of regions, sites and (below) users.
    _MembershipInline = admin.TabularInline[Membership, Region | Site | User]
    _RegionAdmin = admin.ModelAdmin[Region]
    _SiteAdmin = admin.ModelAdmin[Site]
    _TeamAdmin = admin.ModelAdmin[Team]
    _MembershipAdmin = admin.ModelAdmin[Membership]
else:
    _SiteInline = _TeamInline = _MembershipInline = admin.TabularInline
    _RegionAdmin = _SiteAdmin = _TeamAdmin = _MembershipAdmin = admin.ModelAdmin


class SiteInline(_SiteInline):
    model = Site
    fields = ["name", "municipality", "target_group", "start_date", "active"]
    extra = 0
    show_change_link = True


class TeamInline(_TeamInline):
    model = Team
    fields = ["name", "employment_specialists", "active"]
    extra = 0


class MembershipInline(_MembershipInline):
    model = Membership
    fields = ["user", "role", "region", "site", "ended_at"]
    autocomplete_fields = ["user", "region", "site"]
    extra = 0


@admin.register(Region)
class RegionAdmin(_RegionAdmin):
    list_display = ["name", "code", "resource_centre", "email"]
    search_fields = ["name", "code", "resource_centre"]
    inlines = [SiteInline, MembershipInline]


@admin.register(Site)
class SiteAdmin(_SiteAdmin):
    list_display = ["name", "region", "municipality", "target_group", "start_date", "active"]
    list_filter = ["region", "target_group", "active", "report_language"]
    search_fields = ["name", "nav_office", "health_partner", "municipality"]
    date_hierarchy = "start_date"
    list_select_related = ["region"]
    inlines = [TeamInline, MembershipInline]


@admin.register(Team)
class TeamAdmin(_TeamAdmin):
    list_display = ["name", "site", "employment_specialists", "active"]
    list_filter = ["active", "site__region"]
    search_fields = ["name", "site__name"]
    list_select_related = ["site"]
    autocomplete_fields = ["site"]


@admin.register(Membership)
class MembershipAdmin(_MembershipAdmin):
    list_display = ["user", "role", "region", "site", "ended_at"]
    list_filter = ["role", "region", ("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "user__full_name", "region__name", "site__name"]
    list_select_related = ["user", "region", "site"]
    autocomplete_fields = ["user", "region", "site"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
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
