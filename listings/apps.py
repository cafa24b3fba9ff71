from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("Occupations and vacancies")

    def ready(self):
        from listings import receivers  # noqa: F401 - connects the receivers
        from listings.services import anonymise_applications, export_applications
        from matching import worker_data

        worker_data.register_export("applications", export_applications)
        worker_data.register_erasure("applications", anonymise_applications)
