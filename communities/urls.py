from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("cops/", views.community_list, name="community_list"),
    path("cops/<slug:slug>/", views.community_detail, name="community_detail"),
    path("cops/<slug:slug>/volgen/", views.community_follow, name="community_follow"),
    path(
        "cops/<slug:slug>/bijeenkomsten.ics",
        views.community_calendar,
        name="community_calendar",
    ),
    path(
        "cops/<slug:community_slug>/bijeenkomsten/nieuw/",
        views.session_create,
        name="session_create",
    ),
    path(
        "cops/<slug:community_slug>/bijeenkomsten/<slug:slug>/",
        views.session_detail,
        name="session_detail",
    ),
    path(
        "cops/<slug:community_slug>/bijeenkomsten/<slug:slug>/bewerken/",
        views.session_update,
        name="session_update",
    ),
    path(
        "cops/<slug:community_slug>/bijeenkomsten/<slug:slug>/verwijderen/",
        views.session_delete,
        name="session_delete",
    ),
    path("cops/<slug:slug>/deelnemers/", views.membership_list, name="membership_list"),
    path(
        "cops/<slug:slug>/deelnemers/<int:pk>/verwijderen/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "cops/<slug:slug>/uitnodigingen/<int:pk>/intrekken/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "uitnodiging/<str:token>/",
        views.invitation_accept,
        name="invitation_accept",
    ),
    path("themas/", views.theme_list, name="theme_list"),
    path("themas/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("themas/<slug:slug>/volgen/", views.theme_follow, name="theme_follow"),
    path("bijeenkomsten/", views.session_list, name="session_list"),
]
