from django.urls import path

from listings import views

app_name = "listings"

urlpatterns = [
    path("werkgever/vacatures/", views.employer_vacancies, name="employer_vacancies"),
    path("werkgever/vacatures/nieuw/", views.vacancy_start, name="vacancy_start"),
    path("werkgever/vacatures/nieuw/gegevens/", views.vacancy_create, name="vacancy_create"),
    path("werkgever/vacatures/<int:pk>/bewerken/", views.vacancy_edit, name="vacancy_edit"),
    path("werkgever/vacatures/<int:pk>/voorbeeld/", views.vacancy_preview, name="vacancy_preview"),
    path("werkgever/vacatures/<int:pk>/publiceren/", views.vacancy_publish, name="vacancy_publish"),
]
