"""What a worker sees of a vacancy: hours and load in plain language, and how it fits them.

Used by the vacancy page, the editor's preview and the search result cards. The fit shown on the
vacancy page comes from `matching.rules.evaluate`, for a stored profile or for the quick
self-assessment a visitor filled in on the search page (kept sealed in their session).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import places
from core.language import current_language, in_language
from listings.models import Vacancy
from matching.catalogue import get_catalogue
from matching.crypto import SealError, unseal
from matching.opportunity_kinds import KINDS, VACANCY, pay_text, weeks_text, worker_terms
from matching.rules import (
    VERDICT,
    Capacity,
    DimensionResult,
    FitResult,
    HoursResult,
    Status,
    WorkerHours,
    distance_km,
    evaluate,
)
from matching.validation import ProfileError, ProfileErrors

# The quick self-assessment of the search page, sealed, in the visitor's session. The search page writes
# it; the vacancy page reads it too, so the key lives here (search may import listings, not the reverse).
ASSESSMENT_SESSION_KEY = "search_assessment"

# The FML's section names are for professionals. Workers read these everyday names of the same sections.
WORKER_SECTION_NAMES = {
    "I": gettext_lazy("Attention and pace"),
    "II": gettext_lazy("Working with people"),
    "III": gettext_lazy("Heat, cold, noise and dust"),
    "IV": gettext_lazy("Moving, lifting and using your hands"),
    "V": gettext_lazy("Sitting, standing and posture"),
    "VI": gettext_lazy("Evenings and nights"),
}

VERDICTS = {
    Status.GREEN: gettext_lazy("This job fits you"),
    Status.ORANGE: gettext_lazy("This job fits if the employer adapts something"),
    Status.RED: gettext_lazy("This job does not fit you"),
}


@dataclass(frozen=True)
class LoadLine:
    code: str
    name: str
    text: str
    adaptable: bool


def _hours(value) -> str:
    return number_format(value, decimal_pos=1 if value % 1 else 0)


def hours_range(vacancy: Vacancy) -> str:
    """The hours a week in a few characters: "24–32 hours a week", or "24 hours a week"."""
    if vacancy.per_week_min == vacancy.per_week_max:
        return _("%(hours)s hours a week") % {"hours": _hours(vacancy.per_week_min)}
    return _("%(min)s–%(max)s hours a week") % {
        "min": _hours(vacancy.per_week_min),
        "max": _hours(vacancy.per_week_max),
    }


def has_phased_start(vacancy: Vacancy) -> bool:
    return bool(vacancy.phased_start and vacancy.phased_start_per_week and vacancy.phased_weeks)


def card_facts(vacancy: Vacancy) -> list[str]:
    """What a result card says besides the fit and the place: the hours, a phased start, coaching."""
    facts = [hours_range(vacancy)]
    if has_phased_start(vacancy):
        facts.append(_("phased start from %(hours)s hours a week") % {"hours": _hours(vacancy.phased_start_per_week)})
    if vacancy.coaching != Vacancy.Coaching.NONE:
        facts.append(_("Coaching: %(coaching)s") % {"coaching": vacancy.get_coaching_display()})
    return facts


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
    if has_phased_start(vacancy):
        lines.append(phased_start_text(vacancy))
    return lines


def phased_start_text(vacancy: Vacancy) -> str:
    return _("phased start: begin with %(start)s hours a week, build up to %(min)s hours in %(weeks)s weeks") % {
        "start": _hours(vacancy.phased_start_per_week),
        "min": _hours(vacancy.per_week_min),
        "weeks": vacancy.phased_weeks,
    }


def section_name(section, language: str, fml: bool = False) -> str:
    """A section's name: the FML's (with its number) for professionals, everyday words for everyone else."""
    if fml:
        return f"{section.code}. {in_language(section.name, language)}"
    everyday = WORKER_SECTION_NAMES.get(section.code)
    return str(everyday) if everyday else in_language(section.name, language)


def load_sections(vacancy: Vacancy, fml: bool = False) -> list[dict]:
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
            sections.append({"name": section_name(section, language, fml), "lines": lines})
    return sections


def kind_for_worker(vacancy: Vacancy) -> dict:
    """What is on offer, for a worker: its name, whether it pays, how long it lasts, and (for everything but a
    paid job) a plain explanation of what it is, with its own terms (matching.opportunity_kinds)."""
    language = current_language()
    kind = KINDS.get(vacancy.kind) or KINDS[VACANCY]
    return {
        "code": kind.code,
        "name": in_language(kind.name, language),
        "paid": kind.paid,
        "pay": in_language(pay_text(kind.code), language),
        "duration": weeks_text(vacancy.duration_weeks, language) if vacancy.duration_weeks else "",
        "question": in_language(kind.question, language),
        "explanation": [in_language(text, language) for text in kind.for_workers],
        "terms": [
            in_language(text, language)
            for text in worker_terms(kind.code, vacancy.duration_weeks, vacancy.certificate, vacancy.expense_allowance)
        ],
    }


def vacancy_for_worker(vacancy: Vacancy, fml: bool = False) -> dict:
    load = load_sections(vacancy, fml)
    return {
        "vacancy": vacancy,
        "kind": kind_for_worker(vacancy),
        "hours": hours_lines(vacancy),
        "hours_range": hours_range(vacancy),
        "per_day": _("at most %(hours)s hours a day") % {"hours": _hours(vacancy.per_day_max)}
        if vacancy.per_day_max
        else "",
        "phased_start": phased_start_text(vacancy) if has_phased_start(vacancy) else "",
        "load": load,
        "load_count": sum(len(section["lines"]) for section in load),
        "coaching": vacancy.get_coaching_display(),
        "fml": fml,
    }


def home_place(worker) -> str:
    """Where a worker lives, as they gave it in their preferences (the search measures distances from it)."""
    from matching.models import WorkerPreferences

    return WorkerPreferences.objects.filter(worker=worker).values_list("home_place", flat=True).first() or ""


def distance_from(vacancy: Vacancy, place_name: str) -> dict | None:
    """How far the vacancy is from the place the visitor gave, or None when they gave none we know."""
    place = places.find_place(place_name or "") if isinstance(place_name, str) else None
    if place is None:
        return None
    km = distance_km(place.latitude, place.longitude, vacancy.latitude, vacancy.longitude)
    return {"km": km, "place": place.name}


def fit_explanation(vacancy: Vacancy, stored) -> dict:
    """How a vacancy fits a stored profile: the verdict, each dimension explained, hours, and task triage."""
    return explain_fit(vacancy, stored.capacity(), stored.worker_hours())


def explain_fit(vacancy: Vacancy, capacity: Capacity, worker_hours: WorkerHours | None) -> dict:
    """The fit as the vacancy page shows it: the verdict, the few points that need attention, then every
    point grouped per section (the fitting ones as one line per section), the hours and the tasks."""
    from matching.occupation_rules import triage_tasks

    language = current_language()
    result = evaluate(capacity, vacancy.load_profile(), worker_hours, vacancy.hours())
    tasks = triage_tasks(capacity, vacancy.task_loads(), adaptable=vacancy.adaptable or ())
    hours = {"status": str(result.hours.status), "explanation": result.hours.explanation(language)}
    dimensions = [
        {
            "name": in_language(r.dimension.name, language),
            "status": str(r.status),
            "explanation": r.explanation(language),
            "code": r.dimension.code,
        }
        for r in sorted(result.dimensions, key=lambda r: -r.status.severity)
    ]
    attention = [hours_attention(result.hours)] if result.hours.status is not Status.GREEN else []
    attention += [
        dimension_attention(r, language)
        for r in sorted(result.dimensions, key=lambda r: -r.status.severity)
        if r.status is not Status.GREEN
    ]
    fitting = sum(line["status"] == "green" for line in dimensions) + (result.hours.status is Status.GREEN)
    return {
        "fit": str(result.fit),
        "verdict": str(VERDICTS[result.fit]),
        "attention": attention[:ATTENTION_SHOWN],
        "more_attention": len(attention[ATTENTION_SHOWN:]),
        "points": len(dimensions) + 1,
        "fitting": fitting,
        "all_points": ngettext("All points (%(count)s fits)", "All points (%(count)s fit)", fitting)
        % {"count": fitting},
        "sections": fit_sections(result, language),
        "dimensions": dimensions,
        "hours": hours,
        "tasks": [
            {"name": in_language(t.task.name, language), "share": t.task.share, "status": str(t.status)} for t in tasks
        ],
    }


ATTENTION_SHOWN = 3  # under the verdict, so that "react" stays on a phone's first screen; the rest is in "all points"


def dimension_attention(r: DimensionResult, language: str) -> dict:
    """A point that needs attention in a few words: "Tillen: ongeveer 10 kg — past als de werkgever dit aanpast"."""
    return {
        "status": str(r.status),
        "name": in_language(r.dimension.name, language),
        "text": f"{in_language(r.dimension.level(r.load).label, language)} — {_(VERDICT[r.status])}",
    }


def hours_attention(hours: HoursResult) -> dict:
    """The hours when they do not fit (or only with a phased start), in a few words."""
    w, v = hours.worker, hours.vacancy
    if hours.reason == "per_day":
        name = _("Hours a day")
        text = _("this job asks up to %(asked)s hours, you can work %(can)s hours") % {
            "asked": _hours(v.per_day_max),
            "can": _hours(w.per_day),
        }
    elif hours.reason == "phased":
        name = _("Hours a week")
        text = _("you start with %(start)s hours and build up to %(minimum)s hours in %(weeks)s weeks") % {
            "start": _hours(v.phased_start_per_week),
            "minimum": _hours(v.per_week_min),
            "weeks": v.phased_weeks,
        }
    else:
        name = _("Hours a week")
        text = _("this job asks at least %(asked)s hours, you can work %(can)s hours") % {
            "asked": _hours(v.per_week_min),
            "can": _hours(w.per_week),
        }
    verdict = _("fits with a phased start") if hours.reason == "phased" else _(VERDICT[hours.status])
    return {"status": str(hours.status), "name": name, "text": f"{text} — {verdict}"}


def fit_sections(result: FitResult, language: str) -> list[dict]:
    """Per section (everyday names): the points that do not fit, each explained, and the fitting ones in one line."""
    catalogue = get_catalogue()
    by_section: dict[str, list] = {}
    for r in result.dimensions:
        by_section.setdefault(r.dimension.section, []).append(r)
    sections = []
    for section in catalogue.sections:
        results = by_section.get(section.code)
        if not results:
            continue
        names = [in_language(r.dimension.name, language) for r in results if r.status is Status.GREEN]
        sections.append(
            {
                "name": section_name(section, language),
                "fitting": _("These fit: %(names)s.") % {"names": ", ".join(names)} if names else "",
                "lines": [
                    {"status": str(r.status), "text": r.explanation(language)}
                    for r in sorted(results, key=lambda r: -r.status.severity)
                    if r.status is not Status.GREEN
                ],
            }
        )
    return sections


# --- the visitor's quick self-assessment (search page), kept sealed in the session ----------------------------


def session_assessment(session) -> dict | None:
    """The quick self-assessment kept in this visitor's session (sealed), or None."""
    token = session.get(ASSESSMENT_SESSION_KEY)
    if not isinstance(token, str):
        return None
    try:
        saved = unseal(token)
    except SealError:
        return None  # sealed with a key that has been retired: ask again
    return saved if isinstance(saved, dict) else None


def assessment_capacity(saved: dict) -> Capacity:
    """The assessment's capacity; one the rule book no longer accepts counts as no limitation."""
    try:
        return Capacity(saved.get("capacity") or {})
    except (ProfileError, ProfileErrors, TypeError, AttributeError):
        return Capacity()


def assessment_hours(saved: dict) -> WorkerHours | None:
    raw = saved.get("hours") or {}
    if not isinstance(raw, dict) or not raw.get("per_week"):
        return None
    try:
        return WorkerHours(
            *(Decimal(str(raw[name])) if raw.get(name) else None for name in ("per_week", "per_day", "target_per_week"))
        )
    except (ProfileError, ProfileErrors, ArithmeticError):
        return None


def assessment_fit(vacancy: Vacancy, saved: dict) -> dict:
    """The vacancy page's fit for an anonymous visitor's self-assessment. Nothing is stored or audited."""
    return explain_fit(vacancy, assessment_capacity(saved), assessment_hours(saved))
