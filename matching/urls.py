from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("werkzoekende/profiel/", views.my_profile, name="my_profile"),
    path("werkzoekende/profiel/zelf-invullen/", views.self_assessment, name="self_assessment"),
    path("werkzoekende/voorkeuren/", views.preferences, name="preferences"),
    path("werkzoekende/toegang/", views.access_log, name="access_log"),
    path("werkzoekende/mijn-gegevens.json", views.export, name="export"),
    path("werkzoekende/account-verwijderen/", views.erase, name="erase"),
    path("werkzoekende/begeleiding/<int:pk>/stoppen/", views.worker_case_end, name="worker_case_end"),
    path("begeleiding/<str:token>/", views.case_accept, name="case_accept"),
    path("professional/clienten/", views.clients, name="clients"),
    path("professional/clienten/uitnodigen/", views.case_invite, name="case_invite"),
    path("professional/clienten/<int:pk>/profiel/", views.client_profile_edit, name="client_profile_edit"),
    path("professional/clienten/<int:pk>/stoppen/", views.professional_case_end, name="professional_case_end"),
]
