from django.urls import path

from experiments import views

app_name = "experiments"

urlpatterns = [
    path("coordinator/experimenten/", views.experiment_list, name="list"),
    path("coordinator/experimenten/netwerk/<int:network_id>/nieuw/", views.experiment_create, name="create"),
    path("coordinator/experimenten/<int:pk>/", views.experiment_detail, name="detail"),
    path("coordinator/experimenten/<int:pk>/stoppen/", views.experiment_stop, name="stop"),
    path("coordinator/experimenten/<int:pk>/cijfers.csv", views.experiment_csv, name="csv"),
    path("werkzoekende/experiment/<int:pk>/niet-meedoen/", views.withdraw, name="withdraw"),
    path("professional/clienten/<int:pk>/netwerk/", views.case_network, name="case_network"),
]
