from django.urls import path

from placements import views

app_name = "placements"

urlpatterns = [
    path("mijn/plaatsingen/<int:pk>/", views.placement_detail, name="detail"),
    path("mijn/plaatsingen/<int:pk>/plan/", views.plan_edit, name="plan_edit"),
    path("mijn/plaatsingen/<int:pk>/uren-per-week/", views.weeks_edit, name="weeks_edit"),
    path("mijn/plaatsingen/<int:pk>/akkoord/", views.plan_confirm, name="confirm"),
    path("mijn/plaatsingen/<int:pk>/week/", views.check_in, name="check_in"),
    path("mijn/plaatsingen/<int:pk>/afronden/", views.placement_end, name="end"),
    path("mijn/plaatsingen/<int:pk>/opbouwplan.ics", views.plan_ics, name="ics"),
]
