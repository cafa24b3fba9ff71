"""Who sees a placement, and in which role: the worker, the employer's staff, the worker's professional.

Nobody else learns that it exists (views answer 404). The employer sees the plan and the check-ins,
never the worker's capacity: the placement pages never open the capacity profile.
"""

from matching.models import Case
from matching.permissions import has_active_case
from network.models import Role
from network.permissions import has_mfa, has_role, is_staff_of

WORKER, EMPLOYER, PROFESSIONAL = "worker", "employer", "professional"
CONFIRMING_ROLES = (WORKER, EMPLOYER, PROFESSIONAL)
CHECKING_IN_ROLES = (WORKER, EMPLOYER)
ENDING_ROLES = (EMPLOYER, PROFESSIONAL)


def role_of(user, placement) -> str | None:
    """The user's part in this placement, or None when it is none of their business (or the account is
    deactivated: `has_role` asks that)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.pk == placement.worker_id:
        return WORKER if has_role(user, Role.WORKER) else None
    if is_staff_of(user, placement.vacancy.employer):
        return EMPLOYER
    if has_role(user, Role.PROFESSIONAL) and has_mfa(user) and has_active_case(user, placement.worker):
        return PROFESSIONAL
    return None


def can_edit_plan(user, placement) -> bool:
    return role_of(user, placement) == EMPLOYER


def guided(placement) -> bool:
    """Whether a professional guides the worker now: then the plan needs their confirmation too."""
    return Case.objects.filter(worker_id=placement.worker_id, status=Case.Status.ACTIVE).exists()


def professionals_of(placement) -> list[str]:
    """The e-mail addresses of the professionals who guide the worker now (an active case)."""
    return sorted(
        Case.objects.filter(worker_id=placement.worker_id, status=Case.Status.ACTIVE)
        .values_list("professional__email", flat=True)
        .distinct()
    )
