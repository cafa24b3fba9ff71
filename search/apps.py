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

        from django.db.models.signals import post_delete, post_save

        from listings.models import Occupation
        from search.order import forget_occupations

        post_save.connect(forget_occupations, sender=Occupation, dispatch_uid="search.order.occupations")
        post_delete.connect(forget_occupations, sender=Occupation, dispatch_uid="search.order.occupations.deleted")
