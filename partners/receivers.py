"""partners' answers to signals from lower layers (connected in PartnersConfig.ready)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from listings.models import VacancyTransition
from partners import webhooks


@receiver(post_save, sender=VacancyTransition, dispatch_uid="partners.announce_vacancy_transition")
def announce_vacancy_transition(sender, instance: VacancyTransition, created: bool, raw: bool = False, **kwargs):
    """A vacancy published or no longer published: a webhook delivery per subscribed partner."""
    if created and not raw:
        webhooks.announce(instance)
