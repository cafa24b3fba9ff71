from django.urls import path

from pages import report_views, views

app_name = "pages"

urlpatterns = [
    path("coordinator/", views.coordinator_home, name="coordinator_home"),
    path("professional/clienten/<int:pk>/", views.client_detail, name="client_detail"),
    path("werkzoekende/rapport/", report_views.worker_report_page, name="worker_report"),
    path("werkzoekende/rapport.pdf", report_views.worker_report_pdf, name="worker_report_pdf"),
    path("professional/clienten/<int:pk>/rapport/", report_views.client_report_page, name="client_report"),
    path("professional/clienten/<int:pk>/rapport.pdf", report_views.client_report_pdf, name="client_report_pdf"),
]
