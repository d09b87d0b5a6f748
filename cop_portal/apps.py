from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CopPortalConfig(AppConfig):
    name = "cop_portal"
    verbose_name = _("Portal")
    default = True

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import audit_receivers, receivers

        post_save.connect(receivers.on_save, dispatch_uid="page-cache-save")
        post_delete.connect(receivers.on_delete, dispatch_uid="page-cache-delete")
        m2m_changed.connect(
            receivers.on_relation_change, dispatch_uid="page-cache-relations"
        )
        audit_receivers.connect()

        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from . import session_security

        user_logged_in.connect(
            session_security.on_logged_in, dispatch_uid="session-started"
        )
        user_logged_out.connect(
            session_security.on_logged_out, dispatch_uid="sessions-end-on-sign-out"
        )


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's site as `admin.site`, so every
    `admin.register` in the apps lands on it. Listed in INSTALLED_APPS in
    place of "django.contrib.admin"."""

    default = False
    default_site = "cop_portal.admin_site.PortalAdminSite"
