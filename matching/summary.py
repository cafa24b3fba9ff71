"""The fit summary a worker may share with an employer: per FML section green/orange/red, and hours.

Never levels, never free text: only the verdict per section, so an employer learns what to talk
about, not what the worker's limitations are.
"""

from matching.catalogue import get_catalogue
from matching.rules import FitResult, Status, worst

HOURS_KEY = "hours"


def fit_summary(result: FitResult) -> dict[str, str]:
    catalogue = get_catalogue()
    by_section: dict[str, list[Status]] = {section.code: [] for section in catalogue.sections}
    for dimension_result in result.dimensions:
        by_section[dimension_result.dimension.section].append(dimension_result.status)
    summary = {code: str(worst(*statuses)) if statuses else str(Status.GREEN) for code, statuses in by_section.items()}
    summary[HOURS_KEY] = str(result.hours.status)
    return summary
