from django.urls import path

from feeds import views

app_name = "feeds"

urlpatterns = [
    path("werkgever/vacaturefeeds/", views.feed_list, name="feed_list"),
    path("werkgever/vacaturefeeds/<int:pk>/", views.feed_detail, name="feed_detail"),
    path("werkgever/vacaturefeeds/<int:pk>/nu-ophalen/", views.feed_run, name="feed_run"),
    path("werkgever/vacaturefeeds/<int:pk>/actief/", views.feed_active, name="feed_active"),
]
