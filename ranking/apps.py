from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingConfig(AppConfig):
    name = "ranking"
    verbose_name = _("Ranking and its evaluation")

    def ready(self):
        from matching import worker_data
        from ranking.log import erase_ranked_searches, export_ranked_searches

        worker_data.register_export("ranked_searches", export_ranked_searches)
        worker_data.register_erasure("ranked_searches", erase_ranked_searches)
