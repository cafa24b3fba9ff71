"""Writes for listings: each a keyword-only function, atomic; the search issue hooks indexing in here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.models import Vacancy
from network import permissions


@transaction.atomic
def vacancy_save(*, vacancy: Vacancy, by) -> Vacancy:
    """Validate everything (model rules and the load/hours rule book), then save in one go."""
    if vacancy.pk is None:
        vacancy.created_by = by
    vacancy.full_clean()
    vacancy.save()
    return vacancy


@transaction.atomic
def vacancy_publish(*, vacancy: Vacancy, by) -> Vacancy:
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status == Vacancy.Status.PUBLISHED:
        return vacancy
    if not permissions.can_publish_in(vacancy.employer, vacancy.network):
        raise ValidationError(
            _("%(employer)s is not an active member of %(network)s, so it cannot publish there yet.")
            % {"employer": vacancy.employer, "network": vacancy.network}
        )
    vacancy.full_clean()
    vacancy.status = Vacancy.Status.PUBLISHED
    vacancy.published_at = timezone.now()
    vacancy.save(update_fields=["status", "published_at", "updated_at"])
    return vacancy
