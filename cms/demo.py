"""Deterministic, idempotent demo content for the CMS: network pages, news, events, standard pages
and the site's contact details.

Pages are looked up by slug under their parent: running it twice creates nothing new, and content
an editor changed in the meantime is left alone. Dates are relative to the first run.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from cms.models import (
    EventPage,
    HomePage,
    NetworkIndexPage,
    NetworkPage,
    NewsPage,
    SiteContact,
    StandardPage,
)
from network.models import Network

CONTACT_NAMES = ["Marieke van den Berg", "Youssef El Amrani", "Ingrid Koster", "Sander Wolters", "Fatima Bouzid"]

NETWORK_INTRO = (
    "In {network} werken werkgevers uit de regio {region} samen aan re-integratie in het tweede spoor. "
    "Bent u ziek geworden en kunt u niet terug naar uw eigen werk? Dan zoeken wij samen met u en uw "
    "re-integratiebegeleider naar werk dat past bij wat u nu kunt. Onze werkgevers bieden een rustige start, "
    "opbouw van uren en begeleiding op de werkvloer."
)


def _paragraph(*sentences: str) -> tuple[str, RichText]:
    return ("paragraph", RichText("<p>" + " ".join(sentences) + "</p>"))


def _heading(text: str, level: str = "h2") -> tuple[str, dict]:
    return ("heading", {"text": text, "level": level})


def _network_body() -> list:
    return [
        _heading("Wat is re-integratie in het tweede spoor?"),
        _paragraph(
            "Als u langer dan een paar maanden ziek bent en terugkeer naar uw eigen werk niet lukt, moet uw "
            "werkgever ook kijken naar werk bij een andere werkgever. Dat heet het tweede spoor.",
            "Bij de werkgevers in ons netwerk kunt u ervaring opdoen, uren opbouwen en laten zien wat u kunt.",
        ),
        (
            "quote",
            {
                "quote": "Ik begon met drie ochtenden per week. Nu werk ik twintig uur en heb ik een vast contract.",
                "attribution": "Deelnemer, magazijnmedewerker",
            },
        ),
        (
            "faq",
            {
                "questions": [
                    {
                        "question": "Wat kost het mij?",
                        "answer": RichText("<p>Niets. Werkzoekenden betalen nooit voor Passend Werk.</p>"),
                    },
                    {
                        "question": "Mag ik beginnen met minder uren?",
                        "answer": RichText(
                            "<p>Ja. Veel werkgevers in ons netwerk bieden een opbouw van uren, "
                            "afgestemd op wat u kunt.</p>"
                        ),
                    },
                    {
                        "question": "Hoe word ik lid als werkgever?",
                        "answer": RichText(
                            "<p>Registreer uw organisatie en meld u aan bij het netwerk. De coördinator "
                            "neemt daarna contact met u op.</p>"
                        ),
                    },
                ]
            },
        ),
    ]


def _news(network) -> list[dict]:
    return [
        {
            "slug": "nieuwe-werkgevers-aangesloten",
            "title": f"Nieuwe werkgevers aangesloten bij {network.name}",
            "days_ago": 6,
            "intro": "Deze maand zijn drie nieuwe werkgevers lid geworden. Zij bieden samen meer dan twintig "
            "plekken waar u rustig kunt starten.",
            "body": [
                _paragraph(
                    "De nieuwe leden komen uit de logistiek, de zorg en de schoonmaak.",
                    "Alle drie bieden ze een buddy op de werkvloer en een opbouw van uren.",
                )
            ],
        },
        {
            "slug": "terugblik-eerste-jaar",
            "title": "Terugblik: een jaar samenwerken in het tweede spoor",
            "days_ago": 34,
            "intro": "In het afgelopen jaar vonden tientallen mensen via ons netwerk passend werk. "
            "We zetten de belangrijkste lessen op een rij.",
            "body": [
                _heading("Wat werkt?"),
                _paragraph(
                    "Een goede kennismaking, duidelijke afspraken over belasting en uren, en een vaste "
                    "contactpersoon bij de werkgever maken het verschil.",
                ),
            ],
        },
    ]


def _events(network, now) -> list[dict]:
    region = network.region.name
    today = timezone.localdate(now)
    upcoming = timezone.make_aware(datetime.combine(today + timedelta(days=21), time(8, 0)))
    past = timezone.make_aware(datetime.combine(today - timedelta(days=14), time(14, 0)))
    return [
        {
            "slug": "werkgeversontbijt",
            "title": "Werkgeversontbijt",
            "start": upcoming,
            "end": upcoming + timedelta(hours=1, minutes=30),
            "place": f"Gemeentehuis, {region}",
            "registration_url": "https://passendwerk.example/aanmelden/werkgeversontbijt",
            "intro": "Ontbijt met andere werkgevers en hoor hoe zij mensen in het tweede spoor een kans geven.",
            "body": [
                _paragraph(
                    "Tijdens het ontbijt vertellen twee werkgevers uit het netwerk over hun ervaringen.",
                    "Daarna is er tijd om vragen te stellen aan de netwerkcoördinator.",
                )
            ],
        },
        {
            "slug": "informatiemiddag-re-integratie-tweede-spoor",
            "title": "Informatiemiddag re-integratie tweede spoor",
            "start": past,
            "end": past + timedelta(hours=2, minutes=30),
            "place": f"Bibliotheek {region}",
            "registration_url": "",
            "intro": "Een middag voor werkzoekenden en re-integratiebegeleiders over werken bij een nieuwe werkgever.",
            "body": [
                _paragraph(
                    "We legden uit hoe het tweede spoor werkt en hoe u vacatures vindt die passen bij wat u kunt.",
                )
            ],
        },
    ]


STANDARD_PAGES = [
    {
        "slug": "over-passend-werk",
        "title": "Over Passend Werk",
        "intro": "Passend Werk brengt mensen die na ziekte opnieuw beginnen in contact met werkgevers die daarvoor "
        "openstaan.",
        "body": [
            _heading("Waarom Passend Werk?"),
            _paragraph(
                "Wie ziek is geworden, kan vaak nog veel, maar niet alles. Passend Werk laat per vacature zien "
                "hoe zwaar het werk is en of u rustig kunt beginnen.",
                "Zo ziet u snel welke banen passen bij wat u kunt.",
            ),
            _heading("Voor wie?"),
            _paragraph(
                "Voor werkzoekenden in het tweede spoor, hun re-integratiebegeleiders en werkgevers die "
                "mensen een nieuwe kans willen geven. Werkzoekenden betalen nooit.",
            ),
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy",
        "intro": "Wij gaan zorgvuldig om met uw gegevens, zeker met gegevens over uw gezondheid.",
        "body": [
            _heading("Welke gegevens bewaren wij?"),
            _paragraph(
                "Uw belastbaarheid bewaren wij versleuteld. Werkgevers zien die nooit.",
                "Een snelle zoekopdracht zonder account bewaren wij alleen in uw sessie.",
            ),
            _heading("Meten of de volgorde helpt"),
            _paragraph(
                "Zoekt u met uw opgeslagen profiel? Dan bewaren wij welke vacatures u zag, in welke volgorde.",
                "Wij bewaren dat zonder uw naam. Zo meten wij of de volgorde mensen helpt werk te vinden.",
                "Welke soort beperking u heeft, bewaren wij daarbij versleuteld. Hoe zwaar, bewaren wij niet.",
                "Laat u uw gegevens verwijderen, dan wissen wij dit ook.",
            ),
            _heading("Uw rechten"),
            _paragraph(
                "U mag uw gegevens altijd inzien, laten verbeteren of laten verwijderen.",
                "Neem daarvoor contact met ons op via het e-mailadres onderaan deze pagina.",
            ),
        ],
    },
]


NETWORK_INTRO_EN = (
    "In {network}, employers in the {region} region work together on reintegration with a new employer "
    "(second track). Did you become ill and can you not go back to your own job? Together with you and your "
    "reintegration professional we look for work that fits what you can do now. Our employers offer a calm "
    "start, building up your hours and support at work."
)

ENGLISH = {
    "home": {
        "title": "Passend Werk",
        "intro": "Work that fits what you can do. Employers in your region are open "
        "to people who are returning to work.",
    },
    "netwerken": {
        "title": "Networks",
        "intro": "Employers in your region work together in networks. They are "
        "open to people who return to work after an illness.",
    },
    "over-passend-werk": {
        "title": "About Passend Werk",
        "intro": "Passend Werk connects people who start again after an illness with employers who are open to it.",
        "body": [
            _heading("Why Passend Werk?"),
            _paragraph(
                "Someone who became ill can often still do a lot, but not everything. Passend Werk shows for every "
                "vacancy how demanding the work is and whether you can start gradually."
            ),
        ],
    },
    "privacy": {
        "title": "Privacy",
        "intro": "We handle your data with care, especially data about your health.",
        "body": [
            _heading("What do we keep?"),
            _paragraph(
                "Your capacity is stored encrypted. Employers never see it. You can always see, correct or erase "
                "your data."
            ),
            _heading("Measuring whether the order helps"),
            _paragraph(
                "When you search with your stored profile, we keep which vacancies you saw, in which order, without "
                "your name, to measure whether the order helps people find work. Which kind of limitation you have is "
                "kept encrypted with it, not how severe it is. When you have your data erased, this goes too."
            ),
        ],
    },
}


def _english(page: Page, locale, **fields) -> tuple[Page, bool]:
    """The English translation of a demo page (with its parents), created once and published."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    translation = page.copy_for_translation(locale, copy_parents=True).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    if "title" in fields:
        translation.draft_title = fields["title"]
    translation.save_revision().publish()
    return translation, True


def _translate_demo(home, index, network_pages, standard_pages) -> int:
    english = Locale.objects.filter(language_code="en").first()
    if english is None:
        return 0
    created = 0
    for page, fields in ((home, ENGLISH["home"]), (index, ENGLISH["netwerken"])):
        created += _english(page, english, **fields)[1]
    for page in network_pages:
        network = page.network
        created += _english(
            page, english, intro=NETWORK_INTRO_EN.format(network=network.name, region=network.region.name), body=[]
        )[1]
    for slug, page in standard_pages.items():
        created += _english(page, english, **ENGLISH[slug])[1]
    return created


def _child(parent: Page, slug: str) -> Page | None:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _get_or_publish(parent: Page, page: Page) -> tuple[Page, bool]:
    existing = _child(parent, page.slug)
    if existing is not None:
        return existing, False
    return _publish(parent, page), True


@transaction.atomic
def load_cms_demo(*, seed: int = 1) -> dict:
    """Create the demo pages that are missing; returns the pages by kind and how many were created."""
    rng = random.Random(seed)
    home = HomePage.objects.first()
    if home is None:
        return {"created": 0}
    now = timezone.now()
    created = 0

    index, new = _get_or_publish(
        home,
        NetworkIndexPage(
            title="Netwerken",
            slug="netwerken",
            intro="Werkgevers in uw regio werken samen in netwerken. Zij staan open voor mensen die na ziekte "
            "opnieuw aan het werk gaan.",
        ),
    )
    created += new

    network_pages = []
    for network in Network.objects.select_related("region").order_by("pk"):
        coordinator = network.coordinators.order_by("pk").first()
        contact_name = CONTACT_NAMES[rng.randrange(len(CONTACT_NAMES))]
        phone = f"0{rng.randrange(10, 80)} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
        network_page = NetworkPage.objects.filter(network=network).first()
        if network_page is None:
            network_page, new = _get_or_publish(
                index,
                NetworkPage(
                    title=network.name,
                    slug=network.slug,
                    network=network,
                    intro=NETWORK_INTRO.format(network=network.name, region=network.region.name),
                    body=_network_body(),
                    contact_name=coordinator.get_full_name() if coordinator else contact_name,
                    contact_email=coordinator.email if coordinator else f"coordinator.{network.slug}@passendwerk.test",
                    contact_phone=phone,
                ),
            )
            created += new
        network_pages.append(network_page)
        for item in _news(network):
            _page, new = _get_or_publish(
                network_page,
                NewsPage(
                    title=item["title"],
                    slug=item["slug"],
                    date=timezone.localdate(now) - timedelta(days=item["days_ago"]),
                    intro=item["intro"],
                    body=item["body"],
                ),
            )
            created += new
        for item in _events(network, now):
            _page, new = _get_or_publish(network_page, EventPage(**item))
            created += new

    standard_pages = {}
    for item in STANDARD_PAGES:
        standard_pages[item["slug"]], new = _get_or_publish(home, StandardPage(show_in_menus=True, **item))
        created += new

    _site_contact(home, index, standard_pages)
    created += _translate_demo(home, index, network_pages, standard_pages)
    return {"created": created, "index": index, "network_pages": network_pages, "standard_pages": standard_pages}


def _site_contact(home, index, standard_pages) -> None:
    site = Site.objects.filter(root_page=home).first() or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    contact = SiteContact.for_site(site)
    if contact.organisation_name:
        return  # already filled in (by an earlier run or an editor): leave it alone
    contact.organisation_name = "Stichting Passend Werk"
    contact.email = "info@passendwerk.test"
    contact.phone = "030 123 4567"
    contact.address = "Catharijnesingel 1\n3511 GA Utrecht"
    contact.footer_text = "Werkzoekenden betalen nooit voor Passend Werk."
    contact.footer_text_en = "Job seekers never pay for Passend Werk."
    contact.footer_links = [
        ("link", {"text": "Netwerken", "page": index, "url": ""}),
        ("link", {"text": "Over Passend Werk", "page": standard_pages["over-passend-werk"], "url": ""}),
        ("link", {"text": "Privacy", "page": standard_pages["privacy"], "url": ""}),
    ]
    contact.save()
