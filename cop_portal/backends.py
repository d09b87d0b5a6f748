ALL_ACTIONS = None

# The apps moderators manage in the admin, with the permission actions ("add",
# "change", "delete", "view") they get on each; ALL_ACTIONS means every
# permission of the app. Permissions follow from the moderator role instead of
# per-user permission rows that drift. Superusers have every permission anyway.
MODERATED_APPS: dict[str, frozenset[str] | None] = {
    "communities": ALL_ACTIONS,
    "knowledge": ALL_ACTIONS,
    "signals": ALL_ACTIONS,
    # Accounts: UserAdmin narrows "change" to ordinary users and to their
    # person and role fields. Adding an account with a password and deleting
    # one is superuser work; is_active switches an account off reversibly.
    "cop_portal": frozenset({"view", "change"}),
    # allauth's e-mail addresses: adding, changing or verifying an address of
    # someone else's account is a way to take that account over.
    "account": frozenset({"view"}),
    # Tags are set through the knowledge product forms and services (limits,
    # review); taggit's admin renames, merges and attaches them around those.
    "taggit": frozenset({"view"}),
    # The task queue: moderators see which tasks failed and why (a task that
    # keeps failing, such as sending e-mail while the mail server is down).
    "django_tasks_database": frozenset({"view"}),
}


class ModeratorBackend:
    """Grants moderators the permissions of MODERATED_APPS.

    Not a BaseBackend: it has no get_user, so it never signs anyone in, and
    Django's test client and allauth pass over it when they choose the
    backend a session is kept with, though it comes first in the list."""

    def authenticate(self, request, **credentials):
        return None

    def _is_moderator(self, user_obj) -> bool:
        return bool(user_obj.is_active and getattr(user_obj, "is_moderator", False))

    def has_perm(self, user_obj, perm, obj=None):
        if not self._is_moderator(user_obj):
            return False
        app_label, _dot, codename = perm.partition(".")
        if app_label not in MODERATED_APPS:
            return False
        actions = MODERATED_APPS[app_label]
        return actions is ALL_ACTIONS or codename.split("_", 1)[0] in actions

    def has_module_perms(self, user_obj, app_label):
        return self._is_moderator(user_obj) and app_label in MODERATED_APPS
