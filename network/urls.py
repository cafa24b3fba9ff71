from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("werkgever/", views.employer_home, name="employer_home"),
    path("werkgever/registreren/", views.employer_register, name="employer_register"),
    path("werkgever/aansluiten/<str:kvk_number>/", views.employer_claim, name="employer_claim"),
    path("werkgever/verzoeken/", views.claims, name="claims"),
    path("werkgever/verzoeken/<int:pk>/", views.claim_decide, name="claim_decide"),
    path("werkgever/<int:employer_id>/uitnodigen/", views.staff_invite, name="staff_invite"),
    path("uitnodiging/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("werkgever/<int:employer_id>/aanmelden/", views.membership_apply, name="membership_apply"),
    path("coordinator/leden/", views.members, name="members"),
    path("coordinator/leden/<int:pk>/", views.membership_decide, name="membership_decide"),
    path("coordinator/leden/<int:pk>/verifieren/", views.membership_verify, name="membership_verify"),
    path("coordinator/leden/<int:pk>/factuur/", views.membership_invoiced, name="membership_invoiced"),
]
