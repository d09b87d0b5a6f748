from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from . import dashboard, health, language, news, profile, search, views, writing


def favicon(request):
    # Browsers ask for /favicon.ico on every page, the admin's included.
    return redirect(static("favicon.svg"), permanent=True)


urlpatterns = [
    path("favicon.ico", favicon),
    # For load balancers: database reachable and migrations applied.
    path("gezond/", health.health, name="health"),
    path("", views.home, name="home"),
    path("", include("communities.urls")),
    path("signalen/", include("signals.urls")),
    path("kennis/", include("knowledge.urls")),
    path("accounts/", include("allauth.urls")),
    path("zoeken/", search.search, name="search"),
    # The moderators' dashboard, and each figure as CSV.
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/<slug:figure>/csv/", dashboard.dashboard_csv, name="dashboard_csv"),
    path("profiel/", profile.profile, name="profile"),
    path("profiel/mijn-gegevens/", profile.download, name="profile_download"),
    path("profiel/verwijderen/", profile.delete, name="profile_delete"),
    path(
        "profiel/meldingen/",
        news.notification_settings,
        name="profile_notifications",
    ),
    path(
        "meldingen/afmelden/<str:token>/",
        news.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("taal/", language.switch_language, name="switch_language"),
    # The B1 check while an author types (static/js/plain-language.js).
    path("schrijfhulp/b1/", writing.check, name="plain_language_check"),
    path("beheer/", admin.site.urls),
]

if settings.BENCH_MODE:
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
