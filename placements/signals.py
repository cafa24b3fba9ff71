"""Opens a placement when an application's outcome becomes hired or trial (connected in PlacementsConfig.ready).

`listings` is a lower layer and knows nothing of placements: this receiver listens to its Application's
post_save, so the placement opens in the same transaction as the outcome (`listings.services.application_outcome`
is atomic). Saving the application again opens nothing new: one placement per application.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from listings.models import Application
from placements.services import OPENING_OUTCOMES, open_for_application


@receiver(post_save, sender=Application, dispatch_uid="placements.open_on_start")
def open_on_start(sender, instance: Application, raw=False, **kwargs) -> None:
    if raw or instance.outcome not in OPENING_OUTCOMES:
        return
    open_for_application(instance)  # nobody to place when the worker erased their account: it says None
