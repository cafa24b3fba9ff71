"""Deterministic, idempotent demo data for the network app: regions, networks, employers, people.

Everything is keyed on natural keys (slugs, KvK numbers, e-mail addresses), so running it twice
changes nothing, and the same seed always gives the same data.
"""

import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone

from network.models import Employer, EmployerStaff, Membership, Network, Region, Role, User
from network.permissions import needs_mfa

DEMO_PASSWORD = "PassendWerk-demo-2026"  # noqa: S105 - printed for local use; loaddemo refuses to run with DEBUG off
# Base32 TOTP secret for the demo professional, coordinator and staff member: add it to an authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

# (region, network slug, network name, [(municipality, lat, lon), ...])
DEMO_REGIONS = [
    (
        "Groot Amsterdam",
        "groot-amsterdam",
        "Werkgeversnetwerk Groot Amsterdam",
        [
            ("Amsterdam", 52.3676, 4.9041),
            ("Amstelveen", 52.3114, 4.8701),
            ("Zaanstad", 52.4420, 4.8292),
            ("Diemen", 52.3391, 4.9626),
            ("Haarlemmermeer", 52.3061, 4.6907),
            ("Purmerend", 52.5050, 4.9597),
        ],
    ),
    (
        "Rijnmond",
        "rijnmond",
        "Netwerk Passend Werk Rijnmond",
        [
            ("Rotterdam", 51.9244, 4.4777),
            ("Schiedam", 51.9192, 4.3989),
            ("Vlaardingen", 51.9125, 4.3419),
            ("Capelle aan den IJssel", 51.9292, 4.5778),
            ("Nissewaard", 51.8450, 4.3292),
            ("Barendrecht", 51.8567, 4.5347),
        ],
    ),
    (
        "Midden-Utrecht",
        "midden-utrecht",
        "Werkgeversnetwerk Midden-Utrecht",
        [
            ("Utrecht", 52.0907, 5.1214),
            ("Nieuwegein", 52.0292, 5.0808),
            ("Zeist", 52.0907, 5.2332),
            ("Houten", 52.0284, 5.1681),
            ("IJsselstein", 52.0200, 5.0428),
            ("De Bilt", 52.1100, 5.1806),
        ],
    ),
    (
        "Twente",
        "twente",
        "Twents Netwerk Tweede Spoor",
        [
            ("Enschede", 52.2215, 6.8937),
            ("Hengelo", 52.2659, 6.7931),
            ("Almelo", 52.3567, 6.6625),
            ("Oldenzaal", 52.3131, 6.9292),
            ("Borne", 52.3000, 6.7500),
        ],
    ),
]

SECTORS = [
    ("Logistiek", ["Distributiecentrum", "Logistiek", "Transport"]),
    ("Schoonmaak en facilitair", ["Schoonmaakbedrijf", "Facilitaire Diensten"]),
    ("Zorg en welzijn", ["Zorggroep", "Thuiszorg", "Woonzorgcentrum"]),
    ("Detailhandel", ["Supermarkt", "Bouwmarkt", "Fietsenwinkel"]),
    ("Zakelijke dienstverlening", ["Administratiekantoor", "Klantcontactcentrum", "Adviesbureau"]),
    ("Groen", ["Hoveniersbedrijf", "Kwekerij"]),
    ("Industrie", ["Metaalbewerking", "Verpakkingen", "Voedingsmiddelen"]),
    ("Horeca", ["Bedrijfsrestaurant", "Cateraar"]),
    ("Overheid", ["Gemeentelijk Werkbedrijf", "Waterschap"]),
]
SURNAMES = [
    "De Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "De Boer",
    "Mulder",
    "De Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Van Dijk",
    "Dekker",
    "Brouwer",
    "Kok",
    "Van Leeuwen",
    "Willems",
    "Janssen",
]
STREETS = ["Stationsweg", "Industrieweg", "Kerkstraat", "Dorpsstraat", "Havenweg", "Molenweg", "Nijverheidsweg"]

EMPLOYERS_PER_NETWORK = 9


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    label: str  # what loaddemo's table says the account is for


WORKER_EMAIL = "werkzoekende@passendwerk.test"
PROFESSIONAL_EMAIL = "professional@passendwerk.test"
EMPLOYER_EMAIL = "werkgever@passendwerk.test"
COORDINATOR_EMAIL = "coordinator@passendwerk.test"

DEMO_ACCOUNTS = [
    DemoAccount(WORKER_EMAIL, Role.WORKER, "worker, guided by the professional"),
    DemoAccount(PROFESSIONAL_EMAIL, Role.PROFESSIONAL, "reintegration professional"),
    DemoAccount(EMPLOYER_EMAIL, Role.EMPLOYER, "employer staff (the demo employer)"),
    DemoAccount(COORDINATOR_EMAIL, Role.COORDINATOR, "coordinator of two networks"),
    DemoAccount("beheer@passendwerk.test", Role.WORKER, "staff: /cms/ and /django-admin/"),
]
_FIRST_NAMES = {
    "werkzoekende": "Sanne",
    "professional": "Ahmed",
    "werkgever": "Petra",
    "coordinator": "Joost",
    "beheer": "Beheerder",
}


def _kvk(rng: random.Random) -> str:
    return f"{rng.randrange(10_000_000, 100_000_000):08d}"


def _demo_user(account: DemoAccount) -> User:
    local = account.email.split("@")[0]
    user, created = User.objects.get_or_create(
        email=account.email,
        defaults={"role": account.role, "first_name": _FIRST_NAMES[local], "last_name": "Demo"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        if local == "beheer":
            user.is_staff = user.is_superuser = True
        user.save()
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    if needs_mfa(user) and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


@transaction.atomic
def load_network_demo(*, seed: int = 1) -> dict:
    rng = random.Random(seed)
    users = {
        account.role if account.email.split("@")[0] != "beheer" else "staff": _demo_user(account)
        for account in DEMO_ACCOUNTS
    }
    networks, employers = [], []
    drawn_kvk: set[str] = set()
    for region_name, slug, network_name, places in DEMO_REGIONS:
        region, _ = Region.objects.get_or_create(slug=slug, defaults={"name": region_name})
        network, _ = Network.objects.get_or_create(
            slug=slug,
            defaults={
                "name": network_name,
                "region": region,
                "description": f"Werkgevers in de regio {region_name} die mensen een nieuwe kans geven.",
            },
        )
        networks.append(network)
        for index in range(EMPLOYERS_PER_NETWORK):
            employers.append(_demo_employer(rng, network, places, index, drawn_kvk))
    now = timezone.now()
    # The story (see loaddemo): the demo employer is in the first network, which the coordinator looks after.
    networks[0].coordinators.add(users[Role.COORDINATOR])
    networks[1].coordinators.add(users[Role.COORDINATOR])
    EmployerStaff.objects.get_or_create(employer=employers[0], user=users[Role.EMPLOYER], defaults={"is_admin": True})
    for employer in employers:
        membership = employer.memberships.get()
        if membership.status == Membership.Status.ACTIVE and membership.started_at is None:
            membership.started_at = now
            membership.save(update_fields=["started_at"])
    return {"users": users, "networks": networks, "employers": employers}


def demo_employer() -> Employer | None:
    """The employer the demo employer account manages (the first employer of the first demo network)."""
    link = EmployerStaff.objects.filter(user__email=EMPLOYER_EMAIL).select_related("employer").order_by("pk").first()
    return link.employer if link else None


def _demo_employer(rng, network, places, index, drawn_kvk) -> Employer:
    sector, kinds = SECTORS[rng.randrange(len(SECTORS))]
    kind = kinds[rng.randrange(len(kinds))]
    surname = SURNAMES[rng.randrange(len(SURNAMES))]
    place, lat, lon = places[rng.randrange(len(places))]
    kvk = _kvk(rng)
    while kvk in drawn_kvk:
        kvk = _kvk(rng)
    drawn_kvk.add(kvk)
    status = Membership.Status.ACTIVE
    if index == EMPLOYERS_PER_NETWORK - 1:
        status = Membership.Status.APPLIED
    elif index == EMPLOYERS_PER_NETWORK - 2:
        status = Membership.Status.SUSPENDED
    employer, _ = Employer.objects.get_or_create(
        kvk_number=kvk,
        defaults={
            "name": f"{kind} {surname} {place}",
            "street_address": f"{STREETS[rng.randrange(len(STREETS))]} {rng.randrange(1, 200)}",
            "postcode": f"{rng.randrange(1000, 9999)} {chr(65 + rng.randrange(26))}{chr(65 + rng.randrange(26))}",
            "municipality": place,
            "latitude": round(lat + rng.uniform(-0.02, 0.02), 5),
            "longitude": round(lon + rng.uniform(-0.03, 0.03), 5),
            "website": f"https://www.{kind.lower().replace(' ', '')}-{surname.lower().replace(' ', '')}.example",
            "sector": sector,
            "size": rng.choice(Employer.Size.values),
        },
    )
    Membership.objects.get_or_create(employer=employer, network=network, defaults={"status": status})
    return employer
