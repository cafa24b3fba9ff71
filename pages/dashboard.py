"""Figures for a coordinator's dashboard, per network: counts only, never anyone's capacity."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Membership, Network


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int
    percent: int  # of the largest bar, for drawing


@dataclass(frozen=True)
class Week:
    start: object  # date of the Monday
    total: int
    in_network: int


def bars(counts: dict[str, int], labels: dict[str, str]) -> list[Bar]:
    largest = max(counts.values(), default=0) or 1
    return [Bar(key, labels[key], counts.get(key, 0), round(100 * counts.get(key, 0) / largest)) for key in labels]


def status_counts(queryset, field: str = "status") -> dict[str, int]:
    return dict(queryset.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))


def weekly_searches(network: Network, weeks: int, today=None) -> list[Week]:
    from search.models import SearchCount

    today = today or timezone.localdate()
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    rows = SearchCount.objects.filter(day__gte=first).filter(network__isnull=True) | SearchCount.objects.filter(
        day__gte=first, network=network
    )
    totals: dict = {}
    for day, network_id, searches in rows.values_list("day", "network_id", "searches"):
        monday = day - timedelta(days=day.weekday())
        total, mine = totals.get(monday, (0, 0))
        totals[monday] = (total + searches, mine) if network_id is None else (total, mine + searches)
    starts = [first + timedelta(weeks=n) for n in range(weeks)]
    return [Week(start, *totals.get(start, (0, 0))) for start in starts]


def match_quality(network: Network) -> dict:
    """Counts only: applications per outcome, and how often each dimension was marked 'did not fit'."""
    from core.language import current_language, in_language
    from listings.models import Application
    from matching.catalogue import get_catalogue
    from matching.models import MatchFeedback

    outcomes = status_counts(Application.objects.filter(vacancy__network=network), "outcome")
    marked: dict[str, int] = {}
    for dimensions in MatchFeedback.objects.filter(network=network).values_list("dimensions", flat=True):
        for code in dimensions:
            marked[code] = marked.get(code, 0) + 1
    catalogue, language = get_catalogue(), current_language()
    top = sorted(marked.items(), key=lambda item: (-item[1], item[0]))[:6]
    labels = {
        code: in_language(catalogue[code].name, language) if code in catalogue else str(_("Working hours"))
        for code, _n in top
    }
    return {
        "outcomes": bars(outcomes, dict(Application.Outcome.choices)),
        "reactions": sum(outcomes.values()),
        "feedback": bars(dict(top), labels),
        "feedback_count": MatchFeedback.objects.filter(network=network).count(),
    }


def network_dashboard(network: Network, weeks: int = 8) -> dict:
    from listings.models import Vacancy, VacancyReport

    members = status_counts(Membership.objects.filter(network=network))
    vacancies = status_counts(Vacancy.objects.filter(network=network))
    searches = weekly_searches(network, weeks)
    return {
        "network": network,
        "members": bars(members, dict(Membership.Status.choices)),
        "vacancies": bars(vacancies, dict(Vacancy.Status.choices)),
        "pending": vacancies.get(Vacancy.Status.SUBMITTED, 0),
        "open_reports": VacancyReport.objects.filter(
            vacancy__network=network, outcome=VacancyReport.Outcome.OPEN
        ).count(),
        "applications": members.get(Membership.Status.APPLIED, 0),
        "verified": Membership.objects.filter(
            network=network, status=Membership.Status.ACTIVE, verified_at__isnull=False
        ).count(),
        "weeks": searches,
        "columns": week_columns(searches),
        "chart_width": COLUMN_WIDTH * len(searches),
        "chart_height": CHART_HEIGHT,
        "searches_total": sum(week.total for week in searches),
        "searches_in_network": sum(week.in_network for week in searches),
        **match_quality(network),
        **placement_outcomes(network),
    }


CHART_HEIGHT = 120
COLUMN_WIDTH = 64


def week_columns(weeks: list[Week]) -> list[dict]:
    """Geometry for the weekly search chart (an SVG drawn by the template)."""
    scale = max((week.total for week in weeks), default=0) or 1
    columns = []
    for index, week in enumerate(weeks):
        total_height = round(CHART_HEIGHT * week.total / scale)
        mine_height = round(CHART_HEIGHT * week.in_network / scale)
        x = index * COLUMN_WIDTH
        columns.append(
            {
                "week": week,
                "x_total": x + 8,
                "x_mine": x + 30,
                "label_x": x + 30,
                "y_total": CHART_HEIGHT - total_height,
                "h_total": total_height,
                "y_mine": CHART_HEIGHT - mine_height,
                "h_mine": mine_height,
            }
        )
    return columns


# --- placements: what came of the matches -----------------------------------------------------------------


@dataclass(frozen=True)
class PlacementRow:
    kind: str
    label: str
    started: int
    on_plan: int
    ended: int
    contracts: int

    @property
    def contract_percent(self) -> int | None:
        return round(100 * self.contracts / self.ended) if self.ended else None


def placement_outcomes(network: Network, today=None) -> dict:
    """Per kind of opportunity: placements started, build-ups completed on plan, and contracts among the ended.

    Counts only. A placement has started once its plan is agreed and its first day has come; a build-up
    is completed on plan when its last week is over, the hours of that week reached the target and it
    never fell behind for two weeks in a row (`matching.placement_rules.completed_on_plan`).
    """
    from listings.models import Vacancy
    from matching.placement_rules import completed_on_plan, week_of
    from placements.models import CheckIn, Placement

    today = today or timezone.localdate()
    placements = list(
        Placement.objects.filter(
            network=network, status__in=[Placement.Status.ACTIVE, Placement.Status.ENDED], starts_on__lte=today
        ).values("pk", "vacancy__kind", "starts_on", "plan", "target_hours", "status", "ending")
    )
    reports: dict[int, dict[int, dict[str, object]]] = {}
    for placement_id, week, role, hours in CheckIn.objects.filter(
        placement_id__in=[p["pk"] for p in placements]
    ).values_list("placement_id", "week", "role", "hours_worked"):
        reports.setdefault(placement_id, {}).setdefault(week, {})[role] = hours
    counts: dict[str, list[int]] = {}
    for placement in placements:
        row = counts.setdefault(placement["vacancy__kind"], [0, 0, 0, 0])
        completed_up_to = week_of(placement["starts_on"], today) - 1
        row[0] += 1
        row[1] += completed_on_plan(
            placement["plan"], placement["target_hours"], reports.get(placement["pk"], {}), completed_up_to
        )
        if placement["status"] == Placement.Status.ENDED:
            row[2] += 1
            row[3] += placement["ending"] == Placement.Ending.CONTRACT
    rows = [PlacementRow(kind, str(label), *counts.get(kind, [0, 0, 0, 0])) for kind, label in Vacancy.Kind.choices]
    return {
        "placement_rows": rows,
        "placements_started": sum(row.started for row in rows),
    }
