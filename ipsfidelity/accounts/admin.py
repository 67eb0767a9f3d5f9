from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from ipsfidelity.accounts.models import ApiToken, User


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Who holds which API token; deleting one revokes it (someone left, or a token leaked)."""

    list_display = ["name", "user", "created", "expiry", "last_used_at"]
    search_fields = ["name", "user__email", "user__full_name"]
    list_select_related = ["user"]
    # Tokens are made by their owners on their own page: only there is the secret shown.
    fields = ["name", "user", "created", "expiry", "last_used_at"]
    readonly_fields = ["name", "user", "created", "expiry", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EmailUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "language")


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "language", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "language"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "language", "password1", "password2"),
            },
        ),
    )
    filter_horizontal = ("groups",)


# The organisation's provider is configured from the environment only, and no
# provider tokens are kept (adapters.OrganisationAccountAdapter.list_apps).
admin.site.unregister(SocialApp)
admin.site.unregister(SocialToken)
