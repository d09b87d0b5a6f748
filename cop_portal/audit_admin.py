"""The audit log and the model history in the admin: moderators read them,
nobody adds, changes or deletes a row there (the database refuses it too)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .admin_tools import CappedPaginator, RecordAdmin
from .roles import is_moderator


class ReadOnlyLogAdmin(RecordAdmin):
    """A log for moderators: read-only, no actions, no full count of a table
    that grows with every sign-in."""

    actions = None
    paginator = CappedPaginator
    show_full_result_count = False
    list_per_page = 50

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user)

    def has_module_permission(self, request):
        return is_moderator(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields] + list(
            self.readonly_fields
        )


def _admin_link(content_type, object_id) -> str:
    if content_type is None:
        return "–"
    label = f"{content_type.name} #{object_id}"
    try:
        url = reverse(
            f"admin:{content_type.app_label}_{content_type.model}_change",
            args=[object_id],
        )
    except NoReverseMatch:
        return label
    return format_html('<a href="{}">{}</a>', url, label)


class AuditEventAdmin(ReadOnlyLogAdmin):
    list_display = ["created_at", "action", "actor", "target", "ip_address", "path"]
    list_filter = ["action", "created_at", "target_type"]
    # Exact matches on indexed columns only: a substring search would scan.
    search_fields = ["=actor__email", "=target_id"]
    list_select_related = ["actor", "target_type"]
    readonly_fields = ["target"]

    @admin.display(description=_("object"))
    def target(self, event):
        return _admin_link(event.target_type, event.target_id)


class HistoryAdmin(ReadOnlyLogAdmin):
    """The history pghistory keeps of one model: each row the tracked fields
    after the change, with who made it and from which address."""

    list_filter = ["pgh_label", "pgh_created_at"]
    list_select_related = ["pgh_context"]
    readonly_fields = ["changed_by", "address"]

    def _metadata(self, event) -> dict:
        return (event.pgh_context.metadata if event.pgh_context else None) or {}

    @admin.display(description=_("by"))
    def changed_by(self, event):
        user_id = self._metadata(event).get("user")
        if user_id is None:
            return "–"
        user = get_user_model().objects.filter(pk=user_id).first()
        return str(user) if user else f"#{user_id}"

    @admin.display(description=_("address"))
    def address(self, event):
        return self._metadata(event).get("ip") or "–"
