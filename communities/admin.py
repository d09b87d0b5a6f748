from django.contrib import admin
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cop_portal.admin_tools import (
    CappedPaginator,
    LabelledTabularInline,
    NameFilter,
    PlainLanguageAdvice,
    SafeAutocomplete,
    SelectFilter,
    ServiceAdmin,
    apply_to_each,
)
from cop_portal.audit_admin import HistoryAdmin

from . import services
from .forms import InvitationAdminForm
from .models import (
    Community,
    Invitation,
    Membership,
    MembershipHistory,
    Organisation,
    Region,
    Session,
    Theme,
)


class CommunityFilter(NameFilter):
    """The CoP filter of every changelist that lists things of a CoP."""

    title = _("CoP")
    parameter_name = "cop"
    lookup = "community__name__icontains"


class ThemeFilter(SelectFilter):
    """The theme filter of every changelist of things filed by theme."""

    title = _("theme")
    # The name Django gave the list of links, so bookmarked filters still work.
    parameter_name = "themes__id__exact"
    lookup = "themes"

    def options(self):
        return Theme.objects.order_by("name").values_list("pk", "name")


class RegionFilter(SelectFilter):
    title = _("region")
    parameter_name = "regions__id__exact"
    lookup = "regions"

    def options(self):
        return Region.objects.order_by("name").values_list("pk", "name")


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


class MembershipInline(SafeAutocomplete, LabelledTabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organisation"]


@admin.register(Community)
class CommunityAdmin(SafeAutocomplete, admin.ModelAdmin):
    list_display = ["name", "is_active", "running_since", "contact_name"]
    list_filter = ["is_active", RegionFilter, ThemeFilter]
    search_fields = ["name", "description", "contact_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["regions", "themes"]
    inlines = [MembershipInline]
    actions = ["deactivate"]

    # A CoP is deactivated (ended), never deleted: its sessions, reports,
    # signals and products stay, and the database refuses the delete anyway.
    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(permissions=["change"], description=_("Deactivate selected CoP's"))
    def deactivate(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda community: services.community_deactivate(
                actor=request.user, community=community
            ),
            done_message=lambda count: (
                gettext("%(count)d CoP('s) deactivated.") % {"count": count}
            ),
        )


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
class SessionAdmin(PlainLanguageAdvice, SafeAutocomplete, ServiceAdmin):
    """Sessions are logged through the services the site uses, so the rules
    on attendees (members only), dates and privacy hold here too; the slug is
    made by the service and follows the title, like on the site."""

    list_display = ["title", "community", "starts_at", "location"]
    list_filter = [
        CommunityFilter,
        ThemeFilter,
        ("starts_at", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "agenda", "report"]
    show_full_result_count = False
    paginator = CappedPaginator
    autocomplete_fields = ["community", "themes", "attendees", "guest_organisations"]
    list_select_related = ["community"]
    readonly_fields = [
        "slug",
        "created_by",
        "created_at",
        "updated_at",
        "plain_language",
    ]
    # As the site checks a session's report: advice, nothing refused.
    plain_language_fields = ("report",)
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
                    "plain_language",
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


@admin.register(Invitation)
class InvitationAdmin(SafeAutocomplete, ServiceAdmin):
    """Moderators invite to any CoP and any role here. Adding calls
    invitation_create, which sends the e-mail; an invitation is never edited
    or deleted (it is a record of who let whom in), only withdrawn."""

    form = InvitationAdminForm
    list_display = [
        "email",
        "community",
        "role",
        "organisation",
        "invited_by",
        "created_at",
        "expires_at",
        "status",
    ]
    list_filter = ["role", CommunityFilter]
    search_fields = ["email"]
    show_full_result_count = False
    paginator = CappedPaginator
    autocomplete_fields = ["community", "organisation"]
    list_select_related = ["community", "organisation", "invited_by"]
    actions = ["withdraw"]
    readonly_fields = [
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
        "revoked_by",
    ]

    @admin.display(description=_("status"))
    def status(self, obj):
        return obj.status

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "role", "community", "organisation"]
        return ["email", "role", "community", "organisation", *self.readonly_fields]

    def has_change_permission(self, request, obj=None):
        # Shown, never changed: withdraw it and send a new one instead.
        return False if obj is not None else super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        stored = services.invitation_create(
            actor=request.user,
            request=request,
            email=data["email"],
            community=data.get("community"),
            role=data["role"],
            organisation=data.get("organisation"),
        )
        for field in Invitation._meta.concrete_fields:
            setattr(obj, field.attname, getattr(stored, field.attname))
        obj._state.adding = False

    @admin.action(description=_("Withdraw the selected invitations"))
    def withdraw(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda invitation: services.invitation_revoke(
                actor=request.user, request=request, invitation=invitation
            ),
            done_message=lambda count: (
                ngettext(
                    "%(count)d invitation withdrawn.",
                    "%(count)d invitations withdrawn.",
                    count,
                )
                % {"count": count}
            ),
        )


@admin.register(MembershipHistory)
class MembershipHistoryAdmin(HistoryAdmin):
    list_display = [
        "pgh_created_at",
        "pgh_label",
        "user",
        "community",
        "role",
        "organisation",
        "changed_by",
        "address",
    ]
    list_select_related = ["pgh_context", "user", "community", "organisation"]
