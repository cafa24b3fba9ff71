"""`{% experiment_notice user %}`: a worker in a running experiment reads what it is and can say "Ik doe niet mee"."""

from django import template

from experiments.selectors import current_assignments
from network.models import Role
from network.permissions import has_role

register = template.Library()


@register.inclusion_tag("experiments/_notice.html", takes_context=True)
def experiment_notice(context, user, compact=False):
    """`compact`: folded to one line (the search page, where the results must stay on the first screen)."""
    is_worker = getattr(user, "is_authenticated", False) and has_role(user, Role.WORKER)
    assignments = context.get("experiment_assignments")  # read by the view already (the search page)
    if assignments is None:
        assignments = list(current_assignments(user)) if is_worker else []
    request = context.get("request")
    return {
        "assignments": assignments,
        "compact": compact,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request is not None else "",
    }
