from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Placements and build-up plans")

    def ready(self):
        from matching import worker_data
        from placements import signals  # noqa: F401  (opens a placement when an employer records a start)
        from placements.services import erase_placements, export_placements

        worker_data.register_export("placements", export_placements)
        worker_data.register_erasure("placements", erase_placements)
