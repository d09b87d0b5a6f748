"""When what public pages show changes, the cached pages go (page_cache).

Connected for every model in CopPortalConfig.ready(); the shared base knows
the apps by label only, so it imports none of them."""

from django.apps import apps

from .page_cache import content_changed

# The apps whose rows public pages show. Signals are never shown to visitors
# who are not signed in.
PUBLIC_APPS = frozenset({"communities", "knowledge", "taggit", "cop_portal"})
# Rows of those apps that no page shows: the audit log grows with every
# sign-in and must not empty the page cache each time.
NEVER_SHOWN = frozenset({"cop_portal.auditevent"})


def _shows_publicly(sender) -> bool:
    # Data migrations save historical models, before the cache table may
    # exist; the pages they change are cached by no server yet.
    return (
        sender._meta.apps is apps
        and sender._meta.app_label in PUBLIC_APPS
        and sender._meta.label_lower not in NEVER_SHOWN
    )


def on_save(sender, instance, update_fields=None, **kwargs):
    # A sign-in updates last_login and nothing a page shows.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    if _shows_publicly(sender):
        content_changed()


def on_delete(sender, **kwargs):
    if _shows_publicly(sender):
        content_changed()


def on_relation_change(sender, action, **kwargs):
    if action.startswith("post_") and _shows_publicly(sender):
        content_changed()
