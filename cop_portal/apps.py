from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CopPortalConfig(AppConfig):
    name = "cop_portal"
    verbose_name = _("Portal")
    default = True


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's site as `admin.site`, so every
    `admin.register` in the apps lands on it. Listed in INSTALLED_APPS in
    place of "django.contrib.admin"."""

    default = False
    default_site = "cop_portal.admin_site.PortalAdminSite"
