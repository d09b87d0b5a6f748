from django.contrib.auth.backends import BaseBackend

# The apps moderators manage in the admin. Permissions on them follow from the
# moderator role instead of per-user permission rows that drift.
MODERATED_APPS = frozenset(
    {"cop_portal", "communities", "knowledge", "signals", "taggit", "account"}
)


class ModeratorBackend(BaseBackend):
    """Grants moderators every permission on the portal's own apps."""

    def _is_moderator(self, user_obj) -> bool:
        return bool(user_obj.is_active and getattr(user_obj, "is_moderator", False))

    def has_perm(self, user_obj, perm, obj=None):
        if not self._is_moderator(user_obj):
            return False
        app_label = perm.split(".", 1)[0]
        return app_label in MODERATED_APPS

    def has_module_perms(self, user_obj, app_label):
        return self._is_moderator(user_obj) and app_label in MODERATED_APPS
