from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("werk-zoeken/", views.search_page, name="search"),
    path("werk-zoeken/wissen/", views.clear_assessment, name="clear"),
]
