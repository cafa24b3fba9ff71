"""Deterministic, idempotent demo content for the CMS: network pages, news, events, standard pages
and the site's contact details.

Pages are looked up by slug under their parent: running it twice creates nothing new, and content
an editor changed in the meantime is left alone. Dates are relative to the first run.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site
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

CONTACT_NAMES = ["Marieke van den Berg", "Youssef El Amrani", "Ingrid Koster", "Sander Wolters",
                 "Fatima Bouzid"]

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
        ("quote", {
            "quote": "Ik begon met drie ochtenden per week. Nu werk ik twintig uur en heb ik een vast contract.",
            "attribution": "Deelnemer, magazijnmedewerker",
        }),
        ("faq", {"questions": [
            {"question": "Wat kost het mij?",
             "answer": RichText("<p>Niets. Werkzoekenden betalen nooit voor Passend Werk.</p>")},
            {"question": "Mag ik beginnen met minder uren?",
             "answer": RichText("<p>Ja. Veel werkgevers in ons netwerk bieden een opbouw van uren, "
                                "afgestemd op wat u kunt.</p>")},
            {"question": "Hoe word ik lid als werkgever?",
             "answer": RichText("<p>Registreer uw organisatie en meld u aan bij het netwerk. De coördinator "
                                "neemt daarna contact met u op.</p>")},
        ]}),
    ]


def _news(network) -> list[dict]:
    return [
        {
            "slug": "nieuwe-werkgevers-aangesloten",
            "title": f"Nieuwe werkgevers aangesloten bij {network.name}",
            "days_ago": 6,
            "intro": "Deze maand zijn drie nieuwe werkgevers lid geworden. Zij bieden samen meer dan twintig "
                     "plekken waar u rustig kunt starten.",
            "body": [_paragraph(
                "De nieuwe leden komen uit de logistiek, de zorg en de schoonmaak.",
                "Alle drie bieden ze een buddy op de werkvloer en een opbouw van uren.",
            )],
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
            "body": [_paragraph(
                "Tijdens het ontbijt vertellen twee werkgevers uit het netwerk over hun ervaringen.",
                "Daarna is er tijd om vragen te stellen aan de netwerkcoördinator.",
            )],
        },
        {
            "slug": "informatiemiddag-re-integratie-tweede-spoor",
            "title": "Informatiemiddag re-integratie tweede spoor",
            "start": past,
            "end": past + timedelta(hours=2, minutes=30),
            "place": f"Bibliotheek {region}",
            "registration_url": "",
            "intro": "Een middag voor werkzoekenden en re-integratiebegeleiders over werken bij een nieuwe werkgever.",
            "body": [_paragraph(
                "We legden uit hoe het tweede spoor werkt en hoe u vacatures vindt die passen bij wat u kunt.",
            )],
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
            _heading("Uw rechten"),
            _paragraph(
                "U mag uw gegevens altijd inzien, laten verbeteren of laten verwijderen.",
                "Neem daarvoor contact met ons op via het e-mailadres onderaan deze pagina.",
            ),
        ],
    },
]


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

    index, new = _get_or_publish(home, NetworkIndexPage(
        title="Netwerken", slug="netwerken",
        intro="Werkgevers in uw regio werken samen in netwerken. Zij staan open voor mensen die na ziekte "
              "opnieuw aan het werk gaan.",
    ))
    created += new

    network_pages = []
    for network in Network.objects.select_related("region").order_by("pk"):
        coordinator = network.coordinators.order_by("pk").first()
        contact_name = CONTACT_NAMES[rng.randrange(len(CONTACT_NAMES))]
        phone = f"0{rng.randrange(10, 80)} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
        network_page = NetworkPage.objects.filter(network=network).first()
        if network_page is None:
            network_page, new = _get_or_publish(index, NetworkPage(
                title=network.name, slug=network.slug, network=network,
                intro=NETWORK_INTRO.format(network=network.name, region=network.region.name),
                body=_network_body(),
                contact_name=coordinator.get_full_name() if coordinator else contact_name,
                contact_email=coordinator.email if coordinator else f"coordinator.{network.slug}@passendwerk.test",
                contact_phone=phone,
            ))
            created += new
        network_pages.append(network_page)
        for item in _news(network):
            _page, new = _get_or_publish(network_page, NewsPage(
                title=item["title"], slug=item["slug"], date=timezone.localdate(now) - timedelta(days=item["days_ago"]),
                intro=item["intro"], body=item["body"],
            ))
            created += new
        for item in _events(network, now):
            _page, new = _get_or_publish(network_page, EventPage(**item))
            created += new

    standard_pages = {}
    for item in STANDARD_PAGES:
        standard_pages[item["slug"]], new = _get_or_publish(home, StandardPage(show_in_menus=True, **item))
        created += new

    _site_contact(home, index, standard_pages)
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
    contact.footer_links = [
        ("link", {"text": "Netwerken", "page": index, "url": ""}),
        ("link", {"text": "Over Passend Werk", "page": standard_pages["over-passend-werk"], "url": ""}),
        ("link", {"text": "Privacy", "page": standard_pages["privacy"], "url": ""}),
    ]
    contact.save()
