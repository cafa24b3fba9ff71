"""A real Celery worker sends the saved-search digest: it gets a worker id, opens the sealed profile
with the same keys, and e-mails titles and links only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from matching.models import AccessLogEntry, Source
from matching.profiles import save_profile
from search.models import SavedSearch
from search.tasks import send_saved_search_digest
from tests.listings.factories import VacancyFactory
from tests.network.factories import UserFactory
from tests.services import celery_worker, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SENTINEL = "SENTINEL-pols-9d1e"


def test_the_digest_runs_in_a_real_worker(tmp_path):
    worker = UserFactory(email="digest@example.nl")
    save_profile(
        worker,
        by=worker,
        levels={"IV.13": 1},
        limitations={"IV.13": SENTINEL},
        source=Source.SELF,
        purpose="self_assessment",
    )
    SavedSearch.objects.create(worker=worker, name="Alles", params="")
    SavedSearch.objects.update(created_at=timezone.now() - timedelta(days=1))
    VacancyFactory(title="Inpakker bij de bakker", load={"IV.13": 1}, adaptable=[])
    with celery_worker(tmp_path):
        send_saved_search_digest.delay(worker.pk)
        assert wait_for(lambda: SavedSearch.objects.filter(last_sent_at__isnull=False).exists()), (
            tmp_path / "worker.log"
        ).read_text()
    mails = [path.read_text() for path in tmp_path.glob("*.log") if path.name != "worker.log"]
    assert len(mails) == 1 and "Inpakker bij de bakker" in mails[0] and SENTINEL not in mails[0]
    assert SENTINEL not in (tmp_path / "worker.log").read_text()
    assert AccessLogEntry.objects.filter(worker=worker, purpose="saved_search", actor=None).count() == 1
