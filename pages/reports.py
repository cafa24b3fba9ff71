"""Printable reports: for the worker in plain language, for the professional in FML terms.

Each report opens the capacity profile once, with purpose "report" (so it is in the access log), and
returns a plain dict that both the HTML template and the PDF writer read. Without a profile the dict
has `stored = None` and the pages show an empty state.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.language import in_language
from matching.catalogue import get_catalogue
from matching.occupation_rules import derive_load_profile, triage_tasks
from matching.presentation import discussion_points, hours_lines, profile_sections
from matching.profiles import open_profile
from matching.rules import LoadProfile, Status, evaluate, worst

MAX_OCCUPATIONS = 15
MAX_VACANCIES = 10

# The same words as listings/_fit_status.html, so the PDF and the page say the same thing.
STATUS_LABELS = {
    Status.GREEN: gettext_lazy("fits"),
    Status.ORANGE: gettext_lazy("fits if adapted"),
    Status.RED: gettext_lazy("does not fit"),
}


def status_label(status) -> str:
    return str(STATUS_LABELS[Status(status)])


def worker_report(worker, *, by, language: str) -> dict:
    """What the worker prints: kinds of work and vacancies that fit, hours, and points to discuss."""
    stored = open_profile(worker, by=by, purpose="report")
    report = {
        "kind": "worker",
        "title": _("My report: work that fits me"),
        "worker": worker,
        "generated_at": timezone.now(),
        "stored": stored,
        "placements": placement_summaries(worker),
    }
    if stored is None:
        return report
    return {**report, **_common(stored, language)}


def professional_report(case, *, by, language: str) -> dict:
    """What the professional prints: the FML items per section, the assessment, occupations with task triage."""
    worker = case.worker
    stored = open_profile(worker, by=by, purpose="report")
    report = {
        "kind": "professional",
        "case": case,
        "worker": worker,
        "generated_at": timezone.now(),
        "title": _("Capacity and suitable work report — %(name)s") % {"name": worker},
        "stored": stored,
        "placements": placement_summaries(worker),
    }
    if stored is None:
        return report
    sections = [
        {"code": section["code"], "name": section["name"], "lines": section["lines"]}
        for section in profile_sections(stored, language)
    ]
    return {**report, **_common(stored, language), "sections": sections, "assessment": _assessment(stored)}


def _common(stored, language: str) -> dict:
    return {
        "hours": hours_lines(stored),
        "discuss": discussion_points(stored, language),
        "occupations": fitting_occupations(stored, language),
        "vacancies": fitting_vacancies(stored, language),
    }


def _assessment(stored) -> dict:
    return {
        "source": stored.source_label,
        "self_reported": stored.self_reported,
        "assessed_on": stored.assessed_on,
        "valid_from": stored.valid_from,
        "review_on": stored.review_on,
        "version": stored.version,
        "updated_at": stored.updated_at,
    }


# --- placements: the build-up after a match ---------------------------------------------------------------

MAX_PLACEMENTS = 3


def placement_summaries(worker, today=None, limit: int = MAX_PLACEMENTS) -> list[dict]:
    """The worker's latest placements, each with its plan week by week and the hours worked so far.

    No health data: a plan and check-ins are what worker, employer and professional agreed and reported.
    """
    from matching.placement_rules import counted_hours, planned_hours, week_first_day, week_of
    from placements.models import Placement
    from placements.services import reports_by_week

    today = today or timezone.localdate()
    summaries = []
    placements = (
        Placement.objects.filter(worker=worker)
        .select_related("vacancy__employer")
        .prefetch_related("check_ins")
        .order_by("-starts_on", "-pk")[:limit]
    )
    for placement in placements:
        reports = reports_by_week(placement)
        current = week_of(placement.starts_on, today)
        weeks = [
            {
                "number": number,
                "starts": week_first_day(placement.starts_on, number),
                "planned": planned_hours(placement.plan, placement.target_hours, number),
                "worked": counted_hours(reports.get(number, {})),
                "past": number < current,
            }
            for number in range(1, len(placement.plan) + 1)
        ]
        for week in weeks:
            week["behind"] = week["worked"] is not None and week["worked"] < week["planned"]
        summaries.append(
            {
                "placement": placement,
                "title": placement.vacancy.title,
                "employer": placement.vacancy.employer.name,
                "kind": placement.vacancy.get_kind_display(),
                "status": placement.get_status_display(),
                "ending": placement.get_ending_display() if placement.ending else "",
                "weeks": weeks,
                "url": reverse("placements:detail", args=[placement.pk]),
            }
        )
    return summaries


# --- kinds of work: the curated occupations with a task profile -----------------------------------


def fitting_occupations(stored, language: str, limit: int = MAX_OCCUPATIONS) -> list[dict]:
    """Curated occupations with no red task whose derived load fits; green first, then orange.

    As in a PIM task analysis, every dimension counts as adaptable for an occupation (no employer yet).
    """
    from listings.models import Occupation

    capacity = stored.capacity()
    catalogue = get_catalogue()
    rows = []
    for occupation in Occupation.objects.filter(source=Occupation.Source.CURATED).prefetch_related("tasks"):
        tasks = occupation.task_loads()
        if not tasks:  # no task profile: nothing to judge
            continue
        triage = triage_tasks(capacity, tasks)
        load = derive_load_profile(tasks)
        status = worst(evaluate(capacity, LoadProfile(load, frozenset(load))).fit, *(t.status for t in triage))
        if status is Status.RED:
            continue
        rows.append(
            {
                "key": occupation.key,
                "title": _title(occupation, language),
                "isco_code": occupation.isco_code,
                "status": str(status),
                "status_label": status_label(status),
                "tasks": [
                    {
                        "name": in_language(t.task.name, language) or t.task.name.get("en", ""),
                        "share": t.task.share,
                        "status": str(t.status),
                        "status_label": status_label(t.status),
                        "adapt": [
                            f"{in_language(catalogue[r.code].name, language)} ({r.code})"
                            for r in t.dimensions
                            if r.status is not Status.GREEN
                        ],
                    }
                    for t in triage
                ],
            }
        )
    rows.sort(key=lambda row: (Status(row["status"]).severity, row["title"].casefold()))
    return rows[:limit]


def _title(occupation, language: str) -> str:
    if language == "en":
        return occupation.title_en or occupation.title_nl
    return occupation.title_nl or occupation.title_en


# --- vacancies --------------------------------------------------------------------------------------


def fitting_vacancies(stored, language: str, limit: int = MAX_VACANCIES) -> list[dict]:
    """Published vacancies that fit (green or orange), newest first."""
    from listings.selectors import published_vacancies
    from listings.services import fit_for

    rows = []
    vacancies = published_vacancies().select_related("employer").order_by("-published_at", "-pk")
    for vacancy in vacancies.iterator(chunk_size=200):
        fit = fit_for(vacancy, stored).fit
        if fit is Status.RED:
            continue
        rows.append(
            {
                "pk": vacancy.pk,
                "title": vacancy.title,
                "employer": vacancy.employer.name,
                "place": vacancy.place,
                "remote": vacancy.remote,
                "status": str(fit),
                "status_label": status_label(fit),
                "url": reverse("listings:vacancy_detail", args=[vacancy.pk]),
            }
        )
        if len(rows) >= limit:
            break
    return rows
