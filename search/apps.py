from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Vacancy search")

    def ready(self):
        from matching import worker_data
        from search import signals  # noqa: F401  (connects the indexing signals)
        from search.models import export_saved_searches

        worker_data.register_export("saved_searches", export_saved_searches)
