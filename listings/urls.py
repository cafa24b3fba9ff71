from django.urls import path

from listings import views

app_name = "listings"

urlpatterns = [
    path("werkgever/vacatures/", views.employer_vacancies, name="employer_vacancies"),
    path("werkgever/vacatures/nieuw/", views.vacancy_start, name="vacancy_start"),
    path("werkgever/vacatures/nieuw/gegevens/", views.vacancy_create, name="vacancy_create"),
    path("werkgever/vacatures/<int:pk>/bewerken/", views.vacancy_edit, name="vacancy_edit"),
    path("werkgever/vacatures/<int:pk>/voorbeeld/", views.vacancy_preview, name="vacancy_preview"),
    path("werkgever/vacatures/<int:pk>/<str:action>/", views.vacancy_action, name="vacancy_action"),
    path("vacatures/<int:pk>/", views.vacancy_detail, name="vacancy_detail"),
    path("coordinator/moderatie/", views.moderation_queue, name="moderation_queue"),
    path("coordinator/meldingen/<int:pk>/", views.report_handle, name="report_handle"),
    path("coordinator/moderatie/goedkeuren/", views.moderation_bulk_approve, name="moderation_bulk_approve"),
    path("coordinator/moderatie/<int:pk>/goedkeuren/", views.moderation_approve, name="moderation_approve"),
    path("coordinator/moderatie/<int:pk>/afwijzen/", views.moderation_reject, name="moderation_reject"),
    path("coordinator/moderatie/<int:pk>/voorbeeld/", views.moderation_preview, name="moderation_preview"),
]
