"""listings' answers to signals from lower layers (connected in ListingsConfig.ready)."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from listings.models import Vacancy
from listings.services import vacancy_transition
from network.signals import membership_left


@receiver(membership_left, dispatch_uid="listings.take_vacancies_offline")
def take_vacancies_offline(sender, *, membership, by, reason, **kwargs) -> None:
    """A suspended or ended member's published vacancies in that network go offline, with the reason."""
    published = Vacancy.objects.filter(
        employer=membership.employer, network=membership.network, status=Vacancy.Status.PUBLISHED
    )
    for vacancy in published:
        vacancy_transition(
            vacancy=vacancy,
            action="unpublish",
            by=by,
            reason=_("The membership of the network is %(status)s: %(reason)s")
            % {"status": membership.get_status_display().lower(), "reason": reason},
        )
