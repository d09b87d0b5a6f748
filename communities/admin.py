from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cop_portal.admin_tools import (
    CappedPaginator,
    NameFilter,
    SafeAutocomplete,
    ServiceAdmin,
)

from . import services
from .models import Community, Membership, Organisation, Region, Session, Theme


class CommunityFilter(NameFilter):
    """The CoP filter of every changelist that lists things of a CoP."""

    title = _("CoP")
    parameter_name = "cop"
    lookup = "community__name__icontains"


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


class MembershipInline(SafeAutocomplete, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organisation"]


@admin.register(Community)
class CommunityAdmin(SafeAutocomplete, admin.ModelAdmin):
    list_display = ["name", "is_active", "running_since", "contact_name"]
    list_filter = ["is_active", "regions", "themes"]
    search_fields = ["name", "description", "contact_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["regions", "themes"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SafeAutocomplete, admin.ModelAdmin):
    list_display = ["user", "community", "role", "organisation", "joined_on"]
    list_filter = ["role", CommunityFilter, "organisation__kind"]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "community__name",
        "organisation__name",
    ]
    autocomplete_fields = ["user", "community", "organisation"]
    list_select_related = ["user", "community", "organisation"]


@admin.register(Session)
class SessionAdmin(SafeAutocomplete, ServiceAdmin):
    """Sessions are logged through the services the site uses, so the rules
    on attendees (members only), dates and privacy hold here too; the slug is
    made by the service and kept, like on the site."""

    list_display = ["title", "community", "starts_at", "location"]
    list_filter = [
        CommunityFilter,
        "themes",
        ("starts_at", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "agenda", "report"]
    show_full_result_count = False
    paginator = CappedPaginator
    autocomplete_fields = ["community", "themes", "attendees", "guest_organisations"]
    list_select_related = ["community"]
    readonly_fields = ["slug", "created_by", "created_at", "updated_at"]
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

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("community")  # a logged session stays with its CoP
        return fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        relations = {
            "themes": list(data["themes"]),
            "attendees": list(data["attendees"]),
            "guest_organisations": list(data["guest_organisations"]),
        }
        fields = {name: data[name] for name in services.SESSION_FIELDS if name in data}
        if change:
            stored = services.session_update(
                actor=request.user, session=obj, **relations, **fields
            )
        else:
            stored = services.session_create(
                actor=request.user, community=data["community"], **relations, **fields
            )
        # The admin goes on with the stored session (its id, its slug).
        for field in Session._meta.concrete_fields:
            setattr(obj, field.attname, getattr(stored, field.attname))
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        pass  # the service set themes, attendees and guest organisations

    def delete_model(self, request, obj):
        services.session_delete(actor=request.user, session=obj)

    def delete_queryset(self, request, queryset):
        for session in queryset.select_related("community"):
            services.session_delete(actor=request.user, session=session)
