"""What a worker sees of a vacancy: hours and load in plain language (used by the editor's preview)."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.language import current_language, in_language
from listings.models import Vacancy
from matching.catalogue import get_catalogue


@dataclass(frozen=True)
class LoadLine:
    code: str
    name: str
    text: str
    adaptable: bool


def _hours(value) -> str:
    return number_format(value, decimal_pos=1 if value % 1 else 0)


def hours_lines(vacancy: Vacancy) -> list[str]:
    if vacancy.per_week_min == vacancy.per_week_max:
        lines = [_("%(hours)s hours a week") % {"hours": _hours(vacancy.per_week_min)}]
    else:
        lines = [
            _("%(min)s to %(max)s hours a week")
            % {"min": _hours(vacancy.per_week_min), "max": _hours(vacancy.per_week_max)}
        ]
    if vacancy.per_day_max:
        lines.append(_("at most %(hours)s hours a day") % {"hours": _hours(vacancy.per_day_max)})
    if vacancy.phased_start and vacancy.phased_start_per_week and vacancy.phased_weeks:
        lines.append(
            _("phased start: begin with %(start)s hours a week, build up to %(min)s hours in %(weeks)s weeks")
            % {
                "start": _hours(vacancy.phased_start_per_week),
                "min": _hours(vacancy.per_week_min),
                "weeks": vacancy.phased_weeks,
            }
        )
    return lines


def load_sections(vacancy: Vacancy) -> list[dict]:
    catalogue, language = get_catalogue(), current_language()
    adaptable = set(vacancy.adaptable or ())
    sections = []
    for section in catalogue.sections:
        lines = [
            LoadLine(
                d.code, in_language(d.name, language), in_language(d.level(level).load, language), d.code in adaptable
            )
            for d in catalogue.in_section(section.code)
            if (level := (vacancy.load or {}).get(d.code, 0)) > 0
        ]
        if lines:
            sections.append({"name": in_language(section.name, language), "lines": lines})
    return sections


def vacancy_for_worker(vacancy: Vacancy) -> dict:
    return {
        "vacancy": vacancy,
        "hours": hours_lines(vacancy),
        "load": load_sections(vacancy),
        "coaching": vacancy.get_coaching_display(),
    }


def fit_explanation(vacancy: Vacancy, stored) -> dict:
    """How a vacancy fits a stored profile: the verdict, each dimension explained, hours, and task triage."""
    from listings.services import fit_for
    from matching.occupation_rules import triage_tasks

    language = current_language()
    result = fit_for(vacancy, stored)
    tasks = triage_tasks(stored.capacity(), vacancy.occupation.task_loads(), adaptable=vacancy.adaptable or ())
    return {
        "fit": str(result.fit),
        "dimensions": [
            {
                "name": in_language(r.dimension.name, language),
                "status": str(r.status),
                "explanation": r.explanation(language),
                "code": r.dimension.code,
            }
            for r in sorted(result.dimensions, key=lambda r: -r.status.severity)
        ],
        "hours": {"status": str(result.hours.status), "explanation": result.hours.explanation(language)},
        "tasks": [
            {"name": in_language(t.task.name, language), "share": t.task.share, "status": str(t.status)} for t in tasks
        ],
    }
