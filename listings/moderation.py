"""The automatic checklist a coordinator sees next to each vacancy that waits for approval."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.language import current_language, in_language
from listings import permissions
from listings.models import Vacancy
from matching.catalogue import get_catalogue
from matching.opportunity_kinds import field_problems as kind_problems
from matching.opportunity_kinds import needs_attention

WORKING_DAYS = 5


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    detail: str = ""


def missing_load(vacancy: Vacancy) -> list[str]:
    """Dimensions the job's tasks load (a tailored job's chosen tasks only), but the vacancy leaves at 'no load'."""
    relevant = vacancy.expected_load()
    return [code for code in relevant if not (vacancy.load or {}).get(code)]


def hours_problem(vacancy: Vacancy) -> str:
    if vacancy.per_day_max and vacancy.per_day_max * WORKING_DAYS < vacancy.per_week_min:
        return _("%(day)s hours a day on five days is less than the minimum of %(week)s hours a week.") % {
            "day": vacancy.per_day_max,
            "week": vacancy.per_week_min,
        }
    if vacancy.phased_start and not (vacancy.phased_start_per_week and vacancy.phased_weeks):
        return _("A phased start without starting hours or weeks.")
    return ""


def terms_problem(vacancy: Vacancy, language: str) -> str:
    """What does not fit the kind of opportunity: its rules (a vacancy saved by other means than the editor),
    then a trial placement longer than UWV or the municipality usually allows."""
    problems = kind_problems(vacancy.kind, vacancy.duration_weeks, vacancy.certificate, vacancy.expense_allowance)
    if problems:
        return " ".join(problem.message(language) for problem in problems)
    attention = needs_attention(vacancy.kind, vacancy.duration_weeks)
    return in_language(attention, language) if attention else ""


def checklist(vacancy: Vacancy) -> list[Check]:
    catalogue, language = get_catalogue(), current_language()
    missing = missing_load(vacancy)
    hours = hours_problem(vacancy)
    terms = terms_problem(vacancy, language)
    active_member = getattr(vacancy, "employer_is_active_member", None)  # selectors.pending_with_checklist_for
    if active_member is None:
        active_member = permissions.can_publish_in(vacancy.employer, vacancy.network)
    return [
        Check(
            _("Load filled in for every part the occupation's tasks load"),
            not missing,
            ", ".join(in_language(catalogue[code].name, language) for code in missing),
        ),
        Check(_("Hours are coherent"), not hours, hours),
        Check(_("The terms fit the kind of opportunity: %(kind)s") % {"kind": vacancy.kind_name}, not terms, terms),
        Check(
            _("Says what the employer offers someone who is reintegrating"), bool(vacancy.openness_statement.strip())
        ),
        Check(
            _("The employer is an active member of the network"),
            active_member,
        ),
    ]
