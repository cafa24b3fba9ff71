from wagtail import hooks

from ranking.models import RankingWeights
from ranking.weights import record_change


@hooks.register("after_edit_setting")
def keep_history_of_weights(request, setting):
    if isinstance(setting, RankingWeights):
        record_change(setting, request.user)
