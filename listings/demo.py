"""Demo vacancies: realistic, deterministic per index, topped up to the requested number in bulk; the other kinds
of opportunity in every network (`load_kinds_demo`); and the demo story (`load_story_demo`): the vacancies,
reactions and report that make the demo accounts' pages tell it.

Vacancy i is drawn from its own random generator seeded with (seed, i), so running loaddemo again
with a larger N only adds the missing vacancies, and the same N always gives the same data. The story's
vacancies count among the N: loaddemo creates them first.
"""

import json
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import JSONField
from django.utils import timezone

from listings.lifecycle import PUBLICATION
from listings.models import Application, Occupation, Vacancy, VacancyReport
from matching.catalogue import get_catalogue
from network.demo import COORDINATOR_EMAIL, EMPLOYER_EMAIL, PROFESSIONAL_EMAIL, WORKER_EMAIL, demo_employer
from network.models import Employer, Membership, User

BATCH_SIZE = 2000
COPY_FROM = 20_000  # a top-up of this many vacancies or more goes in with COPY on PostgreSQL
COPY_BATCH_SIZE = 10_000
PUBLICATION_DAYS = 90
WEEK_MINIMUMS = [8, 12, 16, 16, 20, 24, 24, 28, 32, 32, 36]
TITLE_SUFFIXES = ["", "", "", " (parttime)", " (instapfunctie)", " – tweede spoor welkom", " (opbouw mogelijk)"]
OPENNESS = [
    "U krijgt een vaste buddy die u de eerste weken helpt.",
    "We passen werktijden en pauzes aan op wat u aankunt.",
    "Een rustige werkplek en een vaste begeleider zijn mogelijk.",
    "We werken al jaren met mensen die na ziekte opnieuw beginnen.",
    "U mag starten met een proefplaatsing, zonder verplichtingen.",
    "Hulpmiddelen (zoals een sta-zittafel of tilhulp) regelen we samen.",
]
INTRO = [
    "Wij zoeken een collega die {title_lower} wil worden.",
    "Kom ons team versterken als {title_lower}.",
    "Zoekt u passend werk als {title_lower}? Dan zoeken wij u.",
]

COACHING = Vacancy.Coaching.values
StartProgress = Callable[[int], Callable[[int], None]]  # called with the total, returns "advance by n"


def _demo_employers() -> list[tuple[Employer, Membership]]:
    memberships = (
        Membership.objects.filter(status=Membership.Status.ACTIVE, employer__kvk_number__isnull=False)
        .select_related("employer", "network")
        .order_by("network__slug", "employer__kvk_number")
    )
    return [(membership.employer, membership) for membership in memberships]


def _vary_load(rng: random.Random, load: dict[str, int]) -> dict[str, int]:
    catalogue = get_catalogue()
    varied = dict(load)
    for code in list(varied):
        roll = rng.random()
        if roll < 0.15:
            varied[code] = max(0, varied[code] - 1)
        elif roll < 0.22:
            varied[code] = min(catalogue[code].max, varied[code] + 1)
    return {code: level for code, level in varied.items() if level > 0}


def _hours(rng: random.Random) -> dict:
    minimum = rng.choice(WEEK_MINIMUMS)
    maximum = min(40, minimum + rng.choice([0, 4, 8, 8, 12]))
    phased = rng.random() < 0.55
    terms = {
        "per_week_min": Decimal(minimum),
        "per_week_max": Decimal(maximum),
        "per_day_max": Decimal(rng.choice([4, 6, 8, 8, 9])) if rng.random() < 0.6 else None,
        "phased_start": phased,
        "phased_start_per_week": Decimal(max(4, (minimum // 2) - rng.choice([0, 2, 4]))) if phased else None,
        "phased_weeks": rng.choice([4, 6, 8, 12, 16, 26]) if phased else None,
    }
    if terms["per_day_max"] is not None and terms["per_day_max"] * 5 < minimum:
        terms["per_day_max"] = Decimal(8)
    return terms


def demo_vacancy_fields(index: int, *, seed: int, employers, occupations, loads, now) -> dict:
    """Demo vacancy `index` as the keyword arguments of a Vacancy (employer, network and occupation as objects)."""
    rng = random.Random(f"{seed}-{index}")
    employer, membership = employers[index % len(employers)]
    occupation = occupations[rng.randrange(len(occupations))]
    load = _vary_load(rng, loads[occupation.pk])
    adaptable = sorted(rng.sample(sorted(load), k=min(len(load), rng.choice([0, 1, 1, 2, 3]))))
    title = occupation.title_nl or occupation.title_en
    description = " ".join(
        [
            rng.choice(INTRO).format(title_lower=title.lower()),
            occupation.description_nl or occupation.description_en,
            f"U werkt bij {employer.name} in {employer.municipality}.",
        ]
    )
    published_at = now - timedelta(days=rng.randrange(PUBLICATION_DAYS), minutes=rng.randrange(1440))
    # The draws' order is the data: keep it when adding a field.
    return dict(
        employer=employer,
        network=membership.network,
        occupation=occupation,
        title=f"{title}{rng.choice(TITLE_SUFFIXES)}",
        description=description,
        place=employer.municipality,
        latitude=round(employer.latitude + rng.uniform(-0.01, 0.01), 5),
        longitude=round(employer.longitude + rng.uniform(-0.015, 0.015), 5),
        remote=rng.random() < 0.08,
        coaching=rng.choice(COACHING),
        trial_placement=rng.random() < 0.5,
        openness_statement=" ".join(rng.sample(OPENNESS, k=2)),
        load=load,
        adaptable=adaptable,
        status=Vacancy.Status.PUBLISHED,  # demo vacancies start out approved
        created_at=published_at - timedelta(days=rng.randrange(1, 5)),
        published_at=published_at,
        expires_at=published_at + PUBLICATION,
        **_hours(rng),
    )


def demo_vacancy(index: int, *, seed: int, employers, occupations, loads, now) -> Vacancy:
    return Vacancy(
        **demo_vacancy_fields(index, seed=seed, employers=employers, occupations=occupations, loads=loads, now=now)
    )


# --- large top-ups on PostgreSQL: COPY ---------------------------------------------------------------
#
# The same vacancies as `demo_vacancy` gives, written with COPY instead of INSERT and without a model
# instance each: about twice as fast as bulk_create (a million in two to three minutes on two cores).


def _copy_columns() -> list[tuple[str, str, str, object]]:
    """(column, field name, kind, default) for every column but the id."""
    columns = []
    for field in Vacancy._meta.concrete_fields:
        if field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            kind = "now"
        elif field.is_relation:
            kind = "relation"
        elif isinstance(field, JSONField):
            kind = "json"
        else:
            kind = "value"
        columns.append((field.column, field.name, kind, None if kind == "now" else field.get_default()))
    return columns


def _copy_row(fields: dict, columns, now) -> list:
    row = []
    for _column, name, kind, default in columns:
        value = fields.get(name, now if kind == "now" else default)
        if kind == "relation" and value is not None:
            value = value.pk
        elif kind == "json":
            value = json.dumps(value)
        row.append(value)
    return row


def _copy_vacancies(rows: Iterable[dict]) -> None:
    columns = _copy_columns()
    names = ", ".join(connection.ops.quote_name(column) for column, *_rest in columns)
    sql = f"COPY {connection.ops.quote_name(Vacancy._meta.db_table)} ({names}) FROM STDIN"
    now = timezone.now()  # what bulk_create gives updated_at (auto_now)
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for fields in rows:
            copy.write_row(_copy_row(fields, columns, now))


def demo_inputs() -> dict:
    """What `demo_vacancy` draws from, besides the seed, the index and the time: employers, occupations, loads."""
    employers = _demo_employers()
    occupations = list(Occupation.objects.filter(source=Occupation.Source.CURATED).prefetch_related("tasks"))
    if not employers or not occupations:
        raise ValueError("load the demo networks and the curated occupations first")
    loads = {occupation.pk: occupation.load_profile() for occupation in occupations}
    return {"employers": employers, "occupations": occupations, "loads": loads}


def load_vacancy_demo(*, count: int, seed: int = 1, start_progress: StartProgress | None = None) -> dict:
    """Top the demo vacancies up to `count` (the demo employers' vacancies are the demo vacancies)."""
    inputs = demo_inputs()
    employers = inputs["employers"]
    existing = Vacancy.objects.filter(employer__in=[employer for employer, _m in employers]).count()
    now = timezone.now()
    created = 0
    advance = start_progress(max(0, count - existing)) if start_progress else None
    copying = connection.vendor == "postgresql" and count - existing >= COPY_FROM
    batch_size = COPY_BATCH_SIZE if copying else BATCH_SIZE
    draw = {"seed": seed, "now": now, **inputs}
    for start in range(existing, count, batch_size):
        stop = min(count, start + batch_size)
        # One transaction per batch, in index order: an interrupted top-up keeps whole batches, and the next run
        # goes on from the first vacancy missing.
        if copying:
            with transaction.atomic():  # drawn while they stream: PostgreSQL takes in the rows meanwhile
                _copy_vacancies(demo_vacancy_fields(i, **draw) for i in range(start, stop))
        else:
            batch = [demo_vacancy(i, **draw) for i in range(start, stop)]
            with transaction.atomic():
                Vacancy.objects.bulk_create(batch)
        created += stop - start
        if advance:
            advance(stop - start)
    if copying and created:
        with connection.cursor() as cursor:  # fresh statistics for the search rebuild that reads them next
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Vacancy._meta.db_table)}")
    return {"existing": existing, "created": created}


# --- the story ------------------------------------------------------------------------------------
# Sanne (the demo worker) lives near the demo employer. Two of its vacancies fit her, a third fits if the
# employer adapts the lifting and she starts with fewer hours. She reacted to the first two: invited for a
# talk, and not hired. Her professional reported a vacancy of another employer in the same network; the
# report waits in the coordinator's moderation queue.


@dataclass(frozen=True)
class StoryVacancy:
    title: str
    occupation: str  # curated occupation key
    description: str
    hours: dict
    days_ago: int
    load: dict[str, int] | None = None  # the occupation's load when None
    adaptable: tuple[str, ...] = ()
    coaching: str = Vacancy.Coaching.BUDDY


STORY_VACANCIES = [
    StoryVacancy(
        title="Administratief medewerker (rustige start)",
        occupation="office-clerk",
        description="U verwerkt post, facturen en bestellingen op kantoor. U werkt aan een eigen bureau, in een "
        "rustig team van vijf collega's.",
        hours={"per_week_min": Decimal(16), "per_week_max": Decimal(24), "per_day_max": Decimal(5)},
        days_ago=24,
    ),
    StoryVacancy(
        title="Klantenservicemedewerker",
        occupation="customer-service-agent",
        description="U beantwoordt vragen van klanten via de telefoon en de e-mail. U krijgt eerst een training "
        "van twee weken.",
        hours={"per_week_min": Decimal(20), "per_week_max": Decimal(24), "per_day_max": Decimal(5)},
        days_ago=30,
    ),
    StoryVacancy(
        title="Magazijnadministrateur (opbouw mogelijk)",
        occupation="warehouse-administrator",
        description="U houdt de voorraad bij en maakt de papieren voor de vrachtwagens klaar. Soms tilt u een "
        "doos; daarvoor is een tilhulp te krijgen.",
        hours={
            "per_week_min": Decimal(24),
            "per_week_max": Decimal(32),
            "phased_start": True,
            "phased_start_per_week": Decimal(16),
            "phased_weeks": 12,
        },
        load={"IV.13": 2},
        adaptable=("IV.13",),
        days_ago=2,
    ),
]
REPORTED_VACANCY = StoryVacancy(
    title="Inpakker (direct beginnen)",
    occupation="hand-packer",
    description="U pakt producten in voor webwinkels. U staat de hele dag aan een tafel.",
    hours={"per_week_min": Decimal(32), "per_week_max": Decimal(38)},
    days_ago=10,
    coaching=Vacancy.Coaching.NONE,
)
STORY_OPENNESS = "U krijgt een vaste buddy en we bouwen de uren samen met u en uw begeleider op."
NOT_HIRED_REASON = (
    "We hebben gekozen voor iemand die al ervaring had met dit werk. Reageer gerust op onze andere vacatures."
)
REPORT_COMMENT = (
    "Mijn cliënt hoorde bij de kennismaking dat een rustige start hier niet kan, terwijl de vacature dat wel belooft."
)


def _story_vacancy(story: StoryVacancy, employer, network, created_by, now) -> tuple[Vacancy, bool]:
    existing = Vacancy.objects.filter(employer=employer, title=story.title).first()
    if existing is not None:
        return existing, False
    occupation = Occupation.objects.prefetch_related("tasks").get(key=story.occupation)
    load = dict(occupation.load_profile())
    load.update(story.load or {})
    published_at = now - timedelta(days=story.days_ago)
    vacancy = Vacancy(
        employer=employer,
        network=network,
        occupation=occupation,
        title=story.title,
        description=story.description,
        place=employer.municipality,
        latitude=employer.latitude,
        longitude=employer.longitude,
        coaching=story.coaching,
        trial_placement=True,
        openness_statement=STORY_OPENNESS if story.coaching != Vacancy.Coaching.NONE else "",
        load={code: level for code, level in load.items() if level > 0},
        adaptable=list(story.adaptable),
        status=Vacancy.Status.PUBLISHED,
        created_by=created_by,
        created_at=published_at - timedelta(days=2),
        published_at=published_at,
        expires_at=published_at + PUBLICATION,
        **story.hours,
    )
    vacancy.clean()
    vacancy.save()
    return vacancy, True


# --- kinds of opportunity ----------------------------------------------------------------------------
# Every network offers, besides its paid jobs, one trial placement, one work-experience place and one
# volunteering place (matching.opportunity_kinds). Which of the examples below, and which member employer
# offers it (one of the sectors that fits, when the network has such a member), is drawn from the seed and
# the network, so the same seed gives the same places. They count among the N of the top-up, like the story.


@dataclass(frozen=True)
class KindExample:
    title: str
    occupation: str  # curated occupation key
    description: str
    hours: tuple[int, int]  # hours a week, at least and at most
    duration_weeks: int | None = None
    certificate: bool = False
    expense_allowance: bool = False
    sectors: tuple[str, ...] = ()  # employers of these sectors offer it first
    coaching: str = Vacancy.Coaching.BUDDY
    openness: str = ""


KIND_EXAMPLES = {
    Vacancy.Kind.TRIAL_PLACEMENT: [
        KindExample(
            title="Proefplaatsing magazijnmedewerker",
            occupation="order-picker",
            description="U werkt zes weken mee in ons magazijn. U pakt bestellingen in en zet ze klaar voor de "
            "vrachtwagen. U krijgt geen loon, uw uitkering loopt door. Gaat het goed? Dan krijgt u een "
            "contract voor minstens een half jaar.",
            hours=(16, 24),
            duration_weeks=6,
            sectors=("Logistiek", "Industrie"),
            openness="Een vaste collega leert u het werk. We beginnen met korte dagen.",
        ),
        KindExample(
            title="Proefplaatsing schoonmaker kantoren",
            occupation="office-cleaner",
            description="U maakt een paar weken samen met een collega kantoren schoon, in de middag. U krijgt "
            "geen loon, uw uitkering loopt door. Past het werk? Dan bieden we u een contract aan.",
            hours=(12, 20),
            duration_weeks=8,
            sectors=("Schoonmaak en facilitair",),
            openness="U werkt steeds met dezelfde collega en in hetzelfde gebouw.",
        ),
        KindExample(
            title="Proefplaatsing productiemedewerker",
            occupation="production-operator",
            description="U werkt vier weken mee aan de productielijn. U leert de machine bedienen en u controleert "
            "de producten. U krijgt geen loon, uw uitkering loopt door. Daarna praten we over een contract.",
            hours=(20, 28),
            duration_weeks=4,
            sectors=("Industrie",),
            openness="U mag zelf zeggen wanneer u een pauze nodig hebt.",
        ),
    ],
    Vacancy.Kind.WORK_EXPERIENCE: [
        KindExample(
            title="Werkervaringsplaats groenonderhoud",
            occupation="gardener",
            description="U werkt een half jaar mee in het groen: snoeien, schoffelen en bladblazen in parken en "
            "tuinen. U krijgt geen loon. Een vaste begeleider leert u het vak. Aan het eind krijgt u een bewijs "
            "van wat u kunt.",
            hours=(16, 24),
            duration_weeks=26,
            certificate=True,
            sectors=("Groen", "Overheid"),
            coaching=Vacancy.Coaching.JOB_COACH,
            openness="U werkt in een vaste ploeg. U begint met halve dagen.",
        ),
        KindExample(
            title="Werkervaringsplaats keukenhulp",
            occupation="kitchen-help",
            description="U helpt drie maanden in onze keuken: groente snijden, afwassen en de lunch klaarzetten. "
            "U krijgt geen loon. U leert werken in een team en op tijd beginnen.",
            hours=(12, 20),
            duration_weeks=13,
            certificate=True,
            sectors=("Horeca", "Zorg en welzijn"),
            openness="Een vaste kok begeleidt u. Drukke momenten kunt u overslaan.",
        ),
        KindExample(
            title="Werkervaringsplaats fietsenmaker",
            occupation="bicycle-mechanic",
            description="U leert in twintig weken fietsen repareren: banden plakken, remmen afstellen, lampen "
            "vervangen. U krijgt geen loon. U werkt naast een ervaren fietsenmaker.",
            hours=(16, 24),
            duration_weeks=20,
            sectors=("Detailhandel",),
            openness="U werkt in uw eigen tempo, aan een eigen werkplek.",
        ),
    ],
    Vacancy.Kind.VOLUNTEERING: [
        KindExample(
            title="Vrijwilliger bij de voedselbank",
            occupation="hand-packer",
            description="U sorteert boodschappen en pakt er pakketten van voor mensen met weinig geld. U werkt "
            "in een gezellige groep. U bepaalt zelf of u een of twee ochtenden komt.",
            hours=(4, 8),
            expense_allowance=True,
            sectors=("Zorg en welzijn", "Logistiek"),
            coaching=Vacancy.Coaching.NONE,
            openness="Er is altijd koffie en iemand die u helpt.",
        ),
        KindExample(
            title="Vrijwilliger in de bibliotheek",
            occupation="library-assistant",
            description="U zet boeken terug in de kast en helpt bezoekers de weg te vinden. Het is rustig werk. "
            "U spreekt samen af op welke dagen u komt.",
            hours=(4, 8),
            duration_weeks=26,
            sectors=("Overheid", "Zakelijke dienstverlening"),
            coaching=Vacancy.Coaching.NONE,
            openness="Een vaste vrijwilliger wijst u de eerste weken de weg.",
        ),
        KindExample(
            title="Vrijwilliger koffie en activiteiten in het buurthuis",
            occupation="canteen-employee",
            description="U schenkt koffie en thee en helpt bij activiteiten, zoals een spelletjesmiddag. U komt in "
            "contact met mensen uit de buurt.",
            hours=(4, 12),
            duration_weeks=12,
            expense_allowance=True,
            sectors=("Zorg en welzijn", "Horeca"),
            coaching=Vacancy.Coaching.NONE,
            openness="U werkt altijd samen met een andere vrijwilliger.",
        ),
    ],
}
KIND_DAYS_AGO = {Vacancy.Kind.TRIAL_PLACEMENT: 5, Vacancy.Kind.WORK_EXPERIENCE: 12, Vacancy.Kind.VOLUNTEERING: 19}


def _kind_example_vacancy(kind: str, example: KindExample, employer: Employer, network, occupation, now) -> Vacancy:
    published_at = now - timedelta(days=KIND_DAYS_AGO[kind])
    return Vacancy(
        employer=employer,
        network=network,
        occupation=occupation,
        kind=kind,
        duration_weeks=example.duration_weeks,
        certificate=example.certificate,
        expense_allowance=example.expense_allowance,
        title=example.title,
        description=example.description,
        place=employer.municipality,
        latitude=employer.latitude,
        longitude=employer.longitude,
        coaching=example.coaching,
        openness_statement=example.openness,
        load=dict(occupation.load_profile()),
        per_week_min=Decimal(example.hours[0]),
        per_week_max=Decimal(example.hours[1]),
        status=Vacancy.Status.PUBLISHED,
        created_at=published_at - timedelta(days=2),
        published_at=published_at,
        expires_at=published_at + PUBLICATION,
    )


@transaction.atomic
def load_kinds_demo(*, seed: int = 1) -> dict:
    """In every demo network one published trial placement, work-experience place and volunteering place;
    created once, then left alone. Returns how many were created."""
    employers = _demo_employers()
    occupations = {
        occupation.key: occupation
        for occupation in Occupation.objects.filter(source=Occupation.Source.CURATED).prefetch_related("tasks")
    }
    by_network: dict = {}
    for employer, membership in employers:
        by_network.setdefault(membership.network, []).append(employer)
    now = timezone.now()
    created = 0
    for network, members in by_network.items():
        for kind, examples in KIND_EXAMPLES.items():
            rng = random.Random(f"{seed}-kinds-{network.slug}-{kind}")
            example = examples[rng.randrange(len(examples))]
            occupation = occupations.get(example.occupation)
            if occupation is None:
                continue
            fitting = [employer for employer in members if employer.sector in example.sectors] or members
            employer = fitting[rng.randrange(len(fitting))]
            if Vacancy.objects.filter(network=network, employer=employer, kind=kind, title=example.title).exists():
                continue
            vacancy = _kind_example_vacancy(kind, example, employer, network, occupation, now)
            vacancy.clean()
            vacancy.save()
            created += 1
    return {"created": created}


@transaction.atomic
def load_story_demo() -> dict:
    """The demo story's vacancies, reactions and report; created once, then left alone. Returns what it has
    (an empty dict when the demo accounts or the curated occupations are missing)."""
    employer = demo_employer()
    users = {
        user.email: user
        for user in User.objects.filter(email__in=[WORKER_EMAIL, PROFESSIONAL_EMAIL, EMPLOYER_EMAIL, COORDINATOR_EMAIL])
    }
    if employer is None or len(users) < 4 or not Occupation.objects.filter(source=Occupation.Source.CURATED).exists():
        return {}
    worker, professional, staff = users[WORKER_EMAIL], users[PROFESSIONAL_EMAIL], users[EMPLOYER_EMAIL]
    membership = employer.memberships.filter(status=Membership.Status.ACTIVE).select_related("network").first()
    if membership is None:
        return {}
    network = membership.network
    now = timezone.now()
    created = 0
    vacancies = []
    for story in STORY_VACANCIES:
        vacancy, new = _story_vacancy(story, employer, network, staff, now)
        vacancies.append(vacancy)
        created += new

    invited, not_hired = vacancies[0], vacancies[1]
    for vacancy, outcome, days_ago, reason in (
        (invited, Application.Outcome.INVITED, 20, ""),
        (not_hired, Application.Outcome.NOT_HIRED, 27, NOT_HIRED_REASON),
    ):
        Application.objects.get_or_create(
            vacancy=vacancy,
            worker=worker,
            defaults={
                "name": worker.get_full_name() or worker.email,
                "email": worker.email,
                "message": "Goedendag, ik wil graag kennismaken. Ik kan nu 20 uur per week werken.",
                "created_at": now - timedelta(days=days_ago),
                "notified_at": now - timedelta(days=days_ago),
                "outcome": outcome,
                "outcome_reason": reason,
                "outcome_by": staff,
                "outcome_at": now - timedelta(days=days_ago - 5),
            },
        )

    other = (
        Membership.objects.filter(network=network, status=Membership.Status.ACTIVE)
        .exclude(employer=employer)
        .select_related("employer")
        .order_by("employer__kvk_number")
        .first()
    )
    reported = None
    if other is not None:
        reported, new = _story_vacancy(REPORTED_VACANCY, other.employer, network, None, now)
        created += new
        VacancyReport.objects.get_or_create(
            vacancy=reported,
            reported_by=professional,
            defaults={
                "reason": VacancyReport.Reason.NOT_OPEN,
                "comment": REPORT_COMMENT,
                "reported_at": now - timedelta(days=1),
            },
        )
    return {
        "created": created,
        "employer": employer,
        "network": network,
        "vacancies": vacancies,
        "reported": reported,
        "worker": worker,
        "professional": professional,
        "coordinator": users[COORDINATOR_EMAIL],
    }
