"""Access-scoped lookups for views: what this user may open, or a refusal."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from matching.models import Case


def own_active_case(professional, pk) -> Case:
    """The professional's own case `pk` (404 for anyone else's), refused while the worker has not accepted."""
    case = get_object_or_404(Case.objects.of_professional(professional).select_related("worker"), pk=pk)
    if not case.is_active:
        raise PermissionDenied(_("This worker has not (or no longer) accepted your guidance."))
    return case
