from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from aqyl.accounts.models import ApiToken, Membership, Organisation, User
from aqyl.core.admin import AuditedAdmin


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin[User]):
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Platform"), {"fields": ("platform_role", "language")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "platform_role", "is_active")
    list_filter = ("platform_role", "is_active", "is_superuser")


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("slug", "name_kk", "type", "sector", "bin", "is_demo")
    list_filter = ("type", "sector", "is_demo")
    search_fields = ("slug", "name_kk", "name_ru", "name_en", "bin")
    inlines = (MembershipInline,)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ("name", "user", "prefix", "scope", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("scope",)
    readonly_fields = ("user", "prefix", "digest", "scope", "created_at", "expires_at",
                       "last_used_at", "name")

    def has_add_permission(self, request: object) -> bool:
        return False  # tokens are issued by their owners only
