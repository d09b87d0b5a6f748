from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "organisation",
        "is_moderator",
        "is_expert",
        "is_chain_partner",
        "is_active",
    ]
    list_filter = ["is_moderator", "is_expert", "is_chain_partner", "is_active"]
    search_fields = ["email", "first_name", "last_name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "organisation"]}),
        (_("Roles"), {"fields": ["is_moderator", "is_expert", "is_chain_partner"]}),
        (
            _("Technical access"),
            {"fields": ["is_active", "is_staff", "is_superuser"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # Only a superuser hands out technical access; a moderator cannot
        # promote anyone, themselves included, to superuser.
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser"]
        return fields
