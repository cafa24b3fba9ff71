"""Who may edit, report or record an outcome for a vacancy; with the network rules listings builds on."""

from matching.permissions import has_active_case
from network.models import Role
from network.permissions import (  # noqa: F401 - re-exported: listings' views and services ask this module only
    can_moderate,
    can_publish_in,
    has_mfa,
    has_role,
    is_staff_of,
    mfa_satisfied,
    role_required,
)


def can_edit_vacancy(user, vacancy) -> bool:
    return is_staff_of(user, vacancy.employer)


def can_report(user) -> bool:
    return has_role(user, Role.WORKER, Role.PROFESSIONAL)


def can_record_outcome(user, application) -> bool:
    """The vacancy's employer staff, or the professional guiding the worker who applied."""
    if is_staff_of(user, application.vacancy.employer):
        return True
    return (
        application.worker_id is not None
        and has_role(user, Role.PROFESSIONAL)
        and has_mfa(user)
        and has_active_case(user, application.worker)
    )
