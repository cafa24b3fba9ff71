"""Saved searches and the daily digest: words and filters only, the profile referenced by id."""

from datetime import timedelta

import pytest
import time_machine
from celery.signals import task_prerun
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from matching.models import AccessLogEntry, Source
from matching.profiles import save_profile
from search.models import SavedSearch
from search.tasks import send_saved_search_digests
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db
SENTINEL = "SENTINEL-schouder-41c2"


@pytest.fixture
def profiled_alice(alice):
    save_profile(alice, by=alice, levels={"IV.13": 1}, limitations={}, source=Source.SELF, purpose="self_assessment")
    return alice


def test_saving_keeps_words_and_filters_only(client, profiled_alice):
    client.force_login(profiled_alice)
    html = client.get(reverse("search:search") + "?q=inpak&page=2").content.decode()
    assert "Bewaar deze zoekopdracht" in html
    client.post(reverse("search:save_search"), {"params": "q=inpak&page=2&capacity_IV_13=0&coaching=buddy"})
    search = SavedSearch.objects.get()
    assert search.params == "coaching=buddy&q=inpak" and search.name == "inpak (1 filter)"
    client.post(reverse("search:save_search"), {"params": "q=inpak&coaching=buddy"})
    assert SavedSearch.objects.count() == 1
    assert "inpak (1 filter)" in client.get(reverse("search:saved_searches")).content.decode()
    client.post(reverse("search:saved_search_delete", args=[search.pk]))
    assert not SavedSearch.objects.exists()


def test_the_digest_mails_new_fitting_vacancies_once(client, profiled_alice, network_a, settings):
    start = timezone.now()
    old = VacancyFactory(network=network_a, title="Oude inpakker", load={"IV.13": 1}, adaptable=[])
    with time_machine.travel(start + timedelta(days=2)):  # two days later Alice saves a search
        SavedSearch.objects.create(worker=profiled_alice, name="Alles", params="")
    with time_machine.travel(start + timedelta(days=3)):  # the next day two vacancies are published
        VacancyFactory(network=network_a, title="Nieuwe inpakker", load={"IV.13": 1}, adaptable=[])
        VacancyFactory(network=network_a, title="Nieuwe sjouwer", load={"IV.13": 3}, adaptable=[])
    messages = []
    task_prerun.connect(
        record := lambda sender=None, args=None, kwargs=None, **_: messages.append((args, kwargs)), weak=False
    )
    try:
        with time_machine.travel(start + timedelta(days=4)):  # the morning after, the daily digest
            send_saved_search_digests.delay()
            send_saved_search_digests.delay()  # a second run the same day sends nothing
    finally:
        task_prerun.disconnect(record)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["alice@example.nl"] and "Nieuwe inpakker" in body
    assert "Sjouwer" not in body and old.title not in body
    assert " kg" not in body and "kunt" not in body  # no capacity wording
    assert all(args in ((), [], None) or all(isinstance(a, int) for a in args) for args, _kwargs in messages)
    assert AccessLogEntry.objects.filter(worker=profiled_alice, actor=None, purpose="saved_search").count() == 1


def test_the_digest_never_carries_the_profile(client, alice, network_a):
    save_profile(
        alice,
        by=alice,
        levels={"IV.13": 1},
        limitations={"IV.13": SENTINEL},
        source=Source.SELF,
        purpose="self_assessment",
    )
    SavedSearch.objects.create(worker=alice, name="Alles", params="")
    with time_machine.travel(timezone.now() + timedelta(days=1)):  # a day later a fitting vacancy, and the digest
        VacancyFactory(network=network_a, title="Inpakker", load={"IV.13": 1}, adaptable=[])
        send_saved_search_digests.delay()
    assert mail.outbox and all(SENTINEL not in m.body and SENTINEL not in m.subject for m in mail.outbox)


def test_only_workers_with_a_profile_save_searches(client, alice, carol, bob):
    for user in (carol, bob):
        client.force_login(user)
        assert client.post(reverse("search:save_search"), {"params": ""}).status_code == 403
        assert client.get(reverse("search:saved_searches")).status_code == 403
    client.force_login(alice)  # no profile yet
    response = client.post(reverse("search:save_search"), {"params": ""})
    assert response["Location"] == reverse("matching:my_profile") and not SavedSearch.objects.exists()
