"""Demo: the professional guides the demo worker, with an assessed capacity profile and preferences.

The worker lives where loaddemo says (near the demo employer), so that her search shows that employer's
vacancies. Running it again changes nothing, except that the worker's home place and travel distance are
set to the story's again.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from matching.models import CapacityProfile, Case, Source, WorkerPreferences
from matching.profiles import save_profile
from matching.rules import Capacity
from network.demo import PROFESSIONAL_EMAIL, WORKER_EMAIL
from network.models import User

DEMO_FML = {"IV.13": 2, "IV.14": 1, "V.4": 1, "V.6": 1, "VI.1b": 1}
DEMO_LIMITATIONS = {"IV.13": "Niet vaker dan een paar keer per uur tillen; liefst met een hulpmiddel."}
DEMO_HOURS = {"per_week": "20", "per_day": "5", "target_per_week": "32"}
DEMO_TRAVEL_KM = 25


@transaction.atomic
def load_matching_demo(*, home_place: str = "Utrecht") -> bool:
    """Returns True when the demo profile was created now (False: it was already there)."""
    worker = User.objects.filter(email=WORKER_EMAIL).first()
    professional = User.objects.filter(email=PROFESSIONAL_EMAIL).first()
    if worker is None or professional is None:
        return False
    Case.objects.get_or_create(
        professional=professional,
        worker=worker,
        defaults={
            "invited_email": worker.email,
            "invited_name": worker.get_full_name(),
            "status": Case.Status.ACTIVE,
            "accepted_at": timezone.now(),
            "sent_at": timezone.now(),
        },
    )
    WorkerPreferences.objects.update_or_create(
        worker=worker,
        defaults={"home_place": home_place, "travel_km": DEMO_TRAVEL_KM},
        create_defaults={
            "interests": ["R", "C"],
            "competences": ["accuracy", "reliability", "teamwork"],
            "home_place": home_place,
            "travel_km": DEMO_TRAVEL_KM,
        },
    )
    if CapacityProfile.objects.filter(worker=worker).exists():
        return False
    save_profile(
        worker,
        by=professional,
        levels=Capacity.from_fml(DEMO_FML).limited(),
        fml=DEMO_FML,
        limitations=DEMO_LIMITATIONS,
        hours=DEMO_HOURS,
        source=Source.COMPANY_DOCTOR,
        assessed_on=date(2026, 10, 12),
        valid_from=date(2026, 10, 12),
        review_on=date(2027, 4, 12),
        purpose="client_edit",
    )
    return True
