from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.billing import admin_views
from cms.billing.models import Plan


class PlanViewSet(SnippetViewSet):
    model = Plan
    icon = "tag"
    menu_label = _("Plans")
    list_display = ["name", "monthly_euros", "yearly_euros", "included_vacancies", "active"]


register_snippet(PlanViewSet)


@hooks.register("register_admin_urls")
def billing_urls():
    return [
        path("billing/", admin_views.overview, name="cms_billing"),
        path("billing/<int:pk>/", admin_views.membership_detail, name="cms_billing_membership"),
    ]


@hooks.register("register_admin_menu_item")
def billing_menu_item():
    return MenuItem(_("Billing"), reverse("cms_billing"), icon_name="doc-full", order=900)
