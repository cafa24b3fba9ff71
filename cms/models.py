from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import ContentBlock, LinkBlock
from core.language import current_language, in_language

LATEST_VACANCIES = 5
NEWEST_VACANCIES_ON_HOME = 6
LATEST_NEWS = 3
UPCOMING_EVENTS = 5


class HomePage(Page):
    """The site's front page. Network pages, news and events hang below it."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.NetworkIndexPage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("home page")

    def networks_with_counts(self) -> list:
        """Every network with its region, its number of published vacancies and its page in this page's
        language (or None): two queries, however many networks there are."""
        from listings.models import Vacancy
        from network.models import Network

        networks = list(
            Network.objects.select_related("region")
            .annotate(open_vacancies=Count("vacancies", filter=Q(vacancies__status=Vacancy.Status.PUBLISHED)))
            .order_by("name")
        )
        pages = {
            page.network_id: page
            for page in NetworkPage.objects.live().public().filter(locale_id=self.locale_id).order_by("pk")
        }
        for network in networks:
            network.page = pages.get(network.pk)
        return networks

    def newest_vacancies(self):
        from listings.models import Vacancy

        return (
            Vacancy.objects.published()
            .select_related("employer")
            .order_by("-published_at", "-pk")[:NEWEST_VACANCIES_ON_HOME]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        networks = self.networks_with_counts()
        regions = {network.region.slug: network.region for network in networks}
        context.update(
            networks=networks,
            regions=sorted(regions.values(), key=lambda region: region.name),
            vacancies=self.newest_vacancies(),
            search_url=reverse("search:search"),
            start_links=start_links(request.user),
        )
        return context


def start_links(user) -> dict[str, str]:
    """Where each user group starts: the search for everyone; for employers and professionals the sign-up,
    or their own page once logged in with that role (no link for someone logged in with another role)."""
    from network.models import Role

    def own_or_signup(role, url_name):
        if not user.is_authenticated:
            return reverse("account_signup")
        return reverse(url_name) if user.role == role else ""

    return {
        "worker": reverse("search:search"),
        "employer": own_or_signup(Role.EMPLOYER, "network:employer_home"),
        "professional": own_or_signup(Role.PROFESSIONAL, "matching:clients"),
    }


class NetworkIndexPage(Page):
    """Lists the network pages."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NetworkPage"]
    max_count = 1

    class Meta:
        verbose_name = _("network overview page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["network_pages"] = (
            NetworkPage.objects.child_of(self).live().public().select_related("network__region").order_by("title")
        )
        return context


class NetworkPage(Page):
    """A network's public page: its story, its members and its latest vacancies (live from the database)."""

    # One page per network and language: the English page is a Wagtail translation of the Dutch one.
    network = models.ForeignKey(
        "network.Network", on_delete=models.PROTECT, related_name="cms_pages", verbose_name=_("network")
    )
    intro = models.TextField(_("introduction"), max_length=1000)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("body"))
    contact_name = models.CharField(_("coordinator's name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("coordinator's e-mail address"), blank=True)
    contact_phone = models.CharField(_("coordinator's phone number"), max_length=30, blank=True)

    content_panels = [
        *Page.content_panels,
        # Only people who manage networks may link a page to one; coordinators edit the content.
        FieldPanel("network", permission="network.change_network"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.NetworkIndexPage"]
    subpage_types = ["cms.NewsPage", "cms.EventPage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("network page")

    def clean(self):
        super().clean()
        others = NetworkPage.objects.filter(network_id=self.network_id, locale_id=self.locale_id).exclude(pk=self.pk)
        if self.network_id and others.exists():
            raise ValidationError({"network": _("This network already has a page in this language.")})

    def active_memberships(self):
        from network.models import Membership

        return (
            Membership.objects.filter(network_id=self.network_id, status=Membership.Status.ACTIVE)
            .select_related("employer")
            .order_by("employer__name")
        )

    def latest_vacancies(self):
        from listings.models import Vacancy

        return (
            Vacancy.objects.published()
            .filter(network_id=self.network_id)
            .select_related("employer")
            .order_by("-published_at", "-pk")[:LATEST_VACANCIES]
        )

    def search_url(self) -> str:
        return f"{reverse('search:search')}?{urlencode({'network': self.network.slug})}"

    def latest_news(self):
        return NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")[:LATEST_NEWS]

    def upcoming_events(self):
        now = timezone.now()
        return (
            EventPage.objects.child_of(self)
            .live()
            .public()
            .filter(Q(end__gte=now) | Q(end__isnull=True, start__gte=now))
            .order_by("start")[:UPCOMING_EVENTS]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            memberships=self.active_memberships(),
            vacancies=self.latest_vacancies(),
            search_url=self.search_url(),
            news_pages=self.latest_news(),
            event_pages=self.upcoming_events(),
            standard_pages=StandardPage.objects.child_of(self).live().public(),
        )
        return context


class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(_("introduction"), max_length=600)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.NetworkPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")


class EventPage(Page):
    start = models.DateTimeField(_("starts at"))
    end = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=250, help_text=_("Address, or 'online'."))
    registration_url = models.URLField(_("registration link"), blank=True)
    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("start"), FieldPanel("end"), FieldPanel("place"), FieldPanel("registration_url")],
            heading=_("When and where"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.NetworkPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})

    @property
    def is_past(self) -> bool:
        return (self.end or self.start) < timezone.now()


class StandardPage(Page):
    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.NetworkPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class SiteContact(BaseSiteSetting):
    """The organisation's contact details and the footer, per site."""

    organisation_name = models.CharField(_("organisation name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    address = models.TextField(_("address"), max_length=300, blank=True)
    footer_text = models.TextField(_("footer text"), max_length=500, blank=True)
    footer_text_en = models.TextField(
        _("footer text in English"),
        max_length=500,
        blank=True,
        help_text=_("Shown on English pages. Left empty, English pages show the Dutch text."),
    )
    footer_links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("footer links"))

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("address")],
            heading=_("Contact"),
        ),
        FieldPanel("footer_text"),
        FieldPanel("footer_text_en"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("site contact and footer")

    @property
    def footer_text_in_language(self) -> str:
        """The footer text in the language of the page (English falls back to the Dutch text)."""
        return in_language({"nl": self.footer_text, "en": self.footer_text_en}, current_language())


class CoordinatorGroup(models.Model):
    """The Wagtail group through which a network's coordinators edit its pages (see cms.permissions)."""

    network = models.OneToOneField("network.Network", on_delete=models.CASCADE, related_name="cms_coordinator_group")
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="cms_coordinator_network")

    class Meta:
        verbose_name = _("coordinator group")
        verbose_name_plural = _("coordinator groups")

    def __str__(self):
        return f"{self.group} ({self.network})"


from cms.billing.models import Plan, StripeEvent, Subscription  # noqa: E402, F401 - billing models live in cms
