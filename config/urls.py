from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api
from config.health import healthz
from network.views import account, dashboard


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; the icon itself is a static SVG."""
    return HttpResponsePermanentRedirect(static_url("img/favicon.svg"))


def robots(request):
    """Search engines: the public pages and the sitemap of vacancies; nobody's own pages, forms or admin."""
    private = ["/accounts/", "/mijn/", "/werkgever/", "/werkzoekende/", "/professional/", "/coordinator/"]
    private += ["/begeleiding/", "/reacties/", "/uitnodiging/", "/cms/", "/django-admin/", "/api/", "/billing/"]
    private += ["/werk-zoeken/"]  # endless combinations of filters; the vacancies themselves are in the sitemap
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in private), ""]
    lines.append(f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Every login goes through allauth, which asks for the second factor; the admin sites' own login
# forms and Wagtail's front-end login (for private pages) check only the password, so they send
# people to allauth instead. tests/network/test_one_way_in.py walks every URL to keep it that way.
ALLAUTH_LOGIN = RedirectView.as_view(pattern_name="account_login", query_string=True)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("robots.txt", robots),
    path("django-admin/login/", ALLAUTH_LOGIN),
    path("django-admin/", admin.site.urls),
    path("cms/login/", ALLAUTH_LOGIN),
    path("cms/password_reset/", RedirectView.as_view(pattern_name="account_reset_password")),
    path("_util/login/", ALLAUTH_LOGIN, name="wagtailcore_login"),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("mijn/", dashboard, name="dashboard"),
    path("mijn/account/", account, name="account"),
    path("billing/", include("cms.billing.urls")),
    path("", include("pages.urls")),
    path("", include("network.urls")),
    path("", include("matching.urls")),
    path("", include("listings.urls")),
    path("", include("search.urls")),
    path("", include("feeds.urls")),
    path("", include("experiments.urls")),
    path("", include("placements.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving catches everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
