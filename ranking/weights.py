"""The weights in force: the CMS setting, or the defaults of `matching.ranking` before anyone saved it."""

from matching.ranking import Weights
from ranking.models import RankingWeights, RankingWeightsChange


def current_weights() -> Weights:
    row = RankingWeights.objects.first()
    return row.as_weights() if row is not None else Weights()


def record_change(setting: RankingWeights, user=None) -> RankingWeightsChange:
    return RankingWeightsChange.objects.create(weights=setting.as_weights().as_dict(), changed_by=user)
