from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("werkzoekende/", views.worker_home, name="worker_home"),
    path("professional/", views.professional_home, name="professional_home"),
    path("werkgever/", views.employer_home, name="employer_home"),
    path("werkgever/<int:employer_id>/uitnodigen/", views.staff_invite, name="staff_invite"),
    path("uitnodiging/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("coordinator/", views.coordinator_home, name="coordinator_home"),
]
