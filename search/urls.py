from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("werk-zoeken/", views.search_page, name="search"),
    path("werk-zoeken/wissen/", views.clear_assessment, name="clear"),
    path("professional/clienten/<int:case_id>/vacatures/", views.client_search, name="client_search"),
    path("werk-zoeken/bewaren/", views.save_search, name="save_search"),
    path("werkzoekende/zoekopdrachten/", views.saved_searches, name="saved_searches"),
    path("werkzoekende/zoekopdrachten/<int:pk>/verwijderen/", views.saved_search_delete, name="saved_search_delete"),
]
