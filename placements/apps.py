from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Placements and build-up plans")

    def ready(self):
        from placements import signals  # noqa: F401  (opens a placement when an employer records a start)
