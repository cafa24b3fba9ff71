"""The published vacancies in /sitemap.xml, with the time of their last change, at the site's own address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from listings import selectors


class VacancySitemap(Sitemap):
    changefreq = "daily"

    def __init__(self):
        site = urlsplit(settings.SITE_URL)
        self.protocol = site.scheme
        self.domain = site.netloc

    def get_domain(self, site=None):
        return self.domain  # SITE_URL, not the Host header of whoever asks

    def items(self):
        return selectors.published_vacancies().only("pk", "updated_at").order_by("-published_at", "-pk")

    def location(self, vacancy):
        return reverse("listings:vacancy_detail", args=[vacancy.pk])

    def lastmod(self, vacancy):
        return vacancy.updated_at


SITEMAPS = {"vacancies": VacancySitemap}
