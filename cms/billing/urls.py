from django.urls import path

from cms.billing import views

app_name = "billing"

urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("", views.overview, name="overview"),
    path("<int:membership_id>/abonneren/", views.checkout, name="checkout"),
    path("<int:membership_id>/beheren/", views.portal, name="portal"),
]
