from allauth.account import admin as account_admin
from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from taggit import admin as taggit_admin
from taggit.models import Tag

from . import accounts, notifications
from .admin_tools import SafeAutocomplete, apply_to_each
from .audit_admin import AuditEventAdmin, HistoryAdmin
from .models import AuditEvent, Notification, User, UserHistory
from .tasks import deliver_after_commit

# What only a superuser changes on an account: its address (a changed address
# plus a password reset is an account takeover; people change their own
# through allauth), the moderator role (it makes someone staff with every
# portal right) and technical access.
SUPERUSER_ONLY_FIELDS = ["email", "is_moderator", "is_staff", "is_superuser"]


def _is_protected_account(user: User) -> bool:
    """Accounts only a superuser may change: every account with admin access."""
    return user.is_superuser or user.is_staff or user.is_moderator


@admin.register(User)
class UserAdmin(SafeAutocomplete, BaseUserAdmin):
    """Superusers manage every account. A moderator changes ordinary users
    only: name, organisation, the expertgroep and ketenpartner roles and
    is_active. The accounts of superusers, staff and moderators (their own
    included) they may see, read-only."""

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
        (_("Dates"), {"fields": ["last_login", "date_joined", "anonymised_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined", "anonymised_at"]
    actions = ["deactivate"]

    # Accounts are deactivated, never deleted: what a person wrote and did
    # stays attributed (docs/decisions/0013-audit-log.md).
    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(permissions=["change"], description=_("Deactivate selected accounts"))
    def deactivate(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda user: accounts.user_deactivate(actor=request.user, user=user),
            done_message=lambda count: (
                gettext("%(count)d account(s) deactivated.") % {"count": count}
            ),
        )

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return (
            request.user.is_superuser or obj is None or not _is_protected_account(obj)
        )

    # Adding (with a password) and deleting accounts are superuser work: the
    # moderator backend grants neither permission.

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # The password field links to the password form, which is closed to
        # them; leave it out rather than show a dead end.
        return [
            (name, {**options, "fields": _without(options["fields"], "password")})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += SUPERUSER_ONLY_FIELDS
        return fields

    @method_decorator(sensitive_post_parameters())
    def user_change_password(self, request, id, form_url=""):
        # Whoever sets a password can sign in as that person. People choose
        # their own through allauth's password reset.
        if not request.user.is_superuser:
            raise PermissionDenied(
                gettext(
                    "Only a superuser sets passwords in the management. "
                    "People choose a new password themselves through "
                    "“Forgot password?” on the sign-in page."
                )
            )
        return super().user_change_password(request, id, form_url)


def _without(fields, name):
    return [field for field in fields if field != name]


# allauth's and taggit's admin modules, imported above, have registered their
# own admins by now; the two below replace them, whatever the order of
# INSTALLED_APPS.


class EmailAddressAdmin(account_admin.EmailAddressAdmin):
    """allauth's admin, but marking an address verified needs the change
    permission: allauth offers it to everyone who may only view."""

    @admin.action(
        permissions=["change"],
        description=account_admin.EmailAddressAdmin.make_verified.short_description,
    )
    def make_verified(self, request, queryset):
        return super().make_verified(request, queryset)


admin.site.unregister(EmailAddress)
admin.site.register(EmailAddress, EmailAddressAdmin)


class TagAdmin(taggit_admin.TagAdmin):
    """taggit's admin, with its merge action and merge page closed to those
    who may not change tags: taggit checks no permission there at all."""

    @admin.action(permissions=["change"], description=_("Merge selected tags"))
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied(gettext("You may not merge tags."))
        selected = request.session.get("selected_tag_ids", "").split(",")
        if not all(tag_id.isdigit() for tag_id in selected) or Tag.objects.filter(
            pk__in=selected
        ).count() != len(set(selected)):
            # taggit would fail on a missing or stale selection.
            self.message_user(
                request,
                gettext("Select the tags to merge in the list first."),
                messages.WARNING,
            )
            return redirect("admin:taggit_tag_changelist")
        return super().merge_tags_view(request)


admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)


admin.site.register(AuditEvent, AuditEventAdmin)


@admin.register(UserHistory)
class UserHistoryAdmin(HistoryAdmin):
    list_display = [
        "pgh_created_at",
        "pgh_label",
        "pgh_obj",
        "is_moderator",
        "is_expert",
        "is_chain_partner",
        "is_staff",
        "is_superuser",
        "is_active",
        "organisation",
        "changed_by",
        "address",
    ]
    list_select_related = ["pgh_context", "pgh_obj", "organisation"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox, for moderators: what waits, what was sent, and what keeps
    failing (the kind of error, never the text of the server's answer). A
    failed e-mail can be put back in the queue; nothing is written here."""

    list_display = [
        "subject",
        "recipient",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["state"]
    list_select_related = ["recipient"]
    search_fields = ["event"]
    show_full_result_count = False
    date_hierarchy = None
    ordering = ["-created_at"]
    readonly_fields = [
        "recipient",
        "event",
        "subject",
        "body_text",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    exclude = ["body_html", "headers"]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Send the failed e-mails again"), permissions=["change"]
    )
    def send_again(self, request, queryset):
        count = notifications.resend(queryset)
        if count:
            deliver_after_commit()
        self.message_user(
            request,
            gettext("%(count)s e-mail(s) put back in the queue.") % {"count": count},
            messages.SUCCESS,
        )
