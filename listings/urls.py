from django.contrib.sitemaps.views import sitemap
from django.urls import path

from listings import application_views, carving_views, public_feeds, sitemaps, views

app_name = "listings"

urlpatterns = [
    path("werkgever/vacatures/", views.employer_vacancies, name="employer_vacancies"),
    path("werkgever/vacatures/nieuw/", views.vacancy_start, name="vacancy_start"),
    path("werkgever/beroepen/", views.occupation_options, name="occupation_options"),
    path("werkgever/vacatures/nieuw/gegevens/", views.vacancy_create, name="vacancy_create"),
    path("werkgever/vacatures/<int:pk>/bewerken/", views.vacancy_edit, name="vacancy_edit"),
    path("werkgever/vacatures/<int:pk>/voorbeeld/", views.vacancy_preview, name="vacancy_preview"),
    path("werkgever/vacatures/<int:pk>/<str:action>/", views.vacancy_action, name="vacancy_action"),
    path("vacatures/<int:pk>/", views.vacancy_detail, name="vacancy_detail"),
    path("vacatures/feed.json", public_feeds.vacancy_feed_json, name="vacancy_feed_json"),
    path("vacatures/feed.xml", public_feeds.vacancy_feed_xml, name="vacancy_feed_xml"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps.SITEMAPS}, name="sitemap"),
    path("vacatures/<int:pk>/reageren/", application_views.vacancy_apply, name="vacancy_apply"),
    path("reacties/<int:pk>/intrekken/", application_views.application_withdraw, name="application_withdraw"),
    path("reacties/<int:pk>/uitkomst/", application_views.application_outcome, name="application_outcome"),
    path("werkgever/reacties/", application_views.applications, name="applications"),
    path("reacties/<int:pk>/taken/", carving_views.worker_tasks, name="application_tasks"),
    path("werkgever/reacties/<int:pk>/functie-op-maat/", carving_views.employer_carving, name="application_carving"),
    path("vacatures/<int:pk>/feedback/", application_views.match_feedback, name="match_feedback"),
    path("coordinator/moderatie/", views.moderation_queue, name="moderation_queue"),
    path("coordinator/meldingen/<int:pk>/", views.report_handle, name="report_handle"),
    path("coordinator/moderatie/wijzigingen/", views.revision_decide, name="revision_decide"),
    path("coordinator/moderatie/goedkeuren/", views.moderation_bulk_approve, name="moderation_bulk_approve"),
    path("coordinator/moderatie/<int:pk>/goedkeuren/", views.moderation_approve, name="moderation_approve"),
    path("coordinator/moderatie/<int:pk>/afwijzen/", views.moderation_reject, name="moderation_reject"),
    path("coordinator/moderatie/<int:pk>/voorbeeld/", views.moderation_preview, name="moderation_preview"),
]
