from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Community, Membership, Organisation, Region, Session, Theme
from .services import _check_attendees


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organisation"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "running_since", "contact_name"]
    list_filter = ["is_active", "regions", "themes"]
    search_fields = ["name", "description", "contact_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["regions", "themes"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "role", "organisation", "joined_on"]
    list_filter = ["role", "community", "organisation__kind"]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "community__name",
        "organisation__name",
    ]
    autocomplete_fields = ["user", "community", "organisation"]
    list_select_related = ["user", "community", "organisation"]


class SessionAdminForm(admin.ModelAdmin.form):
    def clean(self):
        cleaned = super().clean()
        community = cleaned.get("community")
        attendees = cleaned.get("attendees")
        if community and attendees:
            try:
                _check_attendees(community=community, attendees=attendees)
            except ValidationError as error:
                self.add_error("attendees", error.message_dict["attendees"])
        return cleaned


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    form = SessionAdminForm
    list_display = ["title", "community", "starts_at", "location"]
    list_filter = ["community", "themes", ("starts_at", admin.DateFieldListFilter)]
    search_fields = ["title", "agenda", "report", "community__name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["community", "themes", "attendees", "guest_organisations"]
    list_select_related = ["community"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["community", "title", "slug", "themes"]}),
        (
            _("When and where"),
            {"fields": ["starts_at", "ends_at", "location", "online_url"]},
        ),
        (_("Programme"), {"fields": ["agenda", "attendees", "guest_organisations"]}),
        (
            _("Report and outcomes"),
            {
                "fields": [
                    "report",
                    "outcome_own",
                    "outcome_chain",
                    "outcome_other_party",
                ]
            },
        ),
        (_("History"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    prepopulated_fields = {"slug": ["title"]}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
