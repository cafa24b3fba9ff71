"""The rules of an experiment as plain Python: its arms, who gets which arm, intervals and small numbers.

No database here: the models, the views, the CSV and the tests all use these functions.
"""

import hashlib
import math
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext as _

from core.language import current_language
from core.limits import text_problem
from matching.ranking import Weights
from matching.validation import ProfileError, ProfileErrors

MIN_ARMS, MAX_ARMS = 2, 4
KEY_MAX_LENGTH = 30
LABEL_MAX_LENGTH = 80
KINDS = ("ranking", "plain")
Z_95 = 1.959963984540054  # the standard normal quantile for a two-sided 95% interval
SMALL_COUNT = 5  # below this a count is written as "<5" in what leaves the site


def arm_index(seed: int, case_id: int, arms: int) -> int:
    """The arm (0 … arms-1) of a case: the first 8 bytes of SHA-256("seed:case id"), modulo the number of arms.

    The same seed and case always give the same arm, in whatever order cases arrive; 2⁶⁴ modulo 2, 3 or 4
    arms leaves a bias far below anything an experiment of this size could see.
    """
    digest = hashlib.sha256(f"{seed}:{case_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % arms


def arm_for(seed: int, case_id: int, keys: Sequence[str]) -> str:
    return keys[arm_index(seed, case_id, len(keys))]


def wilson_interval(successes: int, total: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion (successes out of total), or None when total is 0."""
    if total <= 0:
        return None
    if not 0 <= successes <= total:
        raise ValueError("successes must be between 0 and total")
    p = successes / total
    z2 = z * z
    denominator = 1 + z2 / total
    centre = (p + z2 / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def suppressed(count: int) -> str:
    """A count as it may leave the site: below 5 (0 included) it is "<5", so no one can be picked out."""
    return "<5" if count < SMALL_COUNT else str(count)


def _weights_problem(error: ProfileError | ProfileErrors) -> str:
    language = current_language()
    if isinstance(error, ProfileErrors):
        return "; ".join(error.by_field(language).values())
    return error.message(language)


def clean_weights(values) -> dict[str, float]:
    """The weights of an arm as stored: every component, as a number; a ValidationError says what is wrong."""
    try:
        return Weights.from_mapping(values).as_dict()
    except (ProfileError, ProfileErrors) as error:
        raise ValidationError(_weights_problem(error), code="weights") from error


def parse_weights(text: str) -> dict[str, float]:
    """Weights written as "interest=3,competence=2" (components left out keep their usual weight)."""
    try:
        return Weights.parse(text).as_dict()
    except (ProfileError, ProfileErrors) as error:
        raise ValidationError(_weights_problem(error), code="weights") from error


def _text(value, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > limit or text_problem(value):
        return None
    return value


def clean_arms(arms) -> list[dict]:
    """Arms as stored: 2 to 4 of {"key", "label", "kind", "weights"}; a ValidationError lists every problem.

    kind "plain" is the plain order (fit, distance, date) and has no weights; kind "ranking" is the
    transparent score with the given weights, or with the weights in force when weights is null.
    """
    if not isinstance(arms, list) or not MIN_ARMS <= len(arms) <= MAX_ARMS:
        raise ValidationError(
            _("An experiment has %(min)d to %(max)d arms.") % {"min": MIN_ARMS, "max": MAX_ARMS}, code="arms"
        )
    cleaned, problems, keys = [], [], set()
    for number, arm in enumerate(arms, start=1):
        if not isinstance(arm, Mapping):
            problems.append(_("Arm %(number)d: give a key, a name and a kind.") % {"number": number})
            continue
        key = _text(arm.get("key"), KEY_MAX_LENGTH)
        try:
            validate_slug(key or "")
        except ValidationError:
            key = None
        if key is None:
            problems.append(
                _("Arm %(number)d: the key is 1 to %(max)d letters, digits, - or _.")
                % {"number": number, "max": KEY_MAX_LENGTH}
            )
        elif key in keys:
            problems.append(_("Arm %(number)d: every arm needs its own key.") % {"number": number})
        keys.add(key)
        label = _text(arm.get("label"), LABEL_MAX_LENGTH)
        if label is None:
            problems.append(
                _("Arm %(number)d: give a name of at most %(max)d characters.")
                % {"number": number, "max": LABEL_MAX_LENGTH}
            )
        kind = arm.get("kind")
        weights = arm.get("weights")
        if kind not in KINDS:
            problems.append(_("Arm %(number)d: choose the order by score or the plain order.") % {"number": number})
        elif kind == "plain" and weights is not None:
            problems.append(_("Arm %(number)d: the plain order uses no weights.") % {"number": number})
        elif weights is not None:
            try:
                weights = clean_weights(weights)
            except ValidationError as error:
                problems.append(_("Arm %(number)d: %(problem)s") % {"number": number, "problem": error.messages[0]})
        cleaned.append({"key": key, "label": label, "kind": kind, "weights": weights})
    if problems:
        raise ValidationError(problems, code="arms")
    return cleaned
