"""Demo: Sanne (the demo worker) started a trial placement at the demo employer four weeks ago.

The story vacancy with a phased start ("Magazijnadministrateur (opbouw mogelijk)": 16 to 32 hours in 12 weeks)
records the outcome "trial placement"; that opens the placement (placements.signals). Everyone agreed to the
plan, and worker and employer checked in for weeks 1 to 4. Week 3 went harder: fewer hours than planned, one
week only, so no alert yet. Created once; running it again leaves the placement as it is.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from listings.demo import STORY_VACANCIES
from listings.models import Application, Vacancy
from listings.services import application_outcome
from matching import placement_rules as rules
from network.demo import EMPLOYER_EMAIL, PROFESSIONAL_EMAIL, WORKER_EMAIL, demo_employer
from network.models import Network, Role, User
from placements.models import CheckIn, Placement
from placements.services import as_plan

DEMO_VACANCY = STORY_VACANCIES[2].title
WEEKS_AGO = 4  # the placement is in its fifth week
COACH = "Mehmet Yilmaz (teamleider magazijn)"
COACH_CONTACT = "06 12 34 56 78"
ADAPTATIONS = (
    "Een tilhulp voor dozen zwaarder dan 10 kilo.\n"
    "De eerste weken alleen ochtenden, met een pauze om 10.30 uur.\n"
    "Een vaste werkplek aan het raam."
)
# (week, side, hours, feeling, note)
CHECK_INS = [
    (1, "worker", "16", "good", "Fijn team. Ik weet nu waar alles ligt."),
    (1, "employer", "16", "good", "Goede start, Sanne leert snel."),
    (2, "worker", "17.5", "okay", "Best druk, maar het ging."),
    (2, "employer", "17.5", "good", ""),
    (3, "worker", "12", "hard", "Na dinsdag was ik erg moe. Ik ben donderdag thuisgebleven."),
    (3, "employer", "12", "okay", "Twee ochtenden minder. We hebben het rustig besproken."),
    (4, "worker", "20.5", "good", "Deze week ging beter. De pauze helpt."),
]


@transaction.atomic
def load_placement_demo() -> dict:
    """Returns {"placement": the placement, "created": whether this run made it}; an empty dict when the demo
    accounts, the demo employer or its story vacancy are not there (run loaddemo's earlier steps first)."""
    employer = demo_employer()
    users = {user.email: user for user in User.objects.filter(email__in=[WORKER_EMAIL, EMPLOYER_EMAIL])}
    vacancy = (
        Vacancy.objects.filter(employer=employer, title=DEMO_VACANCY).select_related("network").first()
        if employer is not None
        else None
    )
    if vacancy is None or len(users) < 2:
        return {}
    worker, staff = users[WORKER_EMAIL], users[EMPLOYER_EMAIL]
    existing = Placement.objects.filter(vacancy=vacancy, worker=worker).first()
    if existing is not None:
        return {"placement": existing, "created": False}
    now = timezone.now()
    application, _created = Application.objects.get_or_create(
        vacancy=vacancy,
        worker=worker,
        defaults={
            "name": worker.get_full_name() or worker.email,
            "email": worker.email,
            "message": "Goedendag, ik wil graag rustig beginnen en de uren opbouwen met hulp van mijn begeleider.",
            "created_at": now - timedelta(weeks=WEEKS_AGO + 2),
            "notified_at": now - timedelta(weeks=WEEKS_AGO + 2),
        },
    )
    if application.outcome not in ("trial", "hired"):
        application = application_outcome(application=application, by=staff, outcome="trial")
    placement = Placement.objects.get(application=application)  # opened by placements.signals

    starts_on = rules.monday_of(timezone.localdate()) - timedelta(weeks=WEEKS_AGO)
    agreed = timezone.make_aware(datetime.combine(starts_on - timedelta(days=3), time(10)))
    start, target, weeks = Decimal(16), Decimal(32), 12
    professional = User.objects.filter(email=PROFESSIONAL_EMAIL).first()
    Placement.objects.filter(pk=placement.pk).update(
        starts_on=starts_on,
        start_hours=start,
        target_hours=target,
        plan=as_plan(rules.make_plan(start, target, weeks)),
        coach=COACH,
        coach_contact=COACH_CONTACT,
        adaptations=ADAPTATIONS,
        worker_confirmed_at=agreed,
        employer_confirmed_at=agreed - timedelta(hours=1),
        professional_confirmed_at=agreed + timedelta(hours=2) if professional else None,
        status=Placement.Status.ACTIVE,
        created_at=agreed - timedelta(days=2),
    )
    for week, side, hours, feeling, note in CHECK_INS:
        CheckIn.objects.get_or_create(
            placement=placement,
            week=week,
            role=side,
            defaults={
                "hours_worked": Decimal(hours),
                "feeling": feeling,
                "note": note,
                "by": worker if side == "worker" else staff,
                "at": timezone.make_aware(datetime.combine(rules.week_last_day(starts_on, week), time(17))),
            },
        )
    placement.refresh_from_db()
    return {"placement": placement, "created": True}


# --- earlier placements, so the coordinator's dashboard has figures ----------------------------------------

HISTORY_PASSWORDLESS_DOMAIN = "deelnemer.passendwerk.test"


@dataclass(frozen=True)
class PastPlacement:
    kind: str  # the kind of opportunity it was in
    outcome: str  # "hired" or "trial"
    weeks_ago: int  # the first working day, this many weeks before this week's Monday
    start: int
    target: int
    weeks: int
    behind: tuple[int, ...] = ()  # weeks with fewer hours than planned
    ending: str = ""  # "" = still running
    reason: str = ""


PAST_PLACEMENTS = (
    PastPlacement(Vacancy.Kind.TRIAL_PLACEMENT, "trial", 12, 12, 24, 6, ending=Placement.Ending.CONTRACT),
    PastPlacement(Vacancy.Kind.VACANCY, "hired", 14, 16, 28, 8, ending=Placement.Ending.CONTRACT),
    PastPlacement(
        Vacancy.Kind.WORK_EXPERIENCE,
        "trial",
        10,
        8,
        20,
        6,
        behind=(3, 4),
        ending=Placement.Ending.STOPPED,
        reason="Het werk bleek te zwaar. We zoeken samen met de professional iets lichters.",
    ),
    PastPlacement(Vacancy.Kind.VACANCY, "hired", 11, 12, 24, 8, behind=(2, 3), ending=Placement.Ending.EXTENDED),
    PastPlacement(Vacancy.Kind.VOLUNTEERING, "trial", 3, 4, 8, 4),
)


@transaction.atomic
def load_placement_history_demo() -> dict:
    """In every demo network, five earlier placements of made-up participants (accounts without a password):
    ended with a contract, stopped, extended, or still building up, with the employer's weekly check-ins.
    Created once; returns {"created": n}."""
    created = 0
    monday = rules.monday_of(timezone.localdate())
    for network in Network.objects.filter(vacancies__status=Vacancy.Status.PUBLISHED).distinct().order_by("slug"):
        for number, past in enumerate(PAST_PLACEMENTS, start=1):
            email = f"{network.slug}-{number}@{HISTORY_PASSWORDLESS_DOMAIN}"
            if User.objects.filter(email=email).exists():
                continue
            vacancy = Vacancy.objects.published().filter(network=network, kind=past.kind).order_by("pk").first()
            if vacancy is None:
                continue
            link = vacancy.employer.staff_links.select_related("user").first()
            staff = link.user if link else None  # most demo employers have no accounts
            worker = User.objects.create_user(email=email, first_name=f"Deelnemer {number}", role=Role.WORKER)
            starts_on = monday - timedelta(weeks=past.weeks_ago)
            agreed = timezone.make_aware(datetime.combine(starts_on - timedelta(days=3), time(10)))
            application = Application.objects.create(
                vacancy=vacancy,
                worker=worker,
                name=worker.first_name,
                outcome=past.outcome,
                outcome_by=staff,
                outcome_at=agreed,
                created_at=agreed - timedelta(weeks=2),
                notified_at=agreed - timedelta(weeks=2),
            )  # the outcome opens the placement (placements.signals)
            plan = rules.make_plan(past.start, past.target, past.weeks)
            ended_at = timezone.make_aware(datetime.combine(rules.week_last_day(starts_on, past.weeks), time(16)))
            Placement.objects.filter(application=application).update(
                starts_on=starts_on,
                start_hours=Decimal(past.start),
                target_hours=Decimal(past.target),
                plan=as_plan(plan),
                worker_confirmed_at=agreed,
                employer_confirmed_at=agreed,
                status=Placement.Status.ENDED if past.ending else Placement.Status.ACTIVE,
                ending=past.ending,
                ending_reason=past.reason,
                ended_at=ended_at if past.ending else None,
                ended_by=staff if past.ending else None,
                behind_alerted_week=past.behind[-1] if len(past.behind) >= rules.BEHIND_WEEKS else None,
                behind_alert_sent_week=past.behind[-1] if len(past.behind) >= rules.BEHIND_WEEKS else None,
                created_at=agreed - timedelta(days=2),
            )
            placement = Placement.objects.get(application=application)
            last_week = min(past.weeks, rules.week_of(starts_on, monday) - 1)
            CheckIn.objects.bulk_create(
                CheckIn(
                    placement=placement,
                    week=week,
                    role=CheckIn.Role.EMPLOYER,
                    hours_worked=plan[week - 1] - (4 if week in past.behind else 0),
                    feeling=CheckIn.Feeling.HARD if week in past.behind else CheckIn.Feeling.GOOD,
                    by=staff,
                    at=timezone.make_aware(datetime.combine(rules.week_last_day(starts_on, week), time(17))),
                )
                for week in range(1, last_week + 1)
            )
            created += 1
    return {"created": created}
