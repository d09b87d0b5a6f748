from django.urls import path

from . import feeds, views

app_name = "knowledge"

urlpatterns = [
    path("", views.product_list, name="product_list"),
    path("nieuw/", views.product_create, name="product_create"),
    path("werkbank/", views.workbench, name="workbench"),
    path("toetsing/", views.review_queue, name="review_queue"),
    path("feed/", feeds.ProductFeed(), name="feed"),
    path("feed/<slug:slug>/", feeds.ThemeProductFeed(), name="theme_feed"),
    path(
        "bijlagen/<uuid:key>/",
        views.attachment_download,
        name="attachment_download",
    ),
    # Links made before attachments had a lasting key.
    path("bijlagen/<int:pk>/", views.attachment_by_id, name="attachment_by_id"),
    path("concept/<int:pk>/", views.draft_detail, name="draft_detail"),
    path("concept/<int:pk>/bewerken/", views.product_update, name="product_update"),
    path("concept/<int:pk>/herzien/", views.product_revise, name="product_revise"),
    path(
        "concept/<int:pk>/stap/<str:name>/",
        views.product_transition,
        name="product_transition",
    ),
    path("concept/<int:pk>/bijlagen/", views.attachment_add, name="attachment_add"),
    path(
        "concept/<int:pk>/bijlagen/<int:attachment_pk>/verwijderen/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("concept/<int:pk>/vragen/", views.question_add, name="question_add"),
    path(
        "concept/<int:pk>/vragen/<int:entry_pk>/verwijderen/",
        views.question_remove,
        name="question_remove",
    ),
    path("<slug:slug>/", views.product_detail, name="product_detail"),
    path("<slug:slug>/versies/", views.version_list, name="version_list"),
    path(
        "<slug:slug>/versies/<int:number>/",
        views.version_detail,
        name="version_detail",
    ),
]
