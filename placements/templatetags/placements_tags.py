"""For the pages of other apps that link to a placement, in one query per page (no query per row):

    {% load placements_tags %}
    {% placements_of applications as placement_of %}      (applications, or rows with an "application")
    {% placement_link placement_of application %}        (the link "Plaatsing en opbouwplan", or nothing)

and `{{ hours|hours }}`: 8 → "8", 12.5 → "12,5" (in Dutch).
"""

from django import template

from matching.placement_rules import hours_text
from placements.models import Placement

register = template.Library()


def _application_id(item):
    if isinstance(item, dict):
        item = item.get("application")
    return getattr(item, "pk", None)


@register.simple_tag
def placements_of(applications) -> dict[int, int]:
    """{application id: placement id} for the applications on the page that have a placement."""
    ids = [pk for pk in (_application_id(item) for item in applications or ()) if pk is not None]
    if not ids:
        return {}
    return dict(Placement.objects.filter(application_id__in=ids).values_list("application_id", "pk"))


@register.inclusion_tag("placements/_link.html")
def placement_link(placement_of, application):
    return {
        "placement_id": (placement_of or {}).get(getattr(application, "pk", None)),
        "title": getattr(getattr(application, "vacancy", None), "title", ""),
    }


@register.filter
def hours(value) -> str:
    return "" if value in (None, "") else hours_text(value)
