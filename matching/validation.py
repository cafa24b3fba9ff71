"""What a capacity, a load or hours must look like before the rule book (`matching.rules`) judges them.

Plain Python like the rules (no database). Every problem is a `ProfileError` that names the field
(`capacity.IV.13`, `hours.per_week`, …) and says why in the user's language; several problems are
raised together as `ProfileErrors`, so a form can show every wrong field in one go.

Messages are English msgids marked with `gettext_noop` where the problem is found and translated by
Django's gettext only when `message(language)` is asked for (Dutch in locale/nl/LC_MESSAGES/django.po),
so one error can be shown in either language.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from core.language import in_language
from matching.catalogue import Catalogue, Dimension

MAX_HOURS_PER_WEEK = 60
MAX_HOURS_PER_DAY = 12
MAX_PHASED_WEEKS = 52


def speaking(language: str):
    """Translate into `language` for a while: English when asked for, else Dutch (the default language)."""
    return translation.override("en" if language == "en" else "nl")


class ProfileError(ValueError):
    """Input that a profile cannot hold: `field` names it, `message(language)` says why.

    `text` is an English msgid (marked with `gettext_noop`); `params` fill its %(name)s placeholders
    after it is translated. Callers that carry their own Dutch and English pass both instead:
    `ProfileError(field, nl, en)`.
    """

    def __init__(self, field: str, text: str, en: str | None = None, **params):
        self.field = field
        self.text = text
        self.params = params
        self.pair = None if en is None else {"nl": text, "en": en}
        super().__init__(f"{field}: {self._filled(text) if en is None else en}")

    def _filled(self, text: str) -> str:
        return text % self.params if self.params else text

    def message(self, language: str = "nl") -> str:
        if self.pair is not None:
            return in_language(self.pair, language)
        with speaking(language):
            return self._filled(gettext(self.text))


class ProfileErrors(ValueError):
    """Several `ProfileError`s at once, so a form can show every wrong field in one go."""

    def __init__(self, errors: list[ProfileError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors

    def by_field(self, language: str = "nl") -> dict[str, str]:
        return {error.field: error.message(language) for error in self.errors}


def raise_all(errors: list[ProfileError | None]) -> None:
    """Raise the problems found (a `ProfileError` for one, `ProfileErrors` for more); `None`s are no problem."""
    errors = [error for error in errors if error]
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ProfileErrors(errors)


# --- levels ---------------------------------------------------------------------------------------


def unknown_code(code, field_name: str) -> ProfileError:
    return ProfileError(field_name, gettext_noop("unknown code %(code)s"), code=repr(code))


def level_problem(dimension: Dimension | None, code, level, field_name: str) -> ProfileError | None:
    """A level must be a whole number on the dimension's scale, 0..max."""
    if dimension is None:
        return unknown_code(code, field_name)
    if isinstance(level, bool) or not isinstance(level, int):
        return ProfileError(field_name, gettext_noop("enter a whole number"))
    if not 0 <= level <= dimension.max:
        return ProfileError(field_name, gettext_noop("choose a level from 0 to %(maximum)s"), maximum=dimension.max)
    return None


def validated_levels(levels: Mapping[str, int], prefix: str, catalogue: Catalogue) -> dict[str, int]:
    """`levels` (code → level) as a dict, or every problem raised at once; fields are named `<prefix>.<code>`."""
    if not isinstance(levels, Mapping):
        raise ProfileError(prefix, gettext_noop("expected a level per code"))
    raise_all(
        [
            level_problem(catalogue.dimensions.get(code), code, level, f"{prefix}.{code}")
            for code, level in levels.items()
        ]
    )
    return dict(levels)


def fml_problem(dimension: Dimension | None, code, fml_code, field_name: str) -> ProfileError | None:
    """An FML code must be one the dimension's FML mapping knows."""
    if dimension is None:
        return unknown_code(code, field_name)
    if isinstance(fml_code, bool) or fml_code not in dimension.fml:
        allowed = ", ".join(str(known) for known in dimension.fml)
        return ProfileError(field_name, gettext_noop("choose an FML code from %(allowed)s"), allowed=allowed)
    return None


def adaptable_problem(adaptable: frozenset[str], catalogue: Catalogue) -> ProfileError | None:
    """Only dimensions of the catalogue can be marked adaptable."""
    unknown = sorted(code for code in adaptable if code not in catalogue)
    if unknown:
        return ProfileError("adaptable", gettext_noop("unknown code(s): %(codes)s"), codes=", ".join(unknown))
    return None


# --- hours ----------------------------------------------------------------------------------------


def hours_error(name: str, text: str, **params) -> ProfileError:
    return ProfileError(f"hours.{name}", text, **params)


_HOURS_RANGE = {
    "week": (MAX_HOURS_PER_WEEK, gettext_noop("enter more than 0 and at most %(maximum)s hours a week")),
    "day": (MAX_HOURS_PER_DAY, gettext_noop("enter more than 0 and at most %(maximum)s hours a day")),
}


def hours_problem(value, name: str, per: str) -> ProfileError | None:
    """Hours `per` "week" or "day" must be a number above 0 and at most the maximum for a week or a day."""
    maximum, out_of_range = _HOURS_RANGE[per]
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return hours_error(name, gettext_noop("enter a number of hours"))
    if not 0 < value <= maximum:
        return hours_error(name, out_of_range, maximum=maximum)
    return None


def worker_hours_problems(per_week, per_day, target_per_week) -> list[ProfileError]:
    """A worker's hours: each in range, and the target (if any) not below what they can work now."""
    errors = [hours_problem(per_week, "per_week", "week")]
    if per_day is not None:
        errors.append(hours_problem(per_day, "per_day", "day"))
    if target_per_week is not None:
        errors.append(hours_problem(target_per_week, "target_per_week", "week"))
    errors = [error for error in errors if error]
    if not errors and target_per_week is not None and target_per_week < per_week:
        errors.append(
            hours_error("target_per_week", gettext_noop("the target cannot be lower than the hours you can work now"))
        )
    return errors


def vacancy_hours_problems(hours) -> list[ProfileError]:
    """A vacancy's hours (a `matching.rules.VacancyHours`): each in range, the maximum not below the
    minimum, and a phased start that begins at most at the minimum and lasts 1..MAX_PHASED_WEEKS weeks."""
    week_errors = [
        hours_problem(hours.per_week_min, "per_week_min", "week"),
        hours_problem(hours.per_week_max, "per_week_max", "week"),
    ]
    errors = [error for error in week_errors if error]
    if hours.per_day_max is not None:
        day_error = hours_problem(hours.per_day_max, "per_day_max", "day")
        errors += [day_error] if day_error else []
    if not any(week_errors) and hours.per_week_max < hours.per_week_min:
        errors.append(hours_error("per_week_max", gettext_noop("the maximum cannot be lower than the minimum hours")))
    if hours.phased_start:
        errors.extend(_phased_start_problems(hours))
    return errors


def _phased_start_problems(hours) -> list[ProfileError]:
    errors = []
    start = hours.phased_start_per_week
    if start is None:
        errors.append(
            hours_error("phased_start_per_week", gettext_noop("enter how many hours a week someone starts with"))
        )
    else:
        error = hours_problem(start, "phased_start_per_week", "week")
        if error:
            errors.append(error)
        elif isinstance(hours.per_week_min, int | float | Decimal) and start > hours.per_week_min:
            errors.append(
                hours_error(
                    "phased_start_per_week", gettext_noop("a phased start begins with at most the minimum hours")
                )
            )
    weeks = hours.phased_weeks
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_PHASED_WEEKS:
        errors.append(
            hours_error(
                "phased_weeks",
                gettext_noop("enter a number of weeks from 1 to %(maximum)s"),
                maximum=MAX_PHASED_WEEKS,
            )
        )
    return errors
