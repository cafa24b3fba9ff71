"""Who may read or write a worker's capacity (special-category health data, GDPR art. 9)."""

from matching.models import CapacityProfile, Case, Source
from network.models import Role
from network.permissions import (  # noqa: F401 - re-exported: matching's views and services ask this module only
    has_mfa,
    has_role,
    role_required,
)


def has_active_case(professional, worker) -> bool:
    return Case.objects.active_for(professional).filter(worker=worker).exists()


def can_read_capacity(user, worker) -> bool:
    """The worker themself, or a professional (with two-step verification) the worker accepted. Nobody else."""
    if not user.is_authenticated or worker is None:
        return False
    if user.pk == worker.pk:
        return has_role(user, Role.WORKER)
    return has_role(user, Role.PROFESSIONAL) and has_mfa(user) and has_active_case(user, worker)


def can_write_capacity(user, worker, source: str) -> bool:
    """Professionals enter assessed profiles; a worker self-assesses only while no professional is involved."""
    if not can_read_capacity(user, worker):
        return False
    if user.pk != worker.pk:
        return source != Source.SELF
    if source != Source.SELF or Case.objects.filter(worker=worker, status=Case.Status.ACTIVE).exists():
        return False
    return not CapacityProfile.objects.filter(worker=worker).exclude(source=Source.SELF).exists()
