"""The saved-search digest: new fitting vacancies per saved search, for one worker, by e-mail."""

from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from listings.models import Vacancy
from matching.models import CapacityProfile, WorkerPreferences
from matching.profiles import open_profile_for_worker_task
from network.models import User
from search.models import SavedSearch
from search.params import profile_query, with_parameters
from search.service import run_search

CHECK_INTERVAL = timedelta(hours=20)
MAX_PER_SEARCH = 10


def new_vacancies(search: SavedSearch, query, since) -> list[Vacancy]:
    query = replace(with_parameters(query, QueryDict(search.params)), sort="newest", page=1, page_size=50)
    ids = [hit.id for hit in run_search(query).hits]
    found = Vacancy.objects.filter(pk__in=ids, published_at__gt=since).select_related("employer")
    return sorted(found, key=lambda v: v.published_at, reverse=True)[:MAX_PER_SEARCH]


def digest_for_worker(worker_id: int) -> int:
    """Returns how many vacancies were e-mailed."""
    worker = User.objects.filter(pk=worker_id, is_active=True).first()
    if worker is None or not CapacityProfile.objects.filter(worker=worker).exists():
        return 0
    now = timezone.now()
    with transaction.atomic():
        searches = list(
            SavedSearch.objects.select_for_update()
            .filter(worker=worker)
            .exclude(last_checked_at__gt=now - CHECK_INTERVAL)
        )
        if not searches:
            return 0
        stored = open_profile_for_worker_task(worker, purpose="saved_search")
        query = profile_query(stored, WorkerPreferences.objects.filter(worker=worker).first())
        sections = []
        for search in searches:
            found = new_vacancies(search, query, search.last_checked_at or search.created_at)
            if found:
                sections.append((search, found))
            search.last_checked_at = now
            search.save(update_fields=["last_checked_at"])
        if sections:
            _send(worker, sections)
            SavedSearch.objects.filter(pk__in=[s.pk for s, _found in sections]).update(last_sent_at=now)
    return sum(len(found) for _search, found in sections)


def _send(worker, sections) -> None:
    with override("nl"):
        lines = [
            _("Hello %(name)s,") % {"name": worker.get_short_name()},
            "",
            _("New vacancies that fit you were published on Passend Werk."),
            "",
        ]
        for search, found in sections:
            lines.append(f"{search.name}:")
            lines += [
                f"- {v.title}, {v.employer.name}, {v.place}: "
                f"{settings.SITE_URL}{reverse('listings:vacancy_detail', args=[v.pk])}"
                for v in found
            ]
            lines.append("")
        lines.append(_("Stop these e-mails: %(link)s") % {"link": settings.SITE_URL + reverse("search:saved_searches")})
        count = sum(len(found) for _search, found in sections)
        send_mail(
            subject=ngettext("%(count)s new vacancy that fits you", "%(count)s new vacancies that fit you", count)
            % {"count": count},
            message="\n".join(lines) + "\n",
            from_email=None,
            recipient_list=[worker.email],
        )
