from django.urls import path

from . import views

app_name = "signals"

urlpatterns = [
    path("", views.signal_list, name="signal_list"),
    path("nieuw/", views.signal_create, name="signal_create"),
    path("nieuw/vergelijkbaar/", views.signal_similar, name="signal_similar"),
    path("rapportage/", views.signal_export, name="signal_export"),
    path("<int:pk>/", views.signal_detail, name="signal_detail"),
    path("<int:pk>/herkennen/", views.signal_recognise, name="signal_recognise"),
    path(
        "<int:pk>/kennisproduct/",
        views.signal_knowledge_product,
        name="signal_knowledge_product",
    ),
    path("<int:pk>/<slug:name>/", views.signal_transition, name="signal_transition"),
]
