"""A stored profile in plain language (B1), per FML section: what the worker can, and what to discuss."""

from django.utils.translation import gettext as _

from core.language import in_language
from matching.catalogue import get_catalogue
from matching.profiles import StoredProfile


def profile_sections(stored: StoredProfile, language: str) -> list[dict]:
    catalogue = get_catalogue()
    sections = []
    for section in catalogue.sections:
        lines = []
        for dimension in catalogue.in_section(section.code):
            level = stored.levels.get(dimension.code)
            note = stored.limitations.get(dimension.code, "")
            if level is None and not note:
                continue
            lines.append(
                {
                    "code": dimension.code,
                    "name": in_language(dimension.name, language),
                    "text": in_language(dimension.level(level).capacity, language) if level is not None else "",
                    "fml": stored.fml.get(dimension.code),
                    "note": note,
                }
            )
        sections.append({"code": section.code, "name": in_language(section.name, language), "lines": lines})
    return sections


def hours_lines(stored: StoredProfile) -> list[str]:
    return hours_lines_from(stored.hours)


def hours_lines_from(hours: dict) -> list[str]:
    """The hours of a profile or a quick self-assessment in plain sentences."""
    hours = {name: str(value) for name, value in (hours or {}).items() if value}
    if not hours.get("per_week"):
        return [_("No limit on working hours has been entered.")]
    lines = [_("You can work about %(hours)s hours a week now.") % {"hours": _number(hours["per_week"])}]
    if hours.get("per_day"):
        lines.append(_("At most %(hours)s hours a day.") % {"hours": _number(hours["per_day"])})
    if hours.get("target_per_week") and hours["target_per_week"] != hours["per_week"]:
        lines.append(_("You are building up to %(hours)s hours a week.") % {"hours": _number(hours["target_per_week"])})
    return lines


def _number(value: str) -> str:
    return value.removesuffix(".0").replace(".", ",")


def discussion_points(stored: StoredProfile, language: str) -> list[dict]:
    """Free-text limitations are not matched automatically: they are points to discuss with the professional."""
    catalogue = get_catalogue()
    return [
        {"name": in_language(catalogue[code].name, language), "note": note}
        for code, note in stored.limitations.items()
        if code in catalogue
    ]


def changed_labels(changed: list[str], language: str) -> list[str]:
    """What a profile version changed, as people read it: dimension names and hours in words, not codes."""
    from django.utils.translation import gettext_lazy

    hours = {
        "hours.per_week": gettext_lazy("hours a week now"),
        "hours.per_day": gettext_lazy("hours a day"),
        "hours.target_per_week": gettext_lazy("hours a week to build up to"),
    }
    catalogue = get_catalogue()
    labels = []
    for item in changed:
        if item in hours:
            labels.append(str(hours[item]))
        elif item in catalogue:
            labels.append(in_language(catalogue[item].name, language))
        else:
            labels.append(item)
    return labels
