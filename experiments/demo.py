"""Demo: the demo worker's case searches in the demo network, where the experiment "Volgorde op score of gewoon" runs.

Running it again changes nothing while that experiment runs; after it ended, a new one is started.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from experiments.models import Experiment
from experiments.services import assign_on_case_open, create_experiment
from matching.models import Case
from network.demo import COORDINATOR_EMAIL, DEMO_REGIONS, PROFESSIONAL_EMAIL, WORKER_EMAIL, demo_employer
from network.models import Membership, Network, User

DEMO_NAME = "Volgorde op score of gewoon"
DEMO_SEED = 20261
DEMO_WEEKS = 12
DEMO_ARMS = [
    {"key": "score", "label": "Volgorde op score", "kind": "ranking", "weights": None},
    {"key": "gewoon", "label": "Gewone volgorde", "kind": "plain", "weights": None},
]
DEMO_CONSENT = (
    "We testen welke volgorde van vacatures mensen het best helpt. Het toeval bepaalt welke volgorde u ziet. "
    "Wat u kunt en wat niet, blijft geheim: niemand ziet het, ook de werkgevers en de onderzoekers niet. "
    "Wij tellen alleen hoe vaak mensen reageren en een baan vinden, zonder namen. "
    "U kunt altijd stoppen: dan ziet u de gewone volgorde."
)


def _demo_network(case: Case) -> Network | None:
    if case.network_id:
        return case.network
    employer = demo_employer()
    if employer is not None:
        membership = employer.memberships.filter(status=Membership.Status.ACTIVE).select_related("network").first()
        if membership is not None:
            return membership.network
    return Network.objects.filter(slug=DEMO_REGIONS[0][1]).first()


@transaction.atomic
def load_experiment_demo() -> dict:
    """Returns {"case", "network", "experiment", "assignment"} (empty when the demo case is not there)."""
    case = Case.objects.filter(
        professional__email=PROFESSIONAL_EMAIL, worker__email=WORKER_EMAIL, status=Case.Status.ACTIVE
    ).first()
    network = _demo_network(case) if case is not None else None
    if network is None:
        return {}
    if case.network_id != network.pk:
        case.network = network
        case.save(update_fields=["network"])
    experiment = Experiment.objects.running().filter(network=network).first()
    if experiment is None:
        today = timezone.localdate()
        creator = User.objects.filter(email=COORDINATOR_EMAIL).first()
        if creator is None or not network.coordinators.filter(pk=creator.pk).exists():
            creator = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if creator is None:
            return {"case": case, "network": network}
        try:
            experiment = create_experiment(
                network=network,
                by=creator,
                name=DEMO_NAME,
                arms=DEMO_ARMS,
                consent_text=DEMO_CONSENT,
                starts_on=today,
                ends_on=today + timedelta(weeks=DEMO_WEEKS),
                seed=DEMO_SEED,
            )
        except ValidationError:  # someone planned another experiment in these weeks: leave theirs be
            return {"case": case, "network": network}
    return {"case": case, "network": network, "experiment": experiment, "assignment": assign_on_case_open(case)}
